#pragma once
// The one table of which handshake message may carry which extension: RFC 8446 4.2 for the
// TLS 1.3 messages, and for the TLS 1.2 ServerHello the RFC that defines each extension.
// A ClientHello serves every version, so it may carry every extension defined for either.

#include <cstdint>
#include <string_view>

#include "wire/enums.hpp"

namespace cpptls::wire {

// The columns of the table. A ServerHello is read as TLS 1.3 when it carries
// supported_versions (RFC 8446 4.2.1: a server negotiating TLS 1.2 or earlier MUST NOT send
// it) and as a HelloRetryRequest when its random is the special value of RFC 8446 4.1.3.
enum class ExtensionContext : std::uint8_t {
  client_hello,          // CH
  server_hello_tls12,    // RFC 5246 ServerHello
  server_hello,          // SH (TLS 1.3)
  hello_retry_request,   // HRR
  encrypted_extensions,  // EE
  certificate_entry,     // CT: the extensions of one TLS 1.3 CertificateEntry
  certificate_request,   // CR (TLS 1.3)
  new_session_ticket,    // NST (TLS 1.3)
};

enum class Permission : std::uint8_t {
  allowed,
  forbidden,  // a known extension that this message may not carry
  unknown,    // not in the table: passes through for the handshake to ignore
};

[[nodiscard]] Permission permission(ExtensionType type, ExtensionContext context) noexcept;

// "ClientHello", "TLS 1.2 ServerHello", "HelloRetryRequest", ...
[[nodiscard]] std::string_view name(ExtensionContext context) noexcept;

}  // namespace cpptls::wire
