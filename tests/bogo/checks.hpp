#pragma once
// What the runner asked the shim to verify about a completed handshake (the -expect-* flags,
// and the checks BoringSSL's shim always makes: resumption as expected, ALPN as configured).

#include "cpptls/connection.hpp"

#include "flags.hpp"
#include "status.hpp"

namespace cpptls::bogo {

// `session_signature`: the peer signature scheme of the full handshake that made the session
// (set by a full handshake, read by a resumption).
[[nodiscard]] Status check_handshake(const SessionInfo& session, const ConnectionFlags& flags,
                                     bool is_server, bool is_resume,
                                     std::uint16_t& session_signature);

}  // namespace cpptls::bogo
