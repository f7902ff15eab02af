#pragma once
// What the runner asked the shim to verify about a completed handshake (the -expect-* flags,
// and the checks BoringSSL's shim always makes: resumption as expected, ALPN as configured).

#include "cpptls/connection.hpp"

#include "flags.hpp"
#include "status.hpp"

namespace cpptls::bogo {

[[nodiscard]] Status check_handshake(const SessionInfo& session, const ConnectionFlags& flags,
                                     bool is_server, bool is_resume);

}  // namespace cpptls::bogo
