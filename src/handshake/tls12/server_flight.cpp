// The end of the server's handshake (RFC 5246 7.4.7-7.4.9): the seed's steps 4 to 10 from the
// server's side.
#include <utility>

#include "handshake/tls12/server.hpp"
#include "handshake/tls12/server_params.hpp"
#include "wire/messages/client_key_exchange.hpp"

namespace cpptls::hs12 {

ServerHandshake::Step ServerHandshake::accept_client_key_exchange(
    server::ExpectClientKeyExchange& s, ByteView body, ByteView encoded) {
  Expected<SecretBytes> premaster = [&]() -> Expected<SecretBytes> {
    if (s.share != nullptr) {
      auto message = wire::ClientKeyExchangeEcdhe::decode(body);
      if (!message) return Unexpected<Error>(std::move(message.error()));
      if (auto valid = check_ecdhe_public_value(s.share->group(), message->public_point,
                                                "ClientKeyExchange");
          !valid) {
        return Unexpected<Error>(std::move(valid.error()));
      }
      return s.share->derive(message->public_point);
    }
    // The seed's step 4 received. RFC 5246 7.4.7.1: a bad padding or version yields random
    // bytes, not an error, so the failure shows only at the client's Finished.
    auto message = wire::ClientKeyExchangeRsa::decode(body);
    if (!message) return Unexpected<Error>(std::move(message.error()));
    return credential().key->decrypt_premaster(message->encrypted_pre_master_secret,
                                               s.client_version);
  }();
  if (!premaster) return Unexpected<Error>(std::move(premaster.error()));
  s.transcript.add(encoded);

  // The seed's steps 5 and 6.
  auto session =
      derive_session_keys(provider(), s.negotiated, PremasterSecret(std::move(*premaster)),
                          s.transcript, settings_.key_log);
  if (!session) return Unexpected<Error>(std::move(session.error()));
  return server::ExpectChangeCipherSpec{std::move(s.transcript), s.negotiated,
                                        std::move(session->master), std::move(session->keys)};
}

ServerHandshake::Step ServerHandshake::accept_finished(server::ExpectFinished& s, ByteView body,
                                                       ByteView encoded, handshake::Output& out) {
  // The seed's step 8 received: the client proves it holds the same keys.
  if (auto checked =
          check_finished(provider(), s.negotiated, s.master, Sender::client, s.transcript, body);
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  s.transcript.add(encoded);
  auto finished = make_finished(provider(), s.negotiated, s.master, Sender::server, s.transcript);
  if (!finished) return Unexpected<Error>(std::move(finished.error()));
  // The seed's steps 9 and 10.
  out.send_change_cipher_spec();
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls12, std::move(s.server_write));
  out.send(std::move(*finished));
  out.complete();
  return server::Connected{};
}

}  // namespace cpptls::hs12
