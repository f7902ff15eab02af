#pragma once
// What the runner asked the shim to verify about a completed handshake (the -expect-* flags,
// and the checks BoringSSL's shim always makes: resumption as expected, ALPN as configured).

#include "cpptls/connection.hpp"

#include "flags.hpp"
#include "status.hpp"
#include "verifier.hpp"

namespace cpptls::bogo {

// `session_signature`: the peer signature scheme of the full handshake that made the session
// (set by a full handshake, read by a resumption).
[[nodiscard]] Status check_handshake(const SessionInfo& session, const ConnectionFlags& flags,
                                     bool is_server, bool is_resume,
                                     std::uint16_t& session_signature);

// -expect-verify-result (what the session's verification found, as BoringSSL's
// SSL_get_verify_result) and -expect-peer-cert-file (the peer's chain as sent, leaf first).
[[nodiscard]] Status check_peer_certificates(const SessionInfo& session,
                                             const ConnectionFlags& flags,
                                             const VerifyRecord& record);

}  // namespace cpptls::bogo
