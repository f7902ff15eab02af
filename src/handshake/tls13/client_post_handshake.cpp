// After the handshake (RFC 8446 4.6): the server's NewSessionTicket and KeyUpdate messages, and
// our own KeyUpdate when the connection asks for one.
#include <utility>

#include "handshake/tls13/client.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/key_update.hpp"
#include "wire/messages/new_session_ticket.hpp"

namespace cpptls::hs13 {

ClientHandshake::Step ClientHandshake::accept_new_session_ticket(client::Connected& s,
                                                                 ByteView body) {
  // Checked (the lifetime bound, the extension table), then kept in the session store with
  // the PSK resumption_psk(s.resumption_master, nonce) gives (RFC 8446 4.6.1).
  auto ticket = wire::NewSessionTicket13::decode(body);
  if (!ticket) return Unexpected<Error>(std::move(ticket.error()));
  if (const wire::Extension* early =
          wire::find_extension(ticket->extensions, wire::ExtensionType::early_data)) {
    if (auto size = wire::MaxEarlyDataSize::decode(early->data); !size)
      return Unexpected<Error>(std::move(size.error()));
  }
  // RFC 8446 4.6.1: "Clients MUST ignore unrecognized extensions."
  store_ticket(s, *ticket);
  return client::State(std::move(s));
}

ClientHandshake::Step ClientHandshake::accept_key_update(client::Connected& s, ByteView body,
                                                         handshake::Output& out) {
  auto message = wire::KeyUpdate::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // RFC 8446 4.6.3: the server's next records use server_application_traffic_secret_N+1.
  auto next = s.server_traffic.next_generation();
  if (!next) return Unexpected<Error>(std::move(next.error()));
  auto keys = next->traffic_keys(s.suite->aead);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  out.install(handshake::Direction::read, crypto::SuiteVersion::tls13, std::move(*keys));
  s.server_traffic = std::move(*next);
  // RFC 8446 4.6.3: asked to, we answer with update_not_requested (never asking back, so that
  // updates cannot ping-pong) and switch our write key, before our next application data
  // (Handshake::key_update_owed): requests received while we are silent get one answer.
  if (message->request_update == wire::KeyUpdateRequest::update_requested) s.key_update_owed = true;
  return client::State(std::move(s));
}

void ClientHandshake::shed_after_handshake() noexcept {
  if (!std::holds_alternative<client::Connected>(state_)) return;
  // Kept: the provider, the key log, and what store_ticket() stores a session with (the
  // session store, server_auth, the server name, the ALPN and, with a store, the chain).
  handshake::free_storage(settings_.cipher_suites);
  handshake::free_storage(settings_.groups);
  handshake::free_storage(settings_.verify_schemes);
  handshake::free_storage(settings_.signing_schemes);
  handshake::free_storage(settings_.alpn);
  settings_.certificate.reset();
  handshake::free_storage(suites13_);
  handshake::free_storage(suites12_);
  handshake::free_storage(groups_);
  handshake::free_storage(verify_schemes_);
  handshake::free_storage(signing_schemes_);
  handshake::free_storage(sni_);
  handshake::free_storage(sent_client_hello_);
  hello_replacer_ = nullptr;
  // The connection has its own copy of the chain (SessionInfo); a ticket needs one only if it
  // can be stored.
  if (!settings_.session_store) handshake::free_storage(summary_.peer_certificates);
}

Expected<void> ClientHandshake::update_write_key(bool request_peer_update, handshake::Output& out) {
  if (auto* failed = std::get_if<client::Failed>(&state_)) return Unexpected<Error>(failed->error);
  auto* connected = std::get_if<client::Connected>(&state_);
  if (connected == nullptr) {
    return misuse(ErrorCode::invalid_state, "a key update was asked for in state " +
                                                std::string(state_name()) +
                                                ", before the handshake completed");
  }
  if (auto sent = send_key_update(*connected, request_peer_update, out); !sent) {
    state_ = client::Failed{sent.error()};
    return sent;
  }
  return {};
}

Expected<void> ClientHandshake::send_key_update(client::Connected& s, bool request_peer_update,
                                                handshake::Output& out) const {
  wire::KeyUpdate update;
  update.request_update = request_peer_update ? wire::KeyUpdateRequest::update_requested
                                              : wire::KeyUpdateRequest::update_not_requested;
  Bytes message;
  if (auto encoded = wire::encode_handshake(update, message); !encoded) return encoded;
  auto next = s.client_traffic.next_generation();
  if (!next) return Unexpected<Error>(std::move(next.error()));
  auto keys = next->traffic_keys(s.suite->aead);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  // RFC 8446 4.6.3: the KeyUpdate goes under the old key, everything after it under the new.
  out.send(std::move(message));
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls13, std::move(*keys));
  s.client_traffic = std::move(*next);
  s.key_update_owed = false;  // any KeyUpdate of ours answers the server's requests
  return {};
}

}  // namespace cpptls::hs13
