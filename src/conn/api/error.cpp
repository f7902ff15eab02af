#include "cpptls/error.hpp"

#include "base/alert.hpp"
#include "conn/api/convert.hpp"

namespace cpptls {
namespace {

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

std::string TlsError::to_string() const {
  std::string out(name(kind_));
  out += " (";
  out += code_;
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

namespace api {

TlsError to_public(const Error& error) {
  return TlsError(public_kind(error.kind()), std::string(name(error.code())),
                  static_cast<std::uint8_t>(error.alert()), error.reason());
}

TlsError config_error(std::string reason) {
  return TlsError(TlsErrorKind::api_misuse, "invalid_argument",
                  static_cast<std::uint8_t>(AlertDescription::internal_error), std::move(reason));
}

}  // namespace api
}  // namespace cpptls
