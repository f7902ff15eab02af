#pragma once
// The shapes of the connection layer's own failures.

#include <string>

#include "base/error.hpp"

namespace cpptls::conn {

// RFC 5246 7.2.2, RFC 8446 6.2: "an inappropriate message (e.g., the wrong handshake message,
// premature application data, etc.) was received".
[[nodiscard]] inline Unexpected<Error> unexpected_message(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
              AlertDescription::unexpected_message, std::move(reason));
}

[[nodiscard]] inline Unexpected<Error> invalid_state(std::string reason) {
  return misuse(ErrorCode::invalid_state, std::move(reason));
}

}  // namespace cpptls::conn
