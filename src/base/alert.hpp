#pragma once
// TLS alerts (RFC 8446 6, RFC 5246 7.2). They live in base because every Error carries the
// alert that its failure should send to the peer.

#include <cstdint>
#include <string>
#include <string_view>

namespace cpptls {

enum class AlertLevel : std::uint8_t { warning = 1, fatal = 2 };

// Keeps unknown values: a peer may send any byte.
enum class AlertDescription : std::uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  decryption_failed = 21,
  record_overflow = 22,
  decompression_failure = 30,
  handshake_failure = 40,
  no_certificate = 41,
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  access_denied = 49,
  decode_error = 50,
  decrypt_error = 51,
  export_restriction = 60,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,
  user_canceled = 90,
  no_renegotiation = 100,
  missing_extension = 109,
  unsupported_extension = 110,
  certificate_unobtainable = 111,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  bad_certificate_hash_value = 114,
  unknown_psk_identity = 115,
  certificate_required = 116,
  no_application_protocol = 120,
};

// The registry name ("bad_record_mac"), or an empty view for a value we do not know.
[[nodiscard]] std::string_view name(AlertDescription alert) noexcept;
// The registry name, or "unknown(0xNN)".
[[nodiscard]] std::string to_string(AlertDescription alert);

}  // namespace cpptls
