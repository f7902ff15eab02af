#pragma once
// The error every fallible call of the public API returns: what kind of failure it is, the
// specific rule that was broken, the TLS alert involved and a reason a person can act on
// ("certificate for www.example.org does not match host example.com").
//
// After a connection fails it returns the same error from every later call.
//
// Errors work with <system_error>: error.error_code() is a std::error_code in
// cpptls::tls_error_category() that compares equal to its code and to its kind,
//   if (ec == cpptls::TlsErrorCode::certificate_expired) ...
//   if (ec == cpptls::TlsErrorKind::certificate) ...
// and whose message() names both ("certificate error: certificate_expired"); the reason, which
// quotes the values involved, is on the TlsError.
//
// Thread-safety: TlsError is a value; the category is immutable and safe to use from any
// thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace cpptls {

enum class TlsErrorKind : std::uint8_t {
  decode,             // bytes from the peer do not parse
  peer_misbehaved,    // well-formed, but breaks the protocol
  peer_incompatible,  // nothing in common (versions, suites, groups, ALPN)
  certificate,        // the peer's certificate or chain is not acceptable
  crypto,             // a cryptographic check or operation failed (e.g. bad_record_mac)
  alert_received,     // the peer sent a fatal alert; alert() names it
  api_misuse,         // the caller broke a precondition (or a configuration is invalid)
  internal,           // our bug or resource exhaustion
  io,                 // the transport failed: closed without close_notify, timeout, socket
};

// The specific rule that was broken. The numbers are stable (new codes are appended, none is
// renumbered); name(code) is the code's stable name ("bad_record_mac"), for logs and tests.
enum class TlsErrorCode : std::uint16_t {
  // malformed bytes (TLS messages, DER, PEM)
  truncated = 1,
  trailing_data,
  length_out_of_range,
  invalid_value,
  empty_list,
  duplicate_entry,
  // the record layer
  record_overflow = 100,
  bad_record_mac,
  bad_record_header,
  unexpected_content_type,
  sequence_exhausted,
  empty_record,
  // cryptography
  unsupported_algorithm = 200,
  invalid_key,
  invalid_public_value,
  bad_signature,
  key_parse_failed,
  crypto_library_failure,
  random_failure,
  // the handshake and the connection
  unexpected_message = 300,
  handshake_failure,
  protocol_version,
  illegal_parameter,
  missing_extension,
  bad_finished,
  peer_alert,
  no_application_protocol,
  // certificates
  certificate_invalid = 400,
  certificate_expired,
  certificate_untrusted,
  certificate_name_mismatch,
  certificate_unsupported,
  // the caller
  buffer_too_small = 500,
  invalid_argument,
  invalid_state,
  // our bug or resource exhaustion
  internal_error = 600,
  // the transport (kind io), from blocking streams and tools around a connection
  connection_truncated = 700,  // the transport ended without close_notify
  closed_during_handshake,     // close_notify before the handshake completed
  timeout,
  connect_failed,
  resolve_failed,
  socket_error,
  send_failed,
  receive_failed,
  bind_failed,
  listen_failed,
  accept_failed,
  output_failed,  // a local file or the standard output could not be written
};

// "bad_record_mac", "connection_truncated"; "unknown" for a value without a name.
[[nodiscard]] std::string_view name(TlsErrorCode code) noexcept;

class TlsError {
 public:
  // `code` is the specific rule; `alert` the TLS alert sent to the peer, or for
  // alert_received the one the peer sent (0 and meaningless for kind io).
  TlsError(TlsErrorKind kind, TlsErrorCode code, std::uint8_t alert, std::string reason)
      : kind_(kind), code_(code), alert_(alert), reason_(std::move(reason)) {}

  [[nodiscard]] TlsErrorKind kind() const noexcept { return kind_; }
  [[nodiscard]] TlsErrorCode code() const noexcept { return code_; }
  // name(code()): "bad_record_mac".
  [[nodiscard]] std::string_view code_name() const noexcept { return name(code_); }
  // This error as a std::error_code in tls_error_category(); see the top of this file.
  [[nodiscard]] std::error_code error_code() const noexcept;
  // The alert's number (RFC 8446 6, RFC 5246 7.2) and its registry name ("handshake_failure",
  // "unknown(0xNN)" for a value without a name).
  [[nodiscard]] std::uint8_t alert() const noexcept { return alert_; }
  [[nodiscard]] std::string alert_name() const;
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

  // "alert received (peer_alert, alert handshake_failure): <reason>"; no alert for kind io.
  [[nodiscard]] std::string to_string() const;

 private:
  TlsErrorKind kind_;
  TlsErrorCode code_;
  std::uint8_t alert_;
  std::string reason_;
};

// "decode error", "alert received", "I/O error", ...
[[nodiscard]] std::string_view name(TlsErrorKind kind) noexcept;

// The category of TlsError::error_code(): a value holds both the kind and the code, so an
// error code compares equal to either (as error conditions).
[[nodiscard]] const std::error_category& tls_error_category() noexcept;
// The conditions an error code compares with: ec == TlsErrorKind::certificate,
// ec == TlsErrorCode::bad_record_mac.
[[nodiscard]] std::error_condition make_error_condition(TlsErrorKind kind) noexcept;
[[nodiscard]] std::error_condition make_error_condition(TlsErrorCode code) noexcept;

}  // namespace cpptls

template <>
struct std::is_error_condition_enum<cpptls::TlsErrorKind> : std::true_type {};
template <>
struct std::is_error_condition_enum<cpptls::TlsErrorCode> : std::true_type {};
