// After the handshake (RFC 8446 4.6): KeyUpdate both ways, and the place where
// NewSessionTickets will be issued.
#include <algorithm>
#include <array>
#include <utility>

#include "handshake/common/session_ticket.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/key_update.hpp"
#include "wire/messages/new_session_ticket.hpp"

namespace cpptls::hs13 {
namespace {

using handshake::Direction;
using handshake::Output;

// RFC 8446 4.6.1: the nonce is "unique across all tickets issued on this connection"; 8 random
// bytes are.
constexpr std::size_t kTicketNonceSize = 8;

// RFC 8446 4.6.3: a KeyUpdate goes under the current write key; the next generation follows it.
Expected<void> send_key_update(server::Connected& s, wire::KeyUpdateRequest request, Output& out) {
  Bytes message;
  if (auto encoded = wire::encode_handshake(wire::KeyUpdate{request}, message); !encoded)
    return encoded;
  auto next = s.server_application.next_generation();
  if (!next) return Unexpected<Error>(std::move(next.error()));
  auto keys = next->traffic_keys(s.suite->aead);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  out.send(std::move(message));
  out.install(Direction::write, crypto::SuiteVersion::tls13, std::move(*keys));
  s.server_application = std::move(*next);
  s.key_update_owed = false;  // any KeyUpdate of ours answers the client's requests
  return {};
}

}  // namespace

ServerHandshake::Step ServerHandshake::accept_key_update(server::Connected& s, ByteView body,
                                                         Output& out) {
  // The codec refuses a request_update other than 0 or 1 with illegal_parameter.
  auto message = wire::KeyUpdate::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  auto next = s.client_application.next_generation();
  if (!next) return Unexpected<Error>(std::move(next.error()));
  auto keys = next->traffic_keys(s.suite->aead);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  out.install(Direction::read, crypto::SuiteVersion::tls13, std::move(*keys));
  s.client_application = std::move(*next);
  // RFC 8446 4.6.3: "If the request_update field is set to "update_requested", then the
  // receiver MUST send a KeyUpdate of its own with request_update set to
  // "update_not_requested" prior to sending its next Application Data record." The connection
  // sends it before its next application data (Handshake::key_update_owed), so requests
  // received while we are silent get one answer.
  if (message->request_update == wire::KeyUpdateRequest::update_requested) s.key_update_owed = true;
  return std::move(s);
}

void ServerHandshake::shed_after_handshake() noexcept {
  if (!std::holds_alternative<server::Connected>(state_)) return;
  // The tickets went out with the handshake's last step; KeyUpdate needs only the traffic
  // secrets in the state, the provider and the key log.
  handshake::free_storage(settings_.cipher_suites);
  handshake::free_storage(settings_.groups);
  handshake::free_storage(settings_.signing_schemes);
  handshake::free_storage(settings_.verify_schemes);
  handshake::free_storage(settings_.credentials);
  handshake::free_storage(settings_.alpn);
  settings_.client_trust.reset();
  settings_.client_verifier.reset();
  settings_.ticket_keys.reset();
  settings_.session_cache.reset();
  handshake::free_storage(suites_);
  handshake::free_storage(groups_);
  handshake::free_storage(verify_schemes_);
  handshake::free_storage(signing_schemes_);
  // The connection has its own copy of a client's chain (SessionInfo).
  handshake::free_storage(summary_.peer_certificates);
}

Expected<void> ServerHandshake::update_write_key(bool request_peer_update, Output& out) {
  if (auto* failed = std::get_if<server::Failed>(&state_)) return Unexpected<Error>(failed->error);
  auto* connected = std::get_if<server::Connected>(&state_);
  if (connected == nullptr) {
    return misuse(ErrorCode::invalid_state,
                  "a KeyUpdate can be sent only after the handshake, not in state " +
                      std::string(state_name()));
  }
  const auto request = request_peer_update ? wire::KeyUpdateRequest::update_requested
                                           : wire::KeyUpdateRequest::update_not_requested;
  auto sent = send_key_update(*connected, request, out);
  if (!sent) state_ = server::Failed{sent.error()};
  return sent;
}

// RFC 8446 4.6.1: NewSessionTickets, sent right after the handshake under the application key,
// each with a fresh nonce and ticket_age_add, and the PSK resumption_psk(resumption_master,
// nonce) sealed in the ticket (session_ticket.hpp), with the client's authentication, which a
// server resuming the ticket checks against its own policy. A client chain too large to keep
// gets no ticket.
Expected<void> ServerHandshake::issue_tickets(server::Connected& s,
                                              const handshake::AuthenticatedClient& client,
                                              Output& out) {
  if (!settings_.ticket_keys || settings_.tickets_to_send == 0) return {};
  auto record = settings_.client_auth_policy().record(provider(), client);
  if (!record) return Unexpected<Error>(std::move(record.error()));
  if (!handshake::fits_in_session(*record)) return {};
  const ScheduleContext context{&provider(), s.suite->hash};
  const std::uint32_t lifetime = std::min(settings_.ticket_lifetime, wire::kMaxTicketLifetime);
  // After a resumption one ticket replaces the one the client used (issue 13): the client
  // keeps as many as it had, and each resumed handshake seals one ticket, not
  // tickets_to_send.
  const std::size_t count = summary_.resumed ? 1 : settings_.tickets_to_send;
  Bytes messages;
  for (std::size_t i = 0; i < count; ++i) {
    std::array<std::uint8_t, kTicketNonceSize> nonce{};
    std::array<std::uint8_t, 4> age_add{};
    if (auto drawn = provider().random(nonce); !drawn) return drawn;
    nonce[0] = static_cast<std::uint8_t>(i);  // unique on this connection, whatever the draw
    if (auto drawn = provider().random(age_add); !drawn) return drawn;
    auto psk = resumption_psk(context, s.resumption_master, nonce);
    if (!psk) return Unexpected<Error>(std::move(psk.error()));
    handshake::ServerSessionState state;
    state.version = wire::ProtocolVersion::tls13;
    state.cipher_suite = s.suite->id;
    state.secret = std::move(*psk);
    state.created = provider().now();
    state.lifetime = lifetime;
    state.ticket_age_add = (std::uint32_t{age_add[0]} << 24) | (std::uint32_t{age_add[1]} << 16) |
                           (std::uint32_t{age_add[2]} << 8) | std::uint32_t{age_add[3]};
    state.alpn = summary_.alpn;
    state.server_name = summary_.server_name;
    state.client = *record;
    auto ticket = settings_.ticket_keys->seal(state.encode());
    if (!ticket) return Unexpected<Error>(std::move(ticket.error()));
    const wire::NewSessionTicket13 message{lifetime, state.ticket_age_add, nonce, *ticket, {}};
    if (auto encoded = wire::encode_handshake(message, messages); !encoded) return encoded;
  }
  out.send(std::move(messages));
  return {};
}

}  // namespace cpptls::hs13
