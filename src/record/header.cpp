#include "record/header.hpp"

#include <string>
#include <string_view>

#include "base/hex.hpp"

namespace cpptls::record {
namespace {

[[nodiscard]] bool is_known_content_type(std::uint8_t type) noexcept {
  switch (static_cast<ContentType>(type)) {
    case ContentType::change_cipher_spec:
    case ContentType::alert:
    case ContentType::handshake:
    case ContentType::application_data:
      return true;
    case ContentType::invalid:
    case ContentType::heartbeat:
      return false;
  }
  return false;
}

// What five bytes of plain text in place of a record header say about the peer, for the
// reason: the most common cause is a port that speaks plain HTTP, or a client that sends HTTP
// to a TLS port. Empty when the bytes are not all printable ASCII.
[[nodiscard]] std::string plain_text_hint(ByteView header) {
  std::string text;
  for (const std::uint8_t byte : header) {
    if (byte < 0x20 || byte > 0x7e) return {};
    text += static_cast<char>(byte);
  }
  const auto starts = [&](std::string_view prefix) { return text.starts_with(prefix); };
  if (starts("CONNE"))
    return "; the peer sent an HTTP proxy request (\"" + text +
           "\"): this port speaks TLS, not an HTTP proxy";
  if (starts("GET ") || starts("POST ") || starts("HEAD ") || starts("PUT ") || starts("DELET") ||
      starts("OPTIO") || starts("PATCH"))
    return "; the peer sent an HTTP request (\"" + text +
           "\"): this port speaks TLS, not plain HTTP";
  if (starts("HTTP/"))
    return "; the peer answered in plain HTTP (\"" + text + "\"): that port speaks HTTP, not TLS";
  return "; the bytes \"" + text +
         "\" are plain text: the peer speaks another protocol on this port, not TLS";
}

}  // namespace

Expected<RecordHeader> RecordHeader::decode(wire::Reader& reader, std::size_t max_length) {
  // Read from a copy and commit only on success, so that a refused header leaves the cursor
  // where it was (the Reader convention).
  wire::Reader cursor = reader;
  auto bytes = cursor.bytes(kHeaderSize, "record header");
  if (!bytes) return Unexpected<Error>(std::move(bytes.error()));
  const ByteView h = *bytes;
  const std::uint8_t type = h[0];
  const auto version = static_cast<std::uint16_t>((h[1] << 8) | h[2]);
  const auto length = static_cast<std::uint16_t>((h[3] << 8) | h[4]);

  // RFC 8446 5: "If a TLS implementation receives an unexpected record type, it MUST terminate
  // the connection with an unexpected_message alert" (RFC 5246 6 says the same). Heartbeat
  // (24) is never negotiated, so it is as unexpected as an unassigned value.
  if (!is_known_content_type(type)) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_content_type,
                AlertDescription::unexpected_message,
                "record content type " + std::to_string(type) +
                    " is not change_cipher_spec (20), alert (21), handshake (22) or "
                    "application_data (23)" +
                    plain_text_hint(h));
  }
  // ProtocolVersion is {3, minor} in every TLS version (RFC 5246 6.2.1, Appendix E; RFC 8446
  // 5.1 lets the minor byte vary but the record is not TLS at all otherwise). Refused with
  // protocol_version, the alert BoringSSL and OpenSSL send for it (neither RFC names one), so
  // that a peer speaking another version reads the same refusal from all three.
  if ((version >> 8) != 3) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::bad_record_header,
                AlertDescription::protocol_version,
                "record version 0x" + to_hex_u16(version) + " does not have major version 3");
  }
  // RFC 8446 5.1 (2^14 for plaintext), 5.2 (2^14 + 256 for TLS 1.3 ciphertext), RFC 5246
  // 6.2.3 (2^14 + 2048 for TLS 1.2 ciphertext): refused with record_overflow as soon as the
  // header is read, before any of the body arrives.
  if (length > max_length) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::record_overflow,
                AlertDescription::record_overflow,
                "record length " + std::to_string(length) + " exceeds the limit of " +
                    std::to_string(max_length) + " bytes for the current read state");
  }
  reader = cursor;
  return RecordHeader{static_cast<ContentType>(type), version, length};
}

void RecordHeader::encode(std::span<std::uint8_t, kHeaderSize> out) const noexcept {
  out[0] = static_cast<std::uint8_t>(type);
  out[1] = static_cast<std::uint8_t>(version >> 8);
  out[2] = static_cast<std::uint8_t>(version);
  out[3] = static_cast<std::uint8_t>(length >> 8);
  out[4] = static_cast<std::uint8_t>(length);
}

}  // namespace cpptls::record
