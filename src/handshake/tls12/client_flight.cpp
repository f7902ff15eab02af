// The client's second flight and the end of its handshake: handshake steps 4 to 10 from the
// client's side (RFC 5246 7.4.5-7.4.9).
#include <string>
#include <utility>

#include "handshake/tls12/client.hpp"
#include "wire/messages/client_key_exchange.hpp"
#include "wire/messages/empty_messages.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs12 {
namespace {

template <class Message>
Expected<void> append(const Message& message, Bytes& out) {
  return wire::encode_handshake(message, out);
}

}  // namespace

ClientHandshake::Step ClientHandshake::accept_server_hello_done(client::ExpectServerHelloDone& s,
                                                                ByteView body, ByteView encoded,
                                                                handshake::Output& out) {
  if (auto empty = wire::ServerHelloDone::decode(body); !empty)
    return Unexpected<Error>(std::move(empty.error()));
  // Handshake step 3 ends here: nothing goes to a server whose key may not be used so.
  auto server = authenticated_server(s);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  s.transcript.add(encoded);

  // RFC 5246 7.4.6: asked for a certificate, the client sends its own or an empty list.
  Bytes flight;
  if (s.certificate_requested) {
    auto certificate = certificate_message(s);
    if (!certificate) return Unexpected<Error>(std::move(certificate.error()));
    s.transcript.add(*certificate);
    flight = std::move(*certificate);
  }
  Bytes client_key_exchange;
  auto premaster = key_exchange(s, client_key_exchange);
  if (!premaster) return Unexpected<Error>(std::move(premaster.error()));
  s.transcript.add(client_key_exchange);
  flight.insert(flight.end(), client_key_exchange.begin(), client_key_exchange.end());

  // Handshake steps 5 and 6: the master secret, then the session keys. The extended master
  // secret's session hash ends at ClientKeyExchange (RFC 7627 3), before CertificateVerify.
  auto session = derive_session_keys(provider(), s.negotiated, std::move(*premaster),
                                     s.transcript.hash(), settings_.key_log);
  if (!session) return Unexpected<Error>(std::move(session.error()));

  // RFC 5246 7.4.8: CertificateVerify follows ClientKeyExchange and signs everything so far.
  if (s.client_signature) {
    auto verify = certificate_verify(s.transcript, *s.client_signature);
    if (!verify) return Unexpected<Error>(std::move(verify.error()));
    s.transcript.add(*verify);
    flight.insert(flight.end(), verify->begin(), verify->end());
  }
  s.transcript.drop_messages();

  auto finished =
      make_finished(provider(), s.negotiated, session->master, Sender::client, s.transcript.hash());
  if (!finished) return Unexpected<Error>(std::move(finished.error()));
  s.transcript.add(*finished);
  summary_.tls_unique = finished_verify_data_of(*finished);  // the first Finished, ours

  // Handshake steps 7 and 8: ChangeCipherSpec, then Finished under the new keys.
  out.send(std::move(flight));
  out.send_change_cipher_spec();
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls12,
              std::move(session->keys.client_write));
  out.send(std::move(*finished));
  if (s.promise.ticket_expected) {
    return client::ExpectNewSessionTicket{std::move(s.transcript),
                                          s.negotiated,
                                          std::move(s.promise),
                                          std::move(session->master),
                                          std::move(session->keys.server_write),
                                          std::move(*server)};
  }
  return client::ExpectChangeCipherSpec{std::move(s.transcript),
                                        s.negotiated,
                                        std::move(s.promise),
                                        std::move(session->master),
                                        std::move(session->keys.server_write),
                                        std::move(*server)};
}

Expected<handshake::AuthenticatedServer> ClientHandshake::authenticated_server(
    client::ExpectServerHelloDone& s) {
  if (s.params) {
    return handshake::AuthenticatedServer::by_signature(s.server.peer(), s.params->take_proof());
  }
  if (s.negotiated.suite->key_exchange != crypto::KeyExchange::rsa)
    return internal_failure("an ECDHE suite reached ServerHelloDone without parameters");
  // RFC 5246 7.4.2: the premaster goes only to a key whose certificate allows keyEncipherment.
  auto allowed = handshake::allow_key_transport(s.server.peer());
  if (!allowed) return Unexpected<Error>(std::move(allowed.error()));
  return handshake::AuthenticatedServer::by_key_transport(s.server.peer(), std::move(*allowed));
}

void ClientHandshake::record_server(const handshake::AuthenticatedServer& server) {
  summary_.peer_certificates = server.chain();
  summary_.peer_verified = server.verified();
  summary_.peer_signature_scheme = server.signature_scheme();
}

Expected<PremasterSecret> ClientHandshake::key_exchange(const client::ExpectServerHelloDone& s,
                                                        Bytes& client_key_exchange) const {
  if (s.params) {
    // RFC 8422 5.7 and 5.10: our ephemeral share in the server's group; the premaster is
    // the x-coordinate (or X25519 output) of the shared point.
    auto share = provider().generate_key_share(s.params->group());
    if (!share) return Unexpected<Error>(std::move(share.error()));
    auto shared = (*share)->derive(s.params->public_point());
    if (!shared) return Unexpected<Error>(std::move(shared.error()));
    if (auto done =
            append(wire::ClientKeyExchangeEcdhe{(*share)->public_value()}, client_key_exchange);
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
    return PremasterSecret(std::move(*shared));
  }
  if (s.negotiated.suite->key_exchange != crypto::KeyExchange::rsa)
    return internal_failure("an ECDHE suite reached ServerHelloDone without parameters");

  // Handshake step 4, RFC 5246 7.4.7.1: client_version (the version the ClientHello
  // offered, not the negotiated one) and 46 random bytes, encrypted to the server's key.
  SecretBytes premaster(kRsaPremasterSize);
  premaster[0] = 0x03;
  premaster[1] = 0x03;
  if (auto random = provider().random(MutableByteView(premaster).subspan(2)); !random)
    return Unexpected<Error>(std::move(random.error()));
  auto encrypted = s.server.public_key().encrypt_pkcs1(premaster);
  if (!encrypted) return Unexpected<Error>(std::move(encrypted.error()));
  if (auto done = append(wire::ClientKeyExchangeRsa{*encrypted}, client_key_exchange); !done)
    return Unexpected<Error>(std::move(done.error()));
  return PremasterSecret(std::move(premaster));
}

ClientHandshake::Step ClientHandshake::accept_finished(client::ExpectFinished& s, ByteView body,
                                                       ByteView encoded, handshake::Output& out) {
  // Handshake step 10: the server proves it derived the same keys from the same messages.
  if (auto checked = check_finished(provider(), s.negotiated, s.master, Sender::server,
                                    s.transcript.hash(), body);
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  s.transcript.add(encoded);
  record_server(s.server);
  store_session(s.master, s.promise);
  out.complete(make_exporter(s.negotiated, s.master));
  return client::Connected{};
}

}  // namespace cpptls::hs12
