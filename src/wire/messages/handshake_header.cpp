#include "wire/messages/handshake_header.hpp"

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<HandshakeMessage> HandshakeMessage::decode(Reader& reader) {
  // Read through a copy so that a failure leaves `reader` where it was, like every Reader
  // read: a caller that waits for more bytes can try again from the same place.
  Reader attempt = reader;
  auto type = attempt.u8("handshake message type");
  if (!type) return propagate(type);
  auto body = attempt.u24_prefixed("handshake message body");
  if (!body) return propagate(body);
  reader = attempt;
  return HandshakeMessage{static_cast<HandshakeType>(*type), *body};
}

void HandshakeMessage::encode(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(type));
  auto length = writer.u24_prefixed();
  writer.bytes(body);
}

bool operator==(const HandshakeMessage& a, const HandshakeMessage& b) noexcept {
  return a.type == b.type && same_bytes(a.body, b.body);
}

Expected<void> encode_handshake(HandshakeType type, ByteView body, Bytes& out) {
  return encode_handshake(type, out, [body](Writer& w) { w.bytes(body); });
}

}  // namespace cpptls::wire
