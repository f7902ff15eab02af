#include "handshake/common/refusals.hpp"

namespace cpptls::handshake {

Unexpected<Error> unexpected_message(std::string_view state, wire::HandshakeType type,
                                     std::string_view accepted) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
              AlertDescription::unexpected_message,
              "received " + wire::to_string(type) + " (" +
                  std::to_string(static_cast<unsigned>(type)) + ") in state " + std::string(state) +
                  ", which accepts " + std::string(accepted));
}

Unexpected<Error> unexpected_change_cipher_spec(std::string_view state) {
  return fail(
      ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
      AlertDescription::unexpected_message,
      "received change_cipher_spec in state " + std::string(state) + ", which does not accept it");
}

Unexpected<Error> illegal_parameter(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
              AlertDescription::illegal_parameter, std::move(reason));
}

Unexpected<Error> renegotiation_refused(std::string reason) {
  return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
              AlertDescription::no_renegotiation, std::move(reason));
}

}  // namespace cpptls::handshake
