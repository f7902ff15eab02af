#include "handshake/common/authentication.hpp"

#include <algorithm>
#include <utility>

#include "base/hex.hpp"
#include "handshake/common/session.hpp"

namespace cpptls::handshake {
namespace {

Unexpected<Error> usage_refused(const PeerIdentity& peer, std::string_view peer_name,
                                std::string_view bit, std::string_view use) {
  return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
              AlertDescription::unsupported_certificate,
              "the " + std::string(peer_name) + "'s certificate " + peer.leaf().describe() +
                  " has a keyUsage without " + std::string(bit) + ", so its key may not " +
                  std::string(use) + " (RFC 5280 4.2.1.3)");
}

bool replaced_by_verifier(const VerifierPolicy* verifier) {
  return verifier != nullptr && verifier->verifier != nullptr && verifier->replaces_ours;
}

std::vector<x509::ParsedCertificate> parse_chain(const std::vector<Bytes>& chain) {
  std::vector<x509::ParsedCertificate> parsed;
  parsed.reserve(chain.size());
  for (const Bytes& der : chain) {
    auto certificate = x509::ParsedCertificate::copy_of(der);
    if (!certificate) return {};
    parsed.push_back(std::move(*certificate));
  }
  return parsed;
}

// A session whose peer was verified to our anchors stays resumable only while the certificate
// it was verified on is valid: a full handshake now would refuse an expired leaf (RFC 5280
// 6.1.3 (a)(2)), and resumption must not outlive it. The leaf is the one certificate sure to be
// on the verified path (a peer may send extra ones), as Go's crypto/tls checks it too.
bool leaf_valid_at(const std::vector<x509::ParsedCertificate>& chain, std::int64_t now) {
  return !chain.empty() && chain.front()->not_before() <= now && now <= chain.front()->not_after();
}

}  // namespace

Expected<void> check_key_usage(const PeerIdentity& peer, KeyUse use, std::string_view peer_name) {
  const x509::KeyUsage& usage = peer.leaf().extensions().key_usage;
  if (!usage.present) return {};  // RFC 5280 4.2.1.3: no extension, no restriction
  switch (use) {
    case KeyUse::sign:
      // RFC 8446 4.4.2.2: "the digitalSignature bit MUST be set if the Key Usage extension is
      // present"; RFC 5246 7.4.2 likewise for the ECDHE and DHE suites' signatures.
      if (!usage.has(x509::KeyUsageBit::digital_signature))
        return usage_refused(peer, peer_name, "digitalSignature", "sign the handshake");
      return {};
    case KeyUse::encipher_keys:
      // RFC 5246 7.4.2: for RSA key transport "the keyEncipherment bit MUST be set if the key
      // usage extension is present".
      if (!usage.has(x509::KeyUsageBit::key_encipherment))
        return usage_refused(peer, peer_name, "keyEncipherment", "receive the premaster secret");
      return {};
  }
  return internal_failure("unknown key use");
}

Expected<SignatureChecked> verify_peer_signature(const PeerIdentity& peer,
                                                 const crypto::SignatureSchemeInfo& scheme,
                                                 ByteView content, ByteView signature,
                                                 std::string_view what,
                                                 std::string_view peer_name) {
  if (auto allowed = check_key_usage(peer, KeyUse::sign, peer_name); !allowed)
    return Unexpected<Error>(std::move(allowed.error()));
  if (auto checked = peer.public_key().verify(scheme.algorithm, content, signature); !checked) {
    if (checked.error().kind() == ErrorKind::internal) return Unexpected<Error>(checked.error());
    // RFC 8446 4.4.3: "If the verification fails, the receiver MUST terminate the handshake
    // with a "decrypt_error" alert." RFC 5246 7.4.8 and 7.4.3 have no word; decrypt_error is
    // what 7.2.2 describes ("a handshake cryptographic operation failed").
    return fail(ErrorKind::crypto, ErrorCode::bad_signature, AlertDescription::decrypt_error,
                std::string(what) + " signature (" + std::string(scheme.name) +
                    ") does not verify with the key of " + peer.leaf().describe() + ": " +
                    checked.error().reason());
  }
  return SignatureChecked(scheme.id);
}

Expected<KeyTransportAllowed> allow_key_transport(const PeerIdentity& server) {
  if (auto allowed = check_key_usage(server, KeyUse::encipher_keys, "server"); !allowed)
    return Unexpected<Error>(std::move(allowed.error()));
  return KeyTransportAllowed();
}

// --- ServerAuthPolicy ---------------------------------------------------------------------

Expected<ServerAuthPolicy> ServerAuthPolicy::verify(std::shared_ptr<const x509::TrustStore> trust,
                                                    std::string name) {
  if (name.empty()) {
    return misuse(ErrorCode::invalid_argument,
                  "the server's certificate would be verified for no name, so any certificate "
                  "from a trusted CA would pass: set the server name");
  }
  auto policy = verify_chain_only(std::move(trust));
  if (!policy) return policy;
  policy->check_name_ = true;
  policy->name_ = std::move(name);
  return policy;
}

Expected<ServerAuthPolicy> ServerAuthPolicy::verify_chain_only(
    std::shared_ptr<const x509::TrustStore> trust) {
  if (trust == nullptr)
    return misuse(ErrorCode::invalid_argument, "no trust anchors to verify the server against");
  ServerAuthPolicy policy;
  policy.set_ = true;
  policy.trust_ = std::move(trust);
  return policy;
}

Expected<ServerAuthPolicy> ServerAuthPolicy::verify_pins_only(std::vector<SpkiDigest> pins) {
  if (pins.empty())
    return misuse(ErrorCode::invalid_argument,
                  "the server is to be verified by pins, but none is set");
  ServerAuthPolicy policy;
  policy.set_ = true;
  policy.pins_ = std::move(pins);
  return policy;
}

Expected<void> ServerAuthPolicy::add_checks(std::vector<SpkiDigest> pins,
                                            std::shared_ptr<const VerifierPolicy> verifier,
                                            std::string server_name) {
  if (!set_ || !checks()) {
    if (pins.empty() && verifier == nullptr) return {};
    return misuse(ErrorCode::invalid_argument,
                  "pins and a verifier add to a verification; this client verifies nothing");
  }
  if (verifier != nullptr && (verifier->verifier == nullptr || verifier->policy_name.empty()))
    return misuse(ErrorCode::invalid_argument, "a verifier without a policy name");
  pins_.insert(pins_.end(), pins.begin(), pins.end());
  verifier_ = std::move(verifier);
  verifier_name_ = std::move(server_name);
  return {};
}

ServerAuthPolicy ServerAuthPolicy::no_verification() {
  ServerAuthPolicy policy;
  policy.set_ = true;
  return policy;
}

Expected<ServerAuthRecord> ServerAuthPolicy::record(const crypto::Provider& provider) const {
  ServerAuthRecord record;
  record.ocsp_checked = ocsp_checked_;
  if (!checks()) return record;
  if (verifies()) {
    auto anchors = trust_->fingerprint(provider);
    if (!anchors) return Unexpected<Error>(std::move(anchors.error()));
    record.anchors = *anchors;
    record.mode =
        check_name_ ? ServerAuthRecord::Mode::chain_and_name : ServerAuthRecord::Mode::chain;
    record.name = name_;
  } else {
    record.mode = ServerAuthRecord::Mode::pins_only;
  }
  auto pins = pins_digest(provider, pins_);
  if (!pins) return Unexpected<Error>(std::move(pins.error()));
  record.pins = *pins;
  if (verifier_ != nullptr) {
    auto verifier = verifier_->digest(provider);
    if (!verifier) return Unexpected<Error>(std::move(verifier.error()));
    record.verifier = *verifier;
  }
  return record;
}

Expected<std::string> ServerAuthPolicy::session_key(const crypto::Provider& provider,
                                                    std::string_view server_name) const {
  auto policy = record(provider);
  if (!policy) return Unexpected<Error>(std::move(policy.error()));
  // The parts cannot run into each other: the mode is one digit, the fingerprint fixed-size
  // hex, and the names come last, separated by a byte no host name holds.
  std::string key = std::to_string(static_cast<int>(policy->mode));
  key += to_hex(policy->anchors);
  key += to_hex(policy->pins);
  key += to_hex(policy->verifier);
  key += policy->ocsp_checked ? 'o' : '-';
  key += '\0';
  key += policy->name;
  key += '\0';
  key += server_name;
  return key;
}

std::optional<ResumedServer> ServerAuthPolicy::authorize(const crypto::Provider& provider,
                                                         const StoredSession& session) const {
  if (!set_ || session.expired(provider.now())) return std::nullopt;
  if (checks()) {
    auto current = record(provider);
    if (!current || session.server_auth != *current) return std::nullopt;
    // A path to our anchors is needed unless the verifier stands in for it.
    const bool path_needed = verifies() && !(verifier_ != nullptr && verifier_->replaces_ours);
    if (path_needed && !session.peer_verified) return std::nullopt;
    if (session.peer_verified && !leaf_valid_at(session.peer_certificates, provider.now()))
      return std::nullopt;
  }
  return ResumedServer(session.peer_certificates, session.peer_verified);
}

Expected<PeerIdentity> ServerAuthPolicy::authenticate(const crypto::Provider& provider,
                                                      std::span<const ByteView> certificates,
                                                      bool resumption) const {
  if (!set_) return internal_failure("the client has no policy to authenticate the server by");
  PeerCheck check;
  check.provider = &provider;
  check.trust = trust_.get();
  check.purpose = x509::Purpose::server_auth;
  check.host = check_name_ ? std::string_view(name_) : std::string_view();
  check.peer = "server";
  check.pins = pins_;
  check.verifier = verifier_.get();
  check.server_name = verifier_name_;
  check.resumption = resumption;
  return PeerIdentity::authenticate(check, certificates);
}

AuthenticatedServer AuthenticatedServer::by_signature(const PeerIdentity& server,
                                                      SignatureChecked proof) {
  return AuthenticatedServer(server.chain(), server.verified(), proof.scheme());
}

AuthenticatedServer AuthenticatedServer::by_key_transport(const PeerIdentity& server,
                                                          KeyTransportAllowed) {
  return AuthenticatedServer(server.chain(), server.verified());
}

Expected<AuthenticatedServer> AuthenticatedServer::by_resumption(ResumedServer session,
                                                                 const ServerAuthPolicy& policy,
                                                                 const crypto::Provider& provider) {
  if (!policy.reverifies_on_resume())
    return AuthenticatedServer(session.chain(), session.verified());
  // Our checks and the verifier run again on the session's chain, now: a refusal ends the
  // handshake (the server has already accepted the session).
  std::vector<ByteView> chain;
  chain.reserve(session.chain().size());
  for (const x509::ParsedCertificate& certificate : session.chain())
    chain.push_back(certificate.der());
  if (chain.empty()) return internal_failure("a session without the server's chain is reverified");
  auto server = policy.authenticate(provider, chain, true);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  return AuthenticatedServer(server->chain(), server->verified());
}

// --- The client's authentication on the server --------------------------------------------

Expected<ClientAuthRecord> ClientAuthPolicy::record(
    const crypto::Provider& provider, const AuthenticatedClient& authenticated) const {
  ClientAuthRecord record;
  record.policy = mode;
  const std::vector<x509::ParsedCertificate>* client = &authenticated.chain();
  if (client->empty() || mode == ClientAuth::none) return record;
  record.verified = authenticated.verified();
  if (trust == nullptr && !replaced_by_verifier(verifier))
    return internal_failure("a client certificate was checked without anchors");
  if (trust != nullptr) {
    auto anchors = trust->fingerprint(provider);
    if (!anchors) return Unexpected<Error>(std::move(anchors.error()));
    record.anchors = *anchors;
  }
  if (verifier != nullptr) {
    auto digest = verifier->digest(provider);
    if (!digest) return Unexpected<Error>(std::move(digest.error()));
    record.verifier = *digest;
  }
  for (const x509::ParsedCertificate& certificate : *client)
    record.chain.emplace_back(certificate.der().begin(), certificate.der().end());
  return record;
}

std::optional<ResumedClient> ClientAuthPolicy::authorize(const crypto::Provider& provider,
                                                         const ClientAuthRecord& session) const {
  if (mode == ClientAuth::none) return ResumedClient({}, false);
  // A client that was never asked for a certificate may hold one it would have shown.
  if (session.policy == ClientAuth::none) return std::nullopt;
  if (session.chain.empty()) {
    if (mode == ClientAuth::require) return std::nullopt;
    return ResumedClient({}, false);
  }
  x509::TrustFingerprint anchors{};
  if (trust != nullptr) {
    auto current = trust->fingerprint(provider);
    if (!current) return std::nullopt;
    anchors = *current;
  } else if (!replaced_by_verifier(verifier)) {
    return std::nullopt;
  }
  if (anchors != session.anchors) return std::nullopt;
  PolicyDigest current_verifier{};
  if (verifier != nullptr) {
    auto digest = verifier->digest(provider);
    if (!digest) return std::nullopt;
    current_verifier = *digest;
  }
  if (current_verifier != session.verifier) return std::nullopt;
  std::vector<x509::ParsedCertificate> chain = parse_chain(session.chain);
  if (chain.size() != session.chain.size()) return std::nullopt;
  if (session.verified && !leaf_valid_at(chain, provider.now())) return std::nullopt;
  return ResumedClient(std::move(chain), session.verified);
}

bool ClientAuthPolicy::reverify(const crypto::Provider& provider,
                                const ResumedClient& client) const {
  if (verifier == nullptr || !verifier->reverify_on_resume || client.chain().empty()) return true;
  std::vector<ByteView> chain;
  chain.reserve(client.chain().size());
  for (const x509::ParsedCertificate& certificate : client.chain())
    chain.push_back(certificate.der());
  return authenticate_client(provider, *this, chain, true).has_value();
}

bool fits_in_session(const ClientAuthRecord& record) noexcept {
  std::size_t total = 0;
  for (const Bytes& certificate : record.chain)
    total += certificate.size() + 3;
  return total <= kMaxSessionClientChainSize;
}

Expected<PeerIdentity> authenticate_client(const crypto::Provider& provider,
                                           const ClientAuthPolicy& policy,
                                           std::span<const ByteView> certificates,
                                           bool resumption) {
  if (policy.trust == nullptr && !replaced_by_verifier(policy.verifier))
    return internal_failure("a client certificate arrived with no anchors to check it against");
  PeerCheck check;
  check.provider = &provider;
  check.trust = policy.trust;
  check.purpose = x509::Purpose::client_auth;
  check.peer = "client";
  check.verifier = policy.verifier;
  check.resumption = resumption;
  return PeerIdentity::authenticate(check, certificates);
}

AuthenticatedClient AuthenticatedClient::by_signature(const PeerIdentity& client,
                                                      SignatureChecked proof) {
  return AuthenticatedClient(client.chain(), client.verified(), proof.scheme());
}

AuthenticatedClient AuthenticatedClient::by_resumption(ResumedClient session) {
  const bool verified = session.verified() && !session.chain().empty();
  return AuthenticatedClient(session.chain(), verified);
}

Expected<AuthenticatedClient> AuthenticatedClient::without_certificate(ClientAuth policy,
                                                                       AlertDescription refusal,
                                                                       std::string_view rule) {
  if (policy == ClientAuth::require) {
    return fail(
        ErrorKind::peer_incompatible, ErrorCode::handshake_failure, refusal,
        "the client sent no certificate, and this server requires one (" + std::string(rule) + ")");
  }
  return AuthenticatedClient({}, false);
}

}  // namespace cpptls::handshake
