// Resumption on the TLS 1.2 client (RFC 5246 7.3, RFC 5077): which stored session to offer,
// the abbreviated handshake when the server accepts it, and the session kept after a full
// handshake for the next connection.
#include <algorithm>
#include <utility>

#include "handshake/common/refusals.hpp"
#include "handshake/tls12/client.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/new_session_ticket.hpp"
#include "wire/reader.hpp"

namespace cpptls::hs12 {
namespace {

// RFC 5077 3.4: a client offering a ticket may send a fresh session id with it, which the
// server echoes when it accepts the ticket; 32 bytes, like the ids servers give.
constexpr std::size_t kTicketSessionIdSize = 32;

}  // namespace

bool ClientHandshake::usable(const handshake::StoredSession& session) const {
  // RFC 7627 5.3: never resume a session without the extended master secret.
  if (session.version != wire::ProtocolVersion::tls12 || !session.extended_master_secret)
    return false;
  if (session.secret.size() != kMasterSecretSize) return false;
  if (session.ticket.empty() && session.session_id.empty()) return false;
  // Tickets turned off: a session kept from a ticket is not offered.
  if (!settings_.session_tickets && !session.ticket.empty()) return false;
  if (session.expired(provider().now())) return false;
  // RFC 5246 7.4.1.2: the session's suite must be among those offered.
  return std::find(suites_.begin(), suites_.end(), session.cipher_suite) != suites_.end();
}

Expected<client::Offer> ClientHandshake::choose_session_to_offer() const {
  client::Offer offer;
  offer.ticket_extension = settings_.session_store != nullptr && settings_.session_tickets;
  auto session = take_authorized_session();
  if (!session) return offer;
  if (session->first.ticket.empty()) {
    offer.session_id = session->first.session_id;
  } else {
    offer.session_id.assign(kTicketSessionIdSize, 0);
    if (auto random = provider().random(offer.session_id); !random)
      return Unexpected<Error>(std::move(random.error()));
  }
  offer.session = client::OfferedSession{std::move(session->first), std::move(session->second)};
  return offer;
}

std::optional<std::pair<handshake::StoredSession, handshake::ResumedServer>>
ClientHandshake::take_authorized_session() const {
  if (!settings_.session_store) return std::nullopt;
  // Only sessions made under this very policy are looked at, and the policy authorizes the
  // one it finds (same anchors, same name, verified, not expired) before it is offered.
  auto key = settings_.server_auth.session_key(provider(), settings_.server_name);
  if (!key) return std::nullopt;
  std::optional<handshake::StoredSession> session = settings_.session_store->take(*key);
  if (!session || !usable(*session)) return std::nullopt;
  std::optional<handshake::ResumedServer> server =
      settings_.server_auth.authorize(provider(), *session);
  if (!server) return std::nullopt;
  return std::pair{std::move(*session), std::move(*server)};
}

Expected<client::Offer> ClientHandshake::recognise_offered_session(ByteView sent_hello) const {
  wire::Reader reader(sent_hello);
  auto message = wire::HandshakeMessage::decode(reader);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  if (message->type != wire::HandshakeType::client_hello || !reader.empty())
    return internal_failure("the adopted ClientHello is not one whole client_hello message");
  auto hello = wire::ClientHello::decode(message->body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  client::Offer offer;
  offer.session_id.assign(hello->legacy_session_id.begin(), hello->legacy_session_id.end());
  const wire::Extension* ticket =
      wire::find_extension(hello->extensions, wire::ExtensionType::session_ticket);
  offer.ticket_extension = ticket != nullptr;
  // The TLS 1.3 client offered the session the store holds for this policy and name (a TLS
  // 1.2 session stays in the store when taken): recognise it by its ticket or its id.
  auto session = take_authorized_session();
  if (!session) return offer;
  const handshake::StoredSession& stored = session->first;
  const bool same_ticket = ticket != nullptr && !stored.ticket.empty() &&
                           std::equal(ticket->data.begin(), ticket->data.end(),
                                      stored.ticket.begin(), stored.ticket.end());
  const bool same_id =
      stored.ticket.empty() && !offer.session_id.empty() && offer.session_id == stored.session_id;
  if (same_ticket || same_id)
    offer.session = client::OfferedSession{std::move(session->first), std::move(session->second)};
  return offer;
}

ClientHandshake::Step ClientHandshake::resume(client::ExpectServerHello& s,
                                              const Negotiated& negotiated,
                                              client::SessionPromise promise, ByteView encoded) {
  if (!s.offer.session) return internal_failure("resuming without an offered session");
  client::OfferedSession& offered = *s.offer.session;
  // RFC 5246 7.4.1.3: a resumed session keeps its cipher suite.
  if (negotiated.suite->id != offered.session.cipher_suite) {
    return handshake::illegal_parameter(
        "the server resumed the session with cipher suite " +
        wire::to_string(negotiated.suite->id) + ", not the session's " +
        wire::to_string(offered.session.cipher_suite) + " (RFC 5246 7.4.1.3)");
  }
  // RFC 7627 5.3: an abbreviated handshake without the extended master secret is aborted.
  if (!negotiated.extended_master_secret) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::handshake_failure,
                AlertDescription::handshake_failure,
                "the server resumed a session without the extended master secret (RFC 7627 "
                "5.3)");
  }
  auto master = restore_master_secret(offered.session.secret);
  if (!master) return Unexpected<Error>(std::move(master.error()));
  if (settings_.key_log)
    settings_.key_log("CLIENT_RANDOM", negotiated.client_random, master->bytes());
  auto keys = derive_key_block(provider(), *negotiated.suite, *master, negotiated.client_random,
                               negotiated.server_random);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  s.transcript.add(encoded);
  if (auto started = s.transcript.start(provider(), negotiated.suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  // No certificate comes in an abbreviated handshake: the server is the session's, which the
  // policy authorized before the session was offered.
  s.transcript.drop_messages();
  auto server = handshake::AuthenticatedServer::by_resumption(std::move(offered.server),
                                                              settings_.server_auth, provider());
  if (!server) return Unexpected<Error>(std::move(server.error()));
  summary_.resumed = true;
  summary_.resumed_by_ticket = !offered.session.ticket.empty();
  summary_.group = offered.session.group;
  // No CertificateStatus comes in an abbreviated handshake (a status_request echo, which
  // some servers send, promises none): the response stapled when the session was made.
  summary_.ocsp_response = offered.session.ocsp_response;
  return client::ExpectResumedChangeCipherSpec{std::move(s.transcript), negotiated,
                                               std::move(promise),      std::move(*master),
                                               std::move(*keys),        std::move(*server)};
}

Expected<void> ClientHandshake::read_new_session_ticket(ByteView body,
                                                        client::SessionPromise& promise) {
  auto ticket = wire::NewSessionTicket12::decode(body);
  if (!ticket) return Unexpected<Error>(std::move(ticket.error()));
  promise.ticket.assign(ticket->ticket.begin(), ticket->ticket.end());
  promise.ticket_lifetime_hint = ticket->ticket_lifetime_hint;
  return {};
}

ClientHandshake::Step ClientHandshake::accept_resumed_finished(client::ExpectResumedFinished& s,
                                                               ByteView body, ByteView encoded,
                                                               handshake::Output& out) {
  if (auto checked = check_finished(provider(), s.negotiated, s.master, Sender::server,
                                    s.transcript.hash(), body);
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  s.transcript.add(encoded);
  summary_.tls_unique = finished_verify_data_of(encoded);  // the first Finished, the server's
  auto finished =
      make_finished(provider(), s.negotiated, s.master, Sender::client, s.transcript.hash());
  if (!finished) return Unexpected<Error>(std::move(finished.error()));
  // RFC 5246 7.3: the client's ChangeCipherSpec and Finished end the abbreviated handshake.
  out.send_change_cipher_spec();
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls12, std::move(s.client_write));
  out.send(std::move(*finished));
  record_server(s.server);
  // A renewed ticket replaces the one the session was resumed with.
  if (!s.promise.ticket.empty()) store_session(s.master, s.promise);
  out.complete(make_exporter(s.negotiated, s.master));
  return client::Connected{};
}

void ClientHandshake::store_session(const MasterSecret& master,
                                    const client::SessionPromise& promise) {
  if (!settings_.session_store || !summary_.extended_master_secret) return;
  if (promise.session_id.empty() && promise.ticket.empty()) return;
  auto key = settings_.server_auth.session_key(provider(), settings_.server_name);
  auto record = settings_.server_auth.record(provider());
  if (!key || !record) return;
  handshake::StoredSession session;
  session.version = wire::ProtocolVersion::tls12;
  session.cipher_suite = summary_.cipher_suite;
  session.secret = to_secret(master.bytes());
  session.ticket = promise.ticket;
  session.session_id = promise.session_id;
  session.lifetime = promise.ticket.empty() ? 0 : promise.ticket_lifetime_hint;
  session.received_at = provider().now();
  session.extended_master_secret = true;
  session.group = summary_.group;
  session.server_name = settings_.server_name;
  session.alpn = summary_.alpn;
  session.peer_certificates = summary_.peer_certificates;
  session.peer_verified = summary_.peer_verified;
  session.ocsp_response = summary_.ocsp_response;
  session.server_auth = std::move(*record);
  settings_.session_store->store(*key, std::move(session));
}

}  // namespace cpptls::hs12
