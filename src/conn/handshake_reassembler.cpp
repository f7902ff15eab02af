#include "conn/handshake_reassembler.hpp"

#include <algorithm>
#include <string>

#include "conn/limits.hpp"
#include "wire/enums.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::conn {
namespace {

using wire::kHandshakeHeaderSize;

// The whole encoded size of the message whose 4-byte header is `header`, refused when its
// body exceeds the bound for its type: with decode_error, "the length of the message was
// incorrect" (RFC 8446 6.2, RFC 5246 7.2.2), as far as we accept lengths.
[[nodiscard]] Expected<std::size_t> message_size(ByteView header) {
  const auto type = static_cast<wire::HandshakeType>(header[0]);
  const std::size_t body =
      (std::size_t{header[1]} << 16) | (std::size_t{header[2]} << 8) | std::size_t{header[3]};
  const std::size_t limit = max_handshake_body(type);
  if (body > limit) {
    return decode_failure(ErrorCode::length_out_of_range,
                          "handshake message " + wire::to_string(type) + " declares a body of " +
                              std::to_string(body) + " bytes, more than the " +
                              std::to_string(limit) + " this implementation accepts");
  }
  return kHandshakeHeaderSize + body;
}

}  // namespace

void HandshakeReassembler::start_record(ByteView content) noexcept {
  record_ = content;
}

bool HandshakeReassembler::mid_message() const noexcept {
  return !partial_.empty() && !delivered_partial_;
}

void HandshakeReassembler::take(std::size_t wanted) {
  const std::size_t count = std::min(wanted, record_.size());
  partial_.insert(partial_.end(), record_.begin(), record_.begin() + count);
  record_ = record_.subspan(count);
}

Expected<std::optional<ByteView>> HandshakeReassembler::next() {
  if (delivered_partial_) {
    partial_.clear();
    delivered_partial_ = false;
  }
  if (partial_.empty()) {
    if (record_.empty()) return std::nullopt;
    if (record_.size() >= kHandshakeHeaderSize) {
      auto size = message_size(record_.first(kHandshakeHeaderSize));
      if (!size) return Unexpected<Error>(std::move(size.error()));
      if (record_.size() >= *size) {
        const ByteView message = record_.first(*size);
        record_ = record_.subspan(*size);
        return message;
      }
    }
    // The message continues in a later record: keep what this one holds.
    take(record_.size());
    return std::nullopt;
  }

  if (partial_.size() < kHandshakeHeaderSize) {
    take(kHandshakeHeaderSize - partial_.size());
    if (partial_.size() < kHandshakeHeaderSize) return std::nullopt;
  }
  auto size = message_size(ByteView(partial_).first(kHandshakeHeaderSize));
  if (!size) return Unexpected<Error>(std::move(size.error()));
  take(*size - partial_.size());
  if (partial_.size() < *size) return std::nullopt;
  delivered_partial_ = true;
  return ByteView(partial_);
}

void HandshakeReassembler::release() noexcept {
  Bytes().swap(partial_);
  delivered_partial_ = false;
  record_ = {};
}

}  // namespace cpptls::conn
