#include "wire/messages/server_hello.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

ExtensionContext ServerHello::extension_context() const noexcept {
  if (is_hello_retry_request()) return ExtensionContext::hello_retry_request;
  // RFC 8446 4.2.1: a server negotiating TLS 1.2 or earlier "MUST NOT send the
  // supported_versions extension", so its presence marks a TLS 1.3 ServerHello.
  if (find_extension(extensions, ExtensionType::supported_versions) != nullptr)
    return ExtensionContext::server_hello;
  return ExtensionContext::server_hello_tls12;
}

Expected<ServerHello> ServerHello::decode(ByteView body) {
  return decode_whole(body, "ServerHello", [](Reader& r) -> Expected<ServerHello> {
    ServerHello out;
    auto version = r.u16("ServerHello legacy_version");
    if (!version) return propagate(version);
    out.legacy_version = static_cast<ProtocolVersion>(*version);
    auto random_bytes = read_random(r, "ServerHello random");
    if (!random_bytes) return propagate(random_bytes);
    out.random = *random_bytes;
    auto session_id = r.u8_prefixed("ServerHello legacy_session_id_echo", 0, kMaxSessionIdSize);
    if (!session_id) return propagate(session_id);
    out.legacy_session_id_echo = *session_id;
    auto suite = r.u16("ServerHello cipher_suite");
    if (!suite) return propagate(suite);
    out.cipher_suite = static_cast<CipherSuite>(*suite);
    auto compression = r.u8("ServerHello legacy_compression_method");
    if (!compression) return propagate(compression);
    out.legacy_compression_method = *compression;
    // RFC 5246 7.4.1.3: a TLS 1.2 hello may end here.
    out.extensions_present = !r.empty();
    if (out.extensions_present) {
      const std::string_view what =
          out.is_hello_retry_request() ? "HelloRetryRequest" : "ServerHello";
      auto block = r.u16_prefixed(std::string(what) + " extensions");
      if (!block) return propagate(block);
      auto list = decode_extension_block(*block, what);
      if (!list) return propagate(list);
      out.extensions = std::move(*list);
    }
    const ExtensionContext context = out.extension_context();
    if (auto allowed = check_extensions_allowed(out.extensions, context); !allowed)
      return propagate(allowed);
    // RFC 8446 4.1.3 names no alert for this MUST; decode_error, as BoringSSL sends.
    if (context != ExtensionContext::server_hello_tls12 && out.legacy_compression_method != 0) {
      return fail(ErrorKind::decode, ErrorCode::invalid_value, AlertDescription::decode_error,
                  std::string(name(context)) + " legacy_compression_method is " +
                      std::to_string(out.legacy_compression_method) +
                      " (RFC 8446 4.1.3: MUST be 0)");
    }
    return out;
  });
}

void ServerHello::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(legacy_version));
  writer.bytes(random);
  {
    auto field = writer.u8_prefixed();
    writer.bytes(legacy_session_id_echo);
  }
  writer.u16(static_cast<std::uint16_t>(cipher_suite));
  writer.u8(legacy_compression_method);
  if (extensions_present) encode_extensions(writer, extensions);
}

bool operator==(const ServerHello& a, const ServerHello& b) noexcept {
  return a.legacy_version == b.legacy_version && a.random == b.random &&
         same_bytes(a.legacy_session_id_echo, b.legacy_session_id_echo) &&
         a.cipher_suite == b.cipher_suite &&
         a.legacy_compression_method == b.legacy_compression_method &&
         a.extensions_present == b.extensions_present && a.extensions == b.extensions;
}

}  // namespace cpptls::wire
