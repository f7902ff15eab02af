#pragma once
// Joins handshake messages that records split and splits records that carry several messages
// (RFC 5246 6.2.1, RFC 8446 5.1: "multiple messages of the same ContentType MAY be coalesced
// into a single TLSPlaintext record, or a single message MAY be fragmented across several
// records").
//
// Whole messages inside a record are handed out as views into the record (no copy); only the
// bytes of a message that continues in a later record are copied into a buffer, which grows
// with the bytes actually received (never with a length the peer merely claims) and is bounded
// by limits.hpp as soon as the message's 4-byte header is known.
//
//   reassembler.start_record(record_content);
//   while (true) {
//     auto message = reassembler.next();
//     if (!message) return message.error();  // too long: fatal
//     if (!*message) break;                  // record used up
//     handle(**message);                     // whole encoding: header and body
//   }

#include <cstddef>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace cpptls::conn {

class HandshakeReassembler {
 public:
  // Starts on one handshake record's content, which must stay valid until next() reports the
  // record used up. The previous record must have been used up.
  void start_record(ByteView content) noexcept;

  // The next whole message (its header and body), as a view valid until the next call; nothing
  // once the record is used up (the bytes of an unfinished message are kept); or an error for a
  // message longer than its bound.
  [[nodiscard]] Expected<std::optional<ByteView>> next();

  // True while part of a message is buffered: RFC 8446 5.1 forbids another content type or a
  // key change before the message is complete.
  [[nodiscard]] bool mid_message() const noexcept;
  // True while the current record still holds bytes not handed out.
  [[nodiscard]] bool record_has_more() const noexcept { return !record_.empty(); }

  // Frees the buffer (after the handshake, so that an idle connection holds none).
  void release() noexcept;
  [[nodiscard]] std::size_t buffer_capacity() const noexcept { return partial_.capacity(); }

 private:
  // Appends up to `wanted` bytes from the record to the buffer.
  void take(std::size_t wanted);

  ByteView record_;
  Bytes partial_;
  // The last next() returned the whole buffer: it is cleared on the following call.
  bool delivered_partial_ = false;
};

}  // namespace cpptls::conn
