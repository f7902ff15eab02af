#pragma once
// Cuts the byte stream from the peer into whole records (RFC 8446 5.1, RFC 5246 6.2).
//
// Bytes arrive in chunks of any size: a record may be split over many feeds, and one feed may
// hold many records. The deframer copies what fits into one buffer of kMaxRecordSize bytes,
// allocated when first needed and then reused for every record (no allocation per record),
// and hands out each whole record as a view into that buffer. The view is mutable so that the
// opener decrypts in place.
//
// Memory: an idle connection should hold little (about 12 KB in all), so the connection calls
// release_storage() when it has nothing buffered; the buffer is wiped and freed, and comes back
// on the next feed.
//
// Errors are sticky: once a header is refused, every later next() returns the same error and
// feed() takes nothing.
//
//   std::size_t taken = deframer.feed(chunk);
//   while (true) {
//     auto record = deframer.next();
//     if (!record) return record.error();      // fatal: send record.error().alert()
//     if (!*record) break;                      // needs more bytes
//     open((*record)->header, (*record)->fragment);
//   }
//   chunk = chunk.subspan(taken);              // feed the rest again

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "record/header.hpp"
#include "record/limits.hpp"

namespace cpptls::record {

struct InboundRecord {
  RecordHeader header;
  // header.length bytes, inside the deframer's buffer.
  MutableByteView fragment;
};

class Deframer {
 public:
  Deframer() = default;
  Deframer(const Deframer&) = delete;
  Deframer& operator=(const Deframer&) = delete;
  // A moved-from deframer is empty, as if just built.
  Deframer(Deframer&& other) noexcept;
  Deframer& operator=(Deframer&& other) noexcept;
  ~Deframer();

  // Copies as much of `data` as the buffer can hold and returns how many bytes it took. The
  // caller feeds the rest after taking records out with next(). Takes nothing after an error.
  // Invalidates the record returned by the last next().
  [[nodiscard]] std::size_t feed(ByteView data);

  // The next whole record, nothing if more bytes are needed, or the (sticky) error for a
  // refused header. A header is checked as soon as its 5 bytes are buffered, so an oversized
  // length is refused before its body arrives. The record's fragment stays valid until the
  // next call to feed() or next().
  [[nodiscard]] Expected<std::optional<InboundRecord>> next();

  // The largest fragment the current read state accepts (RecordOpener::max_fragment()):
  // kMaxPlaintext before keys, kMaxTls12Ciphertext or kMaxTls13Ciphertext after. Values
  // above kMaxTls12Ciphertext are lowered to it. Applies from the next header checked.
  void set_max_fragment(std::size_t limit) noexcept;
  [[nodiscard]] std::size_t max_fragment() const noexcept { return max_fragment_; }

  // Wipes and frees the buffer if it holds no bytes; returns true if no buffer is held
  // afterwards.
  bool release_storage() noexcept;

  // Bytes fed but not yet returned as records.
  [[nodiscard]] std::size_t buffered() const noexcept { return end_ - begin_; }
  // True while the buffer is allocated.
  [[nodiscard]] bool holds_storage() const noexcept { return buffer_ != nullptr; }
  [[nodiscard]] bool failed() const noexcept { return error_.has_value(); }

 private:
  // Makes room at the end of the buffer for the record that starts at begin_, moving the
  // buffered bytes to the front only when that record could not fit otherwise.
  void make_room() noexcept;
  void free_buffer() noexcept;

  std::unique_ptr<std::uint8_t[]> buffer_;  // kMaxRecordSize bytes, or null
  std::size_t begin_ = 0;                   // first byte not yet returned in a record
  std::size_t end_ = 0;                     // one past the last byte fed
  std::size_t used_ = 0;  // how much of the buffer was ever written: what free_buffer() wipes
  std::size_t max_fragment_ = kMaxPlaintext;
  std::optional<Error> error_;
};

}  // namespace cpptls::record
