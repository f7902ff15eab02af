#pragma once
// How X.509 parsing reports malformed input.
//
// Kind decode, alert bad_certificate: the TLS Certificate message around the certificate was
// framed correctly (the wire layer reports framing faults with decode_error), and what is
// wrong is the certificate itself, which RFC 8446 6.2 and RFC 5246 7.2.2 describe exactly:
// "bad_certificate: a certificate was corrupt". Reasons say what and where:
// "extension subjectAltName: dNSName: IA5String contains a non-ASCII byte at offset 412".

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.hpp"

namespace cpptls::x509::der {

// "<what>: <problem> at offset <offset>".
[[nodiscard]] Unexpected<Error> malformed(ErrorCode code, std::string_view what,
                                          std::string_view problem, std::size_t offset);

// Same error, reason prefixed by "<context>: ". Used on the failure path only, so success
// costs nothing.
[[nodiscard]] Unexpected<Error> in_context(Error error, std::string_view context);

// Passes a failure up unchanged: `if (!x) return forward(x);`.
template <class T>
[[nodiscard]] Unexpected<Error> forward(Expected<T>& result) {
  return Unexpected<Error>(std::move(result.error()));
}

}  // namespace cpptls::x509::der
