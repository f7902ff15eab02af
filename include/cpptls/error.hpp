#pragma once
// The error every fallible call of the public API returns: what kind of failure it is, the
// specific rule that was broken, the TLS alert involved and a reason a person can act on
// ("certificate for www.example.org does not match host example.com").
//
// After a connection fails it returns the same error from every later call.

#include <cstdint>
#include <string>
#include <string_view>
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

class TlsError {
 public:
  // `code` is the specific rule's name ("bad_record_mac", "certificate_expired"); `alert` the
  // TLS alert sent to the peer, or for alert_received the one the peer sent (0 and
  // meaningless for kind io).
  TlsError(TlsErrorKind kind, std::string code, std::uint8_t alert, std::string reason)
      : kind_(kind), code_(std::move(code)), alert_(alert), reason_(std::move(reason)) {}

  [[nodiscard]] TlsErrorKind kind() const noexcept { return kind_; }
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  // The alert's number (RFC 8446 6, RFC 5246 7.2) and its registry name ("handshake_failure",
  // "unknown(0xNN)" for a value without a name).
  [[nodiscard]] std::uint8_t alert() const noexcept { return alert_; }
  [[nodiscard]] std::string alert_name() const;
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

  // "alert received (peer_alert, alert handshake_failure): <reason>"; no alert for kind io.
  [[nodiscard]] std::string to_string() const;

 private:
  TlsErrorKind kind_;
  std::string code_;
  std::uint8_t alert_;
  std::string reason_;
};

// "decode error", "alert received", "I/O error", ...
[[nodiscard]] std::string_view name(TlsErrorKind kind) noexcept;

}  // namespace cpptls
