#include "cpptls/error.hpp"

#include "base/alert.hpp"
#include "conn/api/convert.hpp"

namespace cpptls {
namespace {

// The public codes are the internal ones, number for number, plus the transport's (700 and
// up), which only the code around a connection raises.
constexpr bool same_code(ErrorCode internal, TlsErrorCode published) {
  return static_cast<std::uint16_t>(internal) == static_cast<std::uint16_t>(published);
}
static_assert(same_code(ErrorCode::truncated, TlsErrorCode::truncated));
static_assert(same_code(ErrorCode::duplicate_entry, TlsErrorCode::duplicate_entry));
static_assert(same_code(ErrorCode::record_overflow, TlsErrorCode::record_overflow));
static_assert(same_code(ErrorCode::empty_record, TlsErrorCode::empty_record));
static_assert(same_code(ErrorCode::unsupported_algorithm, TlsErrorCode::unsupported_algorithm));
static_assert(same_code(ErrorCode::random_failure, TlsErrorCode::random_failure));
static_assert(same_code(ErrorCode::unexpected_message, TlsErrorCode::unexpected_message));
static_assert(same_code(ErrorCode::no_application_protocol, TlsErrorCode::no_application_protocol));
static_assert(same_code(ErrorCode::certificate_invalid, TlsErrorCode::certificate_invalid));
static_assert(same_code(ErrorCode::certificate_unsupported, TlsErrorCode::certificate_unsupported));
static_assert(same_code(ErrorCode::buffer_too_small, TlsErrorCode::buffer_too_small));
static_assert(same_code(ErrorCode::invalid_state, TlsErrorCode::invalid_state));
static_assert(same_code(ErrorCode::internal_error, TlsErrorCode::internal_error));
constexpr std::uint16_t kFirstTransportCode = 700;

// An error code's value: the kind in the thousands, the code below (codes stay under 1000).
constexpr int kKindFactor = 1000;
static_assert(static_cast<int>(TlsErrorCode::output_failed) < kKindFactor);

[[nodiscard]] TlsErrorKind kind_of(int value) noexcept {
  return static_cast<TlsErrorKind>(value / kKindFactor);
}
[[nodiscard]] TlsErrorCode code_of(int value) noexcept {
  return static_cast<TlsErrorCode>(value % kKindFactor);
}

// Conditions: one category for kinds, one for codes; the errors' category says which of its
// values each is equivalent to.
class TlsErrorKindCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "cpptls.kind"; }
  [[nodiscard]] std::string message(int value) const override {
    return std::string(cpptls::name(static_cast<TlsErrorKind>(value)));
  }
};

class TlsErrorCodeCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "cpptls.code"; }
  [[nodiscard]] std::string message(int value) const override {
    return std::string(cpptls::name(static_cast<TlsErrorCode>(value)));
  }
};

const TlsErrorKindCategory& kind_category() noexcept {
  static const TlsErrorKindCategory category;
  return category;
}
const TlsErrorCodeCategory& code_category() noexcept {
  static const TlsErrorCodeCategory category;
  return category;
}

class TlsErrorCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "cpptls"; }
  // "certificate error: certificate_expired". The reason is on the TlsError: a category
  // message is fixed per value, and a reason quotes the values of one failure.
  [[nodiscard]] std::string message(int value) const override {
    std::string out(cpptls::name(kind_of(value)));
    out += ": ";
    out += cpptls::name(code_of(value));
    return out;
  }
  [[nodiscard]] std::error_condition default_error_condition(int value) const noexcept override {
    return {static_cast<int>(kind_of(value)), kind_category()};
  }
  [[nodiscard]] bool equivalent(int value,
                                const std::error_condition& condition) const noexcept override {
    if (condition.category() == kind_category())
      return condition.value() == static_cast<int>(kind_of(value));
    if (condition.category() == code_category())
      return condition.value() == static_cast<int>(code_of(value));
    return false;
  }
};

[[nodiscard]] TlsErrorKind public_kind(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::decode:
      return TlsErrorKind::decode;
    case ErrorKind::peer_misbehaved:
      return TlsErrorKind::peer_misbehaved;
    case ErrorKind::peer_incompatible:
      return TlsErrorKind::peer_incompatible;
    case ErrorKind::certificate:
      return TlsErrorKind::certificate;
    case ErrorKind::crypto:
      return TlsErrorKind::crypto;
    case ErrorKind::alert_received:
      return TlsErrorKind::alert_received;
    case ErrorKind::api_misuse:
      return TlsErrorKind::api_misuse;
    case ErrorKind::internal:
      return TlsErrorKind::internal;
  }
  return TlsErrorKind::internal;
}

}  // namespace

std::string TlsError::alert_name() const {
  return cpptls::to_string(static_cast<AlertDescription>(alert_));
}

std::error_code TlsError::error_code() const noexcept {
  return {static_cast<int>(kind_) * kKindFactor + static_cast<int>(code_), tls_error_category()};
}

std::string TlsError::to_string() const {
  std::string out(name(kind_));
  out += " (";
  out += code_name();
  // A transport failure involves no alert.
  if (kind_ != TlsErrorKind::io) {
    out += ", alert ";
    out += alert_name();
  }
  out += "): ";
  out += reason_;
  return out;
}

std::string_view name(TlsErrorKind kind) noexcept {
  switch (kind) {
    case TlsErrorKind::decode:
      return "decode error";
    case TlsErrorKind::peer_misbehaved:
      return "peer misbehaved";
    case TlsErrorKind::peer_incompatible:
      return "peer incompatible";
    case TlsErrorKind::certificate:
      return "certificate error";
    case TlsErrorKind::crypto:
      return "crypto error";
    case TlsErrorKind::alert_received:
      return "alert received";
    case TlsErrorKind::api_misuse:
      return "API misuse";
    case TlsErrorKind::internal:
      return "internal error";
    case TlsErrorKind::io:
      return "I/O error";
  }
  return "unknown error";
}

std::string_view name(TlsErrorCode code) noexcept {
  const auto value = static_cast<std::uint16_t>(code);
  if (value < kFirstTransportCode) return name(static_cast<ErrorCode>(value));
  switch (code) {
    case TlsErrorCode::connection_truncated:
      return "connection_truncated";
    case TlsErrorCode::closed_during_handshake:
      return "closed_during_handshake";
    case TlsErrorCode::timeout:
      return "timeout";
    case TlsErrorCode::connect_failed:
      return "connect_failed";
    case TlsErrorCode::resolve_failed:
      return "resolve_failed";
    case TlsErrorCode::socket_error:
      return "socket_error";
    case TlsErrorCode::send_failed:
      return "send_failed";
    case TlsErrorCode::receive_failed:
      return "receive_failed";
    case TlsErrorCode::bind_failed:
      return "bind_failed";
    case TlsErrorCode::listen_failed:
      return "listen_failed";
    case TlsErrorCode::accept_failed:
      return "accept_failed";
    case TlsErrorCode::output_failed:
      return "output_failed";
    default:
      return "unknown";
  }
}

const std::error_category& tls_error_category() noexcept {
  static const TlsErrorCategory category;
  return category;
}

std::error_condition make_error_condition(TlsErrorKind kind) noexcept {
  return {static_cast<int>(kind), kind_category()};
}

std::error_condition make_error_condition(TlsErrorCode code) noexcept {
  return {static_cast<int>(code), code_category()};
}

namespace api {

TlsError to_public(const Error& error) {
  return TlsError(public_kind(error.kind()), static_cast<TlsErrorCode>(error.code()),
                  static_cast<std::uint8_t>(error.alert()), error.reason());
}

TlsError config_error(std::string reason) {
  return TlsError(TlsErrorKind::api_misuse, TlsErrorCode::invalid_argument,
                  static_cast<std::uint8_t>(AlertDescription::internal_error), std::move(reason));
}

}  // namespace api
}  // namespace cpptls
