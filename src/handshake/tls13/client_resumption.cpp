// Resumption on the client (RFC 8446 2.2, 4.2.11, 4.6.1): which stored session to offer, the
// PSK binder, the server's choice, and the tickets that arrive after the handshake.
#include <algorithm>
#include <utility>

#include "crypto/descriptors.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/client.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::hs13 {

client::OfferedSessions ClientHandshake::choose_session_to_offer() const {
  client::OfferedSessions offered;
  if (!settings_.session_store) return offered;
  // Only sessions made under this very policy are looked at, and the policy authorizes the
  // one it finds (same anchors, same name, verified, not expired) before it is offered.
  auto key = settings_.server_auth.session_key(provider(), settings_.server_name);
  if (!key) return offered;
  std::optional<handshake::StoredSession> session = settings_.session_store->take(*key);
  if (!session) return offered;
  std::optional<handshake::ResumedServer> server =
      settings_.server_auth.authorize(provider(), *session);
  if (!server) return offered;
  if (session->version == wire::ProtocolVersion::tls12) {
    // RFC 7627 5.3: only sessions with the extended master secret are resumed; the suite
    // must be one we offer (hs12 checks the same again when it adopts the hello).
    const bool suite_offered =
        std::find(suites12_.begin(), suites12_.end(), session->cipher_suite) != suites12_.end();
    if (suite_offered && session->extended_master_secret && !session->expired(provider().now()) &&
        (!session->ticket.empty() || !session->session_id.empty()) &&
        (settings_.session_tickets || session->ticket.empty())) {
      offered.tls12 = std::move(session);
    }
    return offered;
  }
  if (session->version != wire::ProtocolVersion::tls13) return offered;
  if (session->expired(provider().now()) || session->ticket.empty()) return offered;
  // RFC 8446 4.2.11: the PSK can be used only with a suite of its hash; one of ours must have
  // it.
  const crypto::CipherSuiteInfo* original = crypto::find_suite(session->cipher_suite);
  if (original == nullptr) return offered;
  const bool usable = std::any_of(suites13_.begin(), suites13_.end(), [&](crypto::CipherSuite id) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(id);
    return info != nullptr && info->hash == original->hash;
  });
  if (!usable) return offered;
  offered.psk = client::OfferedPsk{std::move(*session), std::move(*server)};
  return offered;
}

Expected<void> ClientHandshake::write_binder(Bytes& hello, ByteView binder_prefix,
                                             const std::optional<client::OfferedPsk>& psk) const {
  if (!psk) return {};
  const crypto::CipherSuiteInfo* suite = crypto::find_suite(psk->session.cipher_suite);
  const std::size_t binder_size = crypto::digest_size(suite->hash);
  // Our pre_shared_key is last and holds one binder: the hello ends with the binders list
  // (u16 length, u8 length, binder). The binder covers everything before that list.
  const std::size_t list_size = 2 + 1 + binder_size;
  if (hello.size() < list_size) return internal_failure("the ClientHello is shorter than a binder");
  auto hash = provider().hash(suite->hash);
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  (*hash)->update(binder_prefix);
  (*hash)->update(ByteView(hello).first(hello.size() - list_size));
  handshake::Digest truncated;
  truncated.size = binder_size;
  if (auto done = (*hash)->finish(MutableByteView(truncated.bytes.data(), truncated.size)); !done)
    return Unexpected<Error>(std::move(done.error()));
  auto early = EarlySecret::from_psk({&provider(), suite->hash}, psk->session.secret);
  if (!early) return Unexpected<Error>(std::move(early.error()));
  auto binder = early->binder(EarlySecret::BinderKind::resumption, truncated.view());
  if (!binder) return Unexpected<Error>(std::move(binder.error()));
  std::copy(binder->view().begin(), binder->view().end(), hello.end() - binder_size);
  return {};
}

Expected<bool> ClientHandshake::accept_selected_psk(const std::optional<client::OfferedPsk>& psk,
                                                    const wire::ServerHello& hello,
                                                    const crypto::CipherSuiteInfo& suite) {
  const wire::Extension* extension =
      wire::find_extension(hello.extensions, wire::ExtensionType::pre_shared_key);
  if (extension == nullptr) return false;
  auto selected = wire::SelectedPsk::decode(extension->data);
  if (!selected) return Unexpected<Error>(std::move(selected.error()));
  // RFC 8446 4.2.11: "Clients MUST verify that the server's selected_identity is within the
  // range supplied by the client, that the server selected a cipher suite indicating a Hash
  // associated with the PSK, and that a server "key_share" extension is present if required
  // by the ClientHello "psk_key_exchange_modes" extension" (we offer psk_dhe_ke only; the
  // key_share is required by enter_handshake_keys).
  if (!psk || selected->selected_identity != 0) {
    return handshake::illegal_parameter("the ServerHello selects PSK identity " +
                                        std::to_string(selected->selected_identity) +
                                        "; the client offered one (RFC 8446 4.2.11)");
  }
  const crypto::CipherSuiteInfo* original = crypto::find_suite(psk->session.cipher_suite);
  if (original == nullptr || original->hash != suite.hash) {
    return handshake::illegal_parameter("the ServerHello accepts the PSK with " +
                                        wire::to_string(suite.id) +
                                        ", whose hash is not the PSK's (RFC 8446 4.2.11)");
  }
  return true;
}

void ClientHandshake::store_ticket(const client::Connected& s,
                                   const wire::NewSessionTicket13& ticket) {
  if (!settings_.session_store || ticket.ticket_lifetime == 0) return;
  auto key = settings_.server_auth.session_key(provider(), settings_.server_name);
  auto record = settings_.server_auth.record(provider());
  if (!key || !record) return;
  auto psk = resumption_psk({&provider(), s.suite->hash}, s.resumption_master, ticket.ticket_nonce);
  if (!psk) return;  // a provider failure costs only the ticket
  handshake::StoredSession session;
  session.version = wire::ProtocolVersion::tls13;
  session.cipher_suite = s.suite->id;
  session.secret = std::move(*psk);
  session.ticket.assign(ticket.ticket.begin(), ticket.ticket.end());
  session.ticket_age_add = ticket.ticket_age_add;
  session.lifetime = ticket.ticket_lifetime;
  session.received_at = provider().now();
  session.server_name = settings_.server_name;
  session.alpn = summary_.alpn;
  session.peer_certificates = summary_.peer_certificates;
  session.peer_verified = summary_.peer_verified;
  session.ocsp_response = summary_.ocsp_response;
  session.server_auth = std::move(*record);
  settings_.session_store->store(*key, std::move(session));
}

}  // namespace cpptls::hs13
