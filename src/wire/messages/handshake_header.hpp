#pragma once
// The framing every handshake message shares (RFC 8446 4, RFC 5246 7.4):
//
//   struct {
//       HandshakeType msg_type;    /* handshake type */
//       uint24 length;             /* remaining bytes in message */
//       opaque body[length];
//   } Handshake;
//
// Only the framing lives here. Joining a message that spans several records (and refusing
// one that is too long for the state it arrives in) is the handshake layer's job.

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// The 4 bytes before every handshake body.
inline constexpr std::size_t kHandshakeHeaderSize = 4;
inline constexpr std::size_t kMaxHandshakeBodySize = 0xffffff;

struct HandshakeMessage {
  HandshakeType type = HandshakeType::hello_request;
  ByteView body;  // a view into the decoded input

  // Reads one whole message; a body that runs past the input fails (truncated) and leaves
  // the reader unmoved. Unknown types are kept: which types are legal depends on the state,
  // which the handshake knows.
  [[nodiscard]] static Expected<HandshakeMessage> decode(Reader& reader);

  void encode(Writer& writer) const;

  friend bool operator==(const HandshakeMessage& a, const HandshakeMessage& b) noexcept;
};

// Appends a whole handshake message to `out`: the header, then whatever `write_body` writes
// through the Writer it is given. Fails (internal_error) only when the body outgrew 2^24-1
// bytes, which is our bug, not the peer's.
template <class WriteBody>
[[nodiscard]] Expected<void> encode_handshake(HandshakeType type, Bytes& out,
                                              WriteBody&& write_body) {
  Writer writer(out);
  writer.u8(static_cast<std::uint8_t>(type));
  {
    auto body = writer.u24_prefixed();
    write_body(writer);
  }
  if (!writer.ok()) return internal_failure("a handshake message body exceeds 2^24-1 bytes");
  return {};
}

[[nodiscard]] Expected<void> encode_handshake(HandshakeType type, ByteView body, Bytes& out);

// For a message struct M with M::kType and M::encode(Writer&).
template <class Message>
[[nodiscard]] Expected<void> encode_handshake(const Message& message, Bytes& out) {
  return encode_handshake(Message::kType, out, [&message](Writer& w) { message.encode(w); });
}

}  // namespace cpptls::wire
