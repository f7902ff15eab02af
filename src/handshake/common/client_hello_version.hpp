#pragma once
// A rule on the ClientHello that holds whatever version the server then speaks, so that both
// versions' servers apply it the same way before they read anything else.

#include "base/error.hpp"
#include "wire/messages/client_hello.hpp"

namespace cpptls::handshake {

// RFC 8446 D.5: "Implementations MUST NOT send a ClientHello.legacy_version or
// ServerHello.legacy_version set to 0x0300 or less. Any endpoint receiving a Hello message with
// ClientHello.legacy_version or ServerHello.legacy_version set to 0x0300 MUST abort the
// handshake with a "protocol_version" alert." A value below 0x0300 names no version at all and
// is refused alike, whatever supported_versions says.
[[nodiscard]] Expected<void> refuse_ssl3_or_older(const wire::ClientHello& hello);

}  // namespace cpptls::handshake
