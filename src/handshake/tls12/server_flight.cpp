// The end of the server's handshake (RFC 5246 7.4.7, 7.4.9): handshake steps 4 to 10 from the
// server's side. The client's Certificate and CertificateVerify are server_client_auth.cpp's.
#include <utility>

#include "handshake/tls12/server.hpp"
#include "handshake/tls12/server_params.hpp"
#include "wire/messages/client_key_exchange.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/new_session_ticket.hpp"

namespace cpptls::hs12 {

ServerHandshake::Step ServerHandshake::accept_client_key_exchange(
    server::ExpectClientKeyExchange& s, ByteView body, ByteView encoded) {
  Expected<SecretBytes> premaster = [&]() -> Expected<SecretBytes> {
    const server::PendingKeyExchange& pending = s.key_exchange;
    if (pending.share != nullptr) {
      auto message = wire::ClientKeyExchangeEcdhe::decode(body);
      if (!message) return Unexpected<Error>(std::move(message.error()));
      if (auto valid = check_ecdhe_public_value(pending.share->group(), message->public_point,
                                                "ClientKeyExchange");
          !valid) {
        return Unexpected<Error>(std::move(valid.error()));
      }
      return pending.share->derive(message->public_point);
    }
    if (pending.decryption_key == nullptr)
      return internal_failure("RSA key transport without the credential's key");
    // Handshake step 4 received. RFC 5246 7.4.7.1: a bad padding or version yields random
    // bytes, not an error, so the failure shows only at the client's Finished.
    auto message = wire::ClientKeyExchangeRsa::decode(body);
    if (!message) return Unexpected<Error>(std::move(message.error()));
    return pending.decryption_key->decrypt_premaster(message->encrypted_pre_master_secret,
                                                     pending.client_version);
  }();
  if (!premaster) return Unexpected<Error>(std::move(premaster.error()));
  s.transcript.add(encoded);

  // Handshake steps 5 and 6. The extended master secret's session hash ends here, before a
  // CertificateVerify (RFC 7627 3).
  auto session =
      derive_session_keys(provider(), s.negotiated, PremasterSecret(std::move(*premaster)),
                          s.transcript.hash(), settings_.key_log);
  if (!session) return Unexpected<Error>(std::move(session.error()));
  if (auto* pending = std::get_if<handshake::PeerIdentity>(&s.client)) {
    return server::ExpectCertificateVerify{std::move(s.transcript),  s.negotiated,
                                           std::move(s.promise),     std::move(session->master),
                                           std::move(session->keys), std::move(*pending)};
  }
  return server::ExpectChangeCipherSpec{
      std::move(s.transcript),  s.negotiated,
      std::move(s.promise),     std::move(session->master),
      std::move(session->keys), std::get<handshake::AuthenticatedClient>(std::move(s.client))};
}

ServerHandshake::Step ServerHandshake::accept_finished(server::ExpectFinished& s, ByteView body,
                                                       ByteView encoded, handshake::Output& out) {
  // Handshake step 8 received: the client proves it holds the same keys.
  if (auto checked = check_finished(provider(), s.negotiated, s.master, Sender::client,
                                    s.transcript.hash(), body);
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  s.transcript.add(encoded);
  summary_.tls_unique = finished_verify_data_of(encoded);  // the first Finished, the client's
  record_client(s.client);

  // RFC 5077 3.3: the ticket comes before the server's ChangeCipherSpec and is part of the
  // transcript its Finished covers. A session that cannot be kept gets an empty ticket, as
  // 3.3 allows once the extension was sent.
  std::optional<handshake::ServerSessionState> state = session_state(s.master, s.client);
  Bytes ticket_message;
  if (s.promise.ticket) {
    wire::NewSessionTicket12 message;
    Bytes ticket;  // outlives `message`, which only views it
    if (state) {
      auto sealed = settings_.ticket_keys->seal(state->encode());
      if (!sealed) return Unexpected<Error>(std::move(sealed.error()));
      ticket = std::move(*sealed);
      message.ticket_lifetime_hint = settings_.ticket_lifetime;
      message.ticket = ticket;
    }
    if (auto done = wire::encode_handshake(message, ticket_message); !done)
      return Unexpected<Error>(std::move(done.error()));
    s.transcript.add(ticket_message);
  }
  // RFC 5246 7.3: the session id given in ServerHello now names a resumable session; not when
  // a ticket carries the session (RFC 5077 3.4: the client resumes with the ticket), so that
  // the cache holds only sessions nothing else can resume.
  if (!s.promise.session_id.empty() && !s.promise.ticket && state)
    settings_.session_cache->store(s.promise.session_id, std::move(*state));

  auto finished =
      make_finished(provider(), s.negotiated, s.master, Sender::server, s.transcript.hash());
  if (!finished) return Unexpected<Error>(std::move(finished.error()));
  // Handshake steps 9 and 10.
  if (!ticket_message.empty()) out.send(std::move(ticket_message));
  out.send_change_cipher_spec();
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls12, std::move(s.server_write));
  out.send(std::move(*finished));
  out.complete(make_exporter(s.negotiated, s.master));
  return server::Connected{};
}

}  // namespace cpptls::hs12
