// Resumption on the TLS 1.2 server: the session a ClientHello offers, by RFC 5077 ticket or by
// session id (RFC 5246 7.3), and the abbreviated handshake that resumes it:
//
//                                <--  ClientHello (session id and/or ticket)
//   ServerHello, ChangeCipherSpec,
//   Finished                     -->
//                                <--  ChangeCipherSpec, Finished
//
// A session that does not resume (unknown, expired, sealed by another key, made without the
// extended master secret, for another server name, with a suite no longer offered or allowed)
// is never an error: the server falls back to a full handshake.
#include <algorithm>
#include <optional>
#include <utility>

#include "handshake/tls12/server.hpp"

namespace cpptls::hs12 {

std::optional<std::pair<handshake::ServerSessionState, handshake::ResumedClient>>
ServerHandshake::find_resumable(const wire::ClientHello& hello, std::optional<ByteView> ticket,
                                bool extended_master_secret, const std::string& server_name,
                                bool& by_ticket) const {
  using Found = std::pair<handshake::ServerSessionState, handshake::ResumedClient>;
  // RFC 7627 5.3: a server that sees no extended_master_secret in the ClientHello does not
  // resume; nor does it resume a session made without it (none is stored).
  if (!extended_master_secret) return std::nullopt;
  const std::int64_t now = provider().now();
  // The session's client must meet this server's client-auth policy now: a session made
  // where no certificate was asked for never skips one this server requires.
  const handshake::ClientAuthPolicy policy = settings_.client_auth_policy();
  const auto found = [&](handshake::ServerSessionState state) -> std::optional<Found> {
    auto client = policy.authorize(provider(), state.client);
    // TLS 1.2 has no binder: a replayed session id or ticket reaches this, but cannot finish.
    if (!client || !policy.reverify(provider(), *client)) return std::nullopt;
    return Found{std::move(state), std::move(*client)};
  };
  const auto usable = [&](const handshake::ServerSessionState& state) {
    if (state.version != wire::ProtocolVersion::tls12 || !state.extended_master_secret)
      return false;
    if (state.expired(now) || state.server_name != server_name) return false;
    // RFC 5246 7.4.1.2: the client offers the session's suite again, and we still allow it.
    const crypto::CipherSuiteInfo* suite = crypto::find_suite(state.cipher_suite);
    if (suite == nullptr || suite->version != crypto::SuiteVersion::tls12) return false;
    const auto offered = [&](const std::vector<crypto::CipherSuite>& list) {
      return std::find(list.begin(), list.end(), state.cipher_suite) != list.end();
    };
    return offered(hello.cipher_suites) && offered(suites_);
  };
  // RFC 5077 3.4: a ticket is tried first; the session id is then only an echo.
  if (ticket && !ticket->empty() && settings_.ticket_keys) {
    if (auto plain = settings_.ticket_keys->open(*ticket)) {
      auto state = handshake::ServerSessionState::decode(*plain);
      by_ticket = true;
      if (state && usable(*state)) return found(std::move(*state));
    }
  }
  by_ticket = false;
  if (!hello.legacy_session_id.empty() && settings_.session_cache) {
    auto state = settings_.session_cache->find(hello.legacy_session_id, now);
    if (state && usable(*state)) return found(std::move(*state));
  }
  return std::nullopt;
}

ServerHandshake::Step ServerHandshake::resume(const handshake::ServerSessionState& session,
                                              handshake::ResumedClient client,
                                              Negotiated negotiated, Bytes server_hello,
                                              ByteView client_hello, handshake::Output& out) {
  auto master = restore_master_secret(session.secret);
  if (!master) return Unexpected<Error>(std::move(master.error()));
  if (settings_.key_log)
    settings_.key_log("CLIENT_RANDOM", negotiated.client_random, master->bytes());
  auto keys = derive_key_block(provider(), *negotiated.suite, *master, negotiated.client_random,
                               negotiated.server_random);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));

  Transcript transcript;
  transcript.add(client_hello);
  if (auto started = transcript.start(provider(), negotiated.suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  transcript.add(server_hello);
  auto finished = make_finished(provider(), negotiated, *master, Sender::server, transcript.hash());
  if (!finished) return Unexpected<Error>(std::move(finished.error()));
  transcript.add(*finished);
  summary_.tls_unique = finished_verify_data_of(*finished);  // the first Finished, ours

  summary_.version = wire::ProtocolVersion::tls12;
  summary_.cipher_suite = negotiated.suite->id;
  // No key exchange in an abbreviated handshake: the session's made its master secret.
  summary_.group = session.group;
  summary_.extended_master_secret = true;
  summary_.resumed = true;

  // RFC 5246 7.3: the server's ChangeCipherSpec and Finished follow its ServerHello at once.
  out.send(std::move(server_hello));
  out.send_change_cipher_spec();
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls12,
              std::move(keys->server_write));
  out.send(std::move(*finished));
  return server::ExpectResumedChangeCipherSpec{
      std::move(transcript), negotiated, std::move(*master), std::move(keys->client_write),
      handshake::AuthenticatedClient::by_resumption(std::move(client))};
}

ServerHandshake::Step ServerHandshake::accept_resumed_finished(server::ExpectResumedFinished& s,
                                                               ByteView body, ByteView encoded,
                                                               handshake::Output& out) {
  if (auto checked = check_finished(provider(), s.negotiated, s.master, Sender::client,
                                    s.transcript.hash(), body);
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  s.transcript.add(encoded);
  record_client(s.client);
  out.complete(make_exporter(s.negotiated, s.master));
  return server::Connected{};
}

void ServerHandshake::record_client(const handshake::AuthenticatedClient& client) {
  summary_.peer_certificates = client.chain();
  summary_.peer_verified = client.verified();
  summary_.peer_signature_scheme = client.signature_scheme();
}

std::optional<handshake::ServerSessionState> ServerHandshake::session_state(
    const MasterSecret& master, const handshake::AuthenticatedClient& client) const {
  auto record = settings_.client_auth_policy().record(provider(), client);
  if (!record || !handshake::fits_in_session(*record)) return std::nullopt;
  handshake::ServerSessionState state;
  state.client = std::move(*record);
  state.version = wire::ProtocolVersion::tls12;
  state.cipher_suite = summary_.cipher_suite;
  state.group = summary_.group;
  state.secret = to_secret(master.bytes());
  state.created = provider().now();
  state.lifetime = settings_.ticket_lifetime;
  state.extended_master_secret = summary_.extended_master_secret;
  state.alpn = summary_.alpn;
  state.server_name = summary_.server_name;
  return state;
}

}  // namespace cpptls::hs12
