#pragma once
// The errors every state machine raises the same way, so that their reasons read alike:
// a message or a change_cipher_spec the current state does not accept (unexpected_message),
// a value the peer chose against the rules (illegal_parameter), and a renegotiation attempt.

#include <string>
#include <string_view>

#include "base/error.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake {

// "received certificate (11) in state ExpectServerHelloDone, which accepts
// server_hello_done": RFC 5246 7.4 / RFC 8446 4, alert unexpected_message.
[[nodiscard]] Unexpected<Error> unexpected_message(std::string_view state, wire::HandshakeType type,
                                                   std::string_view accepted);
[[nodiscard]] Unexpected<Error> unexpected_change_cipher_spec(std::string_view state);

// A well-formed value that breaks a rule: kind peer_misbehaved, code illegal_parameter.
[[nodiscard]] Unexpected<Error> illegal_parameter(std::string reason);

// RFC 5746 and RFC 5246 7.4.1.1: renegotiation is never carried out; the connection answers
// with a no_renegotiation alert.
[[nodiscard]] Unexpected<Error> renegotiation_refused(std::string reason);

}  // namespace cpptls::handshake
