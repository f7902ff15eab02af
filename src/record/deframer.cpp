#include "record/deframer.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "base/wipe.hpp"
#include "wire/reader.hpp"

namespace cpptls::record {
namespace {

constexpr std::size_t kCapacity = kMaxRecordSize;

}  // namespace

Deframer::Deframer(Deframer&& other) noexcept
    : buffer_(std::move(other.buffer_)),
      begin_(std::exchange(other.begin_, 0)),
      end_(std::exchange(other.end_, 0)),
      used_(std::exchange(other.used_, 0)),
      max_fragment_(std::exchange(other.max_fragment_, kMaxPlaintext)),
      error_(std::exchange(other.error_, std::nullopt)) {}

Deframer& Deframer::operator=(Deframer&& other) noexcept {
  if (this != &other) {
    free_buffer();
    buffer_ = std::move(other.buffer_);
    begin_ = std::exchange(other.begin_, 0);
    end_ = std::exchange(other.end_, 0);
    used_ = std::exchange(other.used_, 0);
    max_fragment_ = std::exchange(other.max_fragment_, kMaxPlaintext);
    error_ = std::exchange(other.error_, std::nullopt);
  }
  return *this;
}

Deframer::~Deframer() {
  free_buffer();
}

void Deframer::set_max_fragment(std::size_t limit) noexcept {
  max_fragment_ = std::min(limit, kMaxTls12Ciphertext);
}

std::size_t Deframer::feed(ByteView data) {
  if (error_ || data.empty()) return 0;
  if (!buffer_) buffer_ = std::make_unique_for_overwrite<std::uint8_t[]>(kCapacity);
  make_room();
  const std::size_t taken = std::min(data.size(), kCapacity - end_);
  if (taken == 0) return 0;  // full of whole records: the caller takes them with next()
  std::memcpy(buffer_.get() + end_, data.data(), taken);  // taken <= free space, checked above
  end_ += taken;
  used_ = std::max(used_, end_);
  return taken;
}

void Deframer::make_room() noexcept {
  if (begin_ == end_) {
    begin_ = end_ = 0;
    return;
  }
  // How far the record at begin_ reaches: its header, or all of it once the length is known.
  // The length is not checked yet (next() does that); it is only bounded by the buffer here.
  std::size_t needed = kHeaderSize;
  if (end_ - begin_ >= kHeaderSize) {
    const std::size_t length =
        (std::size_t{buffer_[begin_ + 3]} << 8) | std::size_t{buffer_[begin_ + 4]};
    needed = std::min(kHeaderSize + length, kCapacity);
  }
  const bool record_cannot_fit = kCapacity - begin_ < needed;
  const bool buffer_full = end_ == kCapacity;
  if (begin_ > 0 && (record_cannot_fit || buffer_full)) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
}

Expected<std::optional<InboundRecord>> Deframer::next() {
  if (error_) return Unexpected<Error>(*error_);
  const std::size_t available = end_ - begin_;
  if (available < kHeaderSize) return std::nullopt;

  wire::Reader reader(ByteView(buffer_.get() + begin_, available));
  auto header = RecordHeader::decode(reader, max_fragment_);
  if (!header) {
    error_ = std::move(header.error());
    free_buffer();
    begin_ = end_ = 0;
    return Unexpected<Error>(*error_);
  }
  const std::size_t total = kHeaderSize + header->length;
  if (available < total) return std::nullopt;

  const MutableByteView fragment(buffer_.get() + begin_ + kHeaderSize, header->length);
  begin_ += total;
  return InboundRecord{*header, fragment};
}

bool Deframer::release_storage() noexcept {
  if (begin_ != end_) return false;
  free_buffer();
  begin_ = end_ = 0;
  return true;
}

void Deframer::free_buffer() noexcept {
  if (!buffer_) return;
  // The buffer held decrypted application data; leave none of it in freed memory. Bytes past
  // used_ were never written (a connection exchanging short records frees its buffer after
  // each, so wiping all 16 KiB would cost more than the record).
  secure_wipe(buffer_.get(), used_);
  used_ = 0;
  buffer_.reset();
}

}  // namespace cpptls::record
