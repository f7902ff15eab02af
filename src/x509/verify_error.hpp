#pragma once
// The errors of certificate verification (kind certificate), one helper per code with the
// alert verify.hpp lists for it, so that every rule reports the same way.

#include <string>

#include "base/error.hpp"

namespace cpptls::x509::detail {

// certificate_invalid, alert bad_certificate: a rule of RFC 5280 or the CA/B Forum broken.
[[nodiscard]] inline Unexpected<Error> invalid(std::string reason) {
  return fail(ErrorKind::certificate, ErrorCode::certificate_invalid,
              AlertDescription::bad_certificate, std::move(reason));
}

// certificate_expired, alert certificate_expired: outside the validity period.
[[nodiscard]] inline Unexpected<Error> expired(std::string reason) {
  return fail(ErrorKind::certificate, ErrorCode::certificate_expired,
              AlertDescription::certificate_expired, std::move(reason));
}

// certificate_untrusted, alert unknown_ca: no path to a trust anchor.
[[nodiscard]] inline Unexpected<Error> untrusted(std::string reason) {
  return fail(ErrorKind::certificate, ErrorCode::certificate_untrusted,
              AlertDescription::unknown_ca, std::move(reason));
}

// certificate_unsupported, alert unsupported_certificate: a key or signature algorithm
// refused.
[[nodiscard]] inline Unexpected<Error> unsupported(std::string reason) {
  return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
              AlertDescription::unsupported_certificate, std::move(reason));
}

}  // namespace cpptls::x509::detail
