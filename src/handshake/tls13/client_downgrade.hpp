#pragma once
// RFC 8446 4.1.3 downgrade protection, the client's half: a TLS 1.3 server that negotiates an
// older version writes a sentinel into the last 8 bytes of its random. A client that offered
// TLS 1.3 and receives a TLS 1.2 (or older) ServerHello carrying either sentinel "MUST abort
// the handshake with an illegal_parameter alert": someone removed TLS 1.3 from its hello.

#include "base/error.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::hs13 {

// For a ServerHello that negotiates TLS 1.2 or below, answering a ClientHello that offered
// TLS 1.3: illegal_parameter when its random ends in "DOWNGRD" 01 or 00.
[[nodiscard]] Expected<void> check_no_downgrade(const wire::ServerHello& hello);

}  // namespace cpptls::hs13
