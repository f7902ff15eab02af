#pragma once
// The one error type of layers 0-3 (no exceptions there). An Error says what kind of failure
// it is, which specific rule was broken, which alert the peer should get, and a reason a
// person can act on.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/alert.hpp"
#include "base/expected.hpp"

namespace cpptls {

enum class ErrorKind : std::uint8_t {
  decode,             // bytes from the peer do not parse
  peer_misbehaved,    // well-formed, but breaks the protocol
  peer_incompatible,  // nothing in common (versions, suites, groups, ALPN)
  certificate,        // the peer's certificate or chain is not acceptable
  crypto,             // a cryptographic check or operation failed
  alert_received,     // the peer sent a fatal alert
  api_misuse,         // the caller broke a precondition
  internal,           // our bug or resource exhaustion
};

// Specific codes. Grouped by the layer that raises them; append, never renumber.
enum class ErrorCode : std::uint16_t {
  // decoding (wire, der, pem)
  truncated = 1,
  trailing_data,
  length_out_of_range,
  invalid_value,
  empty_list,
  duplicate_entry,
  // record layer
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
  // handshake and connection
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
  // caller
  buffer_too_small = 500,
  invalid_argument,
  invalid_state,
  // internal
  internal_error = 600,
};

[[nodiscard]] std::string_view name(ErrorKind kind) noexcept;
[[nodiscard]] std::string_view name(ErrorCode code) noexcept;

// `reason` with its non-printable bytes escaped (printable() with Backslashes::keep); moved
// through unchanged when it has none.
[[nodiscard]] std::string printable_reason(std::string reason);

class Error {
 public:
  // The reason is made printable (base/printable.hpp, backslashes kept): whatever peer text a
  // reason quotes, it reaches a log or a terminal without control characters, even where the
  // code that built it forgot to escape it.
  Error(ErrorKind kind, ErrorCode code, AlertDescription alert, std::string reason)
      : kind_(kind), code_(code), alert_(alert), reason_(printable_reason(std::move(reason))) {}

  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  // The alert this failure sends to the peer.
  [[nodiscard]] AlertDescription alert() const noexcept { return alert_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

  // "decode error (truncated, alert decode_error): <reason>"
  [[nodiscard]] std::string to_string() const;

 private:
  ErrorKind kind_;
  ErrorCode code_;
  AlertDescription alert_;
  std::string reason_;
};

template <class T>
using Expected = BasicExpected<T, Error>;

// `return fail(...)` from any function returning Expected<T>.
[[nodiscard]] inline Unexpected<Error> fail(ErrorKind kind, ErrorCode code, AlertDescription alert,
                                            std::string reason) {
  return Unexpected<Error>(Error(kind, code, alert, std::move(reason)));
}

// The common case of malformed peer bytes: kind decode, alert decode_error.
[[nodiscard]] inline Unexpected<Error> decode_failure(ErrorCode code, std::string reason) {
  return fail(ErrorKind::decode, code, AlertDescription::decode_error, std::move(reason));
}

[[nodiscard]] inline Unexpected<Error> internal_failure(std::string reason) {
  return fail(ErrorKind::internal, ErrorCode::internal_error, AlertDescription::internal_error,
              std::move(reason));
}

[[nodiscard]] inline Unexpected<Error> misuse(ErrorCode code, std::string reason) {
  return fail(ErrorKind::api_misuse, code, AlertDescription::internal_error, std::move(reason));
}

}  // namespace cpptls
