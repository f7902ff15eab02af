#include "base/error.hpp"

#include <utility>

#include "base/printable.hpp"

namespace cpptls {

std::string_view name(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::decode:
      return "decode error";
    case ErrorKind::peer_misbehaved:
      return "peer misbehaved";
    case ErrorKind::peer_incompatible:
      return "peer incompatible";
    case ErrorKind::certificate:
      return "certificate error";
    case ErrorKind::crypto:
      return "crypto error";
    case ErrorKind::alert_received:
      return "alert received";
    case ErrorKind::api_misuse:
      return "API misuse";
    case ErrorKind::internal:
      return "internal error";
  }
  return "unknown error";
}

std::string_view name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::truncated:
      return "truncated";
    case ErrorCode::trailing_data:
      return "trailing_data";
    case ErrorCode::length_out_of_range:
      return "length_out_of_range";
    case ErrorCode::invalid_value:
      return "invalid_value";
    case ErrorCode::empty_list:
      return "empty_list";
    case ErrorCode::duplicate_entry:
      return "duplicate_entry";
    case ErrorCode::record_overflow:
      return "record_overflow";
    case ErrorCode::bad_record_mac:
      return "bad_record_mac";
    case ErrorCode::bad_record_header:
      return "bad_record_header";
    case ErrorCode::unexpected_content_type:
      return "unexpected_content_type";
    case ErrorCode::sequence_exhausted:
      return "sequence_exhausted";
    case ErrorCode::empty_record:
      return "empty_record";
    case ErrorCode::unsupported_algorithm:
      return "unsupported_algorithm";
    case ErrorCode::invalid_key:
      return "invalid_key";
    case ErrorCode::invalid_public_value:
      return "invalid_public_value";
    case ErrorCode::bad_signature:
      return "bad_signature";
    case ErrorCode::key_parse_failed:
      return "key_parse_failed";
    case ErrorCode::crypto_library_failure:
      return "crypto_library_failure";
    case ErrorCode::random_failure:
      return "random_failure";
    case ErrorCode::unexpected_message:
      return "unexpected_message";
    case ErrorCode::handshake_failure:
      return "handshake_failure";
    case ErrorCode::protocol_version:
      return "protocol_version";
    case ErrorCode::illegal_parameter:
      return "illegal_parameter";
    case ErrorCode::missing_extension:
      return "missing_extension";
    case ErrorCode::bad_finished:
      return "bad_finished";
    case ErrorCode::peer_alert:
      return "peer_alert";
    case ErrorCode::no_application_protocol:
      return "no_application_protocol";
    case ErrorCode::certificate_invalid:
      return "certificate_invalid";
    case ErrorCode::certificate_expired:
      return "certificate_expired";
    case ErrorCode::certificate_untrusted:
      return "certificate_untrusted";
    case ErrorCode::certificate_name_mismatch:
      return "certificate_name_mismatch";
    case ErrorCode::certificate_unsupported:
      return "certificate_unsupported";
    case ErrorCode::buffer_too_small:
      return "buffer_too_small";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::invalid_state:
      return "invalid_state";
    case ErrorCode::internal_error:
      return "internal_error";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string out(name(kind_));
  out += " (";
  out += name(code_);
  out += ", alert ";
  out += cpptls::to_string(alert_);
  out += "): ";
  out += reason_;
  return out;
}

std::string printable_reason(std::string reason) {
  if (is_printable(reason, Backslashes::keep)) return reason;
  return printable(reason, Backslashes::keep);
}

}  // namespace cpptls
