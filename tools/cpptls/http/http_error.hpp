#pragma once
// The errors of the HTTP client code of `cpptls get`, as the public TlsError so that the
// command reports them like every other failure (only reason() reaches the user).

#include <string>

#include "cpptls/error.hpp"

namespace cpptls::tool::http {

// A URL the user gave (or a Location the server sent) that cpptls get cannot fetch.
[[nodiscard]] inline TlsError url_error(std::string reason) {
  return TlsError(TlsErrorKind::api_misuse, TlsErrorCode::invalid_argument, 0, std::move(reason));
}

// A response that breaks HTTP/1.1 framing or one of our bounds (RFC 9112); `code` is
// truncated for one that ends early.
[[nodiscard]] inline TlsError response_error(std::string reason,
                                             TlsErrorCode code = TlsErrorCode::invalid_value) {
  return TlsError(TlsErrorKind::decode, code, 0, std::move(reason));
}

}  // namespace cpptls::tool::http
