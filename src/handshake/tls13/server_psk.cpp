// Resumption on the server (RFC 8446 2.2, 4.2.11): the client's offer of one of our tickets.
// Only the first identity is looked at (we issue one ticket per offer that our client makes;
// other clients put their best first). Anything that makes the ticket unusable (not ours,
// rotated out, expired, too old or young for its obfuscated age, another hash, another server
// name, psk_ke only) gives a full handshake; only a bad binder for a ticket we would take is
// an error, decrypt_error (4.2.11.2).
#include <cstdlib>
#include <utility>

#include "base/constant_time.hpp"
#include "handshake/common/session_ticket.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::hs13 {
namespace {

using wire::ExtensionType;

// RFC 8446 8.3: the server's view of the ticket age and the client's may differ by the round
// trip and clock drift; we allow 10 s, plus 1 s for our clock's granularity (seconds).
constexpr std::int64_t kAgeToleranceMs = 11000;

// RFC 8446 4.2.11.1: the client's age is obfuscated_ticket_age - ticket_age_add (mod 2^32), in
// milliseconds.
bool age_is_fresh(const handshake::ServerSessionState& state, std::uint32_t obfuscated_age,
                  std::int64_t now) {
  const std::uint32_t client_age_ms = obfuscated_age - state.ticket_age_add;
  const std::int64_t server_age_ms = (now - state.created) * 1000;
  return std::llabs(static_cast<std::int64_t>(client_age_ms) - server_age_ms) <= kAgeToleranceMs;
}

}  // namespace

Expected<std::optional<server::AcceptedPsk>> ServerHandshake::accept_psk(
    const wire::ClientHello& hello, ByteView encoded, const server::Negotiation& negotiation,
    ByteView binder_prefix) {
  using Result = std::optional<server::AcceptedPsk>;
  if (!settings_.ticket_keys || !hello.binders_offset) return Result{};
  const wire::Extension* extension =
      wire::find_extension(hello.extensions, ExtensionType::pre_shared_key);
  if (extension == nullptr || !server::offers_psk_dhe(hello)) return Result{};
  // The codec checked the list (identities and binders one for one, the extension last).
  auto offered = wire::OfferedPsks::decode(extension->data);
  if (!offered) return Unexpected<Error>(std::move(offered.error()));
  if (offered->identities.empty()) return Result{};
  const wire::PskIdentity& identity = offered->identities.front();

  auto plaintext = settings_.ticket_keys->open(identity.identity);
  if (!plaintext) return Result{};
  auto state = handshake::ServerSessionState::decode(*plaintext);
  if (!state || state->version != wire::ProtocolVersion::tls13) return Result{};
  const std::int64_t now = provider().now();
  // RFC 8446 4.2.11: "Any ticket MUST only be resumed with a cipher suite that has the same
  // KDF hash algorithm as that used to establish the original connection."
  const crypto::CipherSuiteInfo* original = crypto::find_suite(state->cipher_suite);
  if (original == nullptr || original->hash != negotiation.suite->hash) return Result{};
  if (state->expired(now) || !age_is_fresh(*state, identity.obfuscated_ticket_age, now))
    return Result{};
  // The session was made for one name; a hello for another gets a full handshake.
  if (state->server_name != negotiation.server_name) return Result{};
  // The ticket's client must meet this server's client-auth policy now (RFC 8446 4.3.2: no
  // CertificateRequest follows a PSK): a ticket issued where no certificate was asked for
  // never lets a client skip one this server requires.
  std::optional<handshake::ResumedClient> client =
      settings_.client_auth_policy().authorize(provider(), state->client);
  if (!client) return Result{};

  // RFC 8446 4.2.11.2: the binder covers the transcript before this hello and the hello up to
  // the binders list (its header included, with the full length).
  const std::size_t truncated_size = 4 + *hello.binders_offset;
  if (truncated_size > encoded.size()) return internal_failure("binders_offset past the hello");
  auto hash = provider().hash(negotiation.suite->hash);
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  (*hash)->update(binder_prefix);
  (*hash)->update(encoded.first(truncated_size));
  handshake::Digest truncated_hash;
  truncated_hash.size = crypto::digest_size(negotiation.suite->hash);
  if (auto done =
          (*hash)->finish(MutableByteView(truncated_hash.bytes.data(), truncated_hash.size));
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  auto early = EarlySecret::from_psk({&provider(), negotiation.suite->hash}, state->secret);
  if (!early) return Unexpected<Error>(std::move(early.error()));
  auto expected = early->binder(EarlySecret::BinderKind::resumption, truncated_hash.view());
  if (!expected) return Unexpected<Error>(std::move(expected.error()));
  if (!constant_time_equal(expected->view(), offered->binders.front())) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::bad_finished,
                AlertDescription::decrypt_error,
                "the binder of the client's first PSK does not match its ClientHello (RFC 8446 "
                "4.2.11.2)");
  }
  if (!settings_.client_auth_policy().reverify(provider(), *client)) return Result{};
  return Result{server::AcceptedPsk{std::move(state->secret), std::move(*client)}};
}

}  // namespace cpptls::hs13
