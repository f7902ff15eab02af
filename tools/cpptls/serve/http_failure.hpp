#pragma once
// Why `cpptls serve` cannot answer a request with a file: the HTTP status to send and a reason
// for the log. Every check of the request (its framing, its target, the path it names) fails
// with one of these instead of throwing.

#include <string>

#include "serve/expected.hpp"

namespace cpptls::tool::serve {

struct HttpFailure {
  int status = 400;
  std::string reason;
};

template <class T>
using HttpResult = BasicExpected<T, HttpFailure>;

[[nodiscard]] inline Unexpected<HttpFailure> http_failure(int status, std::string reason) {
  return Unexpected<HttpFailure>(HttpFailure{status, std::move(reason)});
}

}  // namespace cpptls::tool::serve
