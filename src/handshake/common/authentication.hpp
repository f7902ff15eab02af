#pragma once
// Who the peer is, as values only the checking code can make (docs/design.md, "Security
// invariants"). A handshake completes only from an AuthenticatedServer (client side) or an
// AuthenticatedClient (server side), and those are built only from:
//   - a PeerIdentity (the chain parsed and, under the policy, verified with the name) together
//     with the proof that the peer holds its key: SignatureChecked (a CertificateVerify or a
//     TLS 1.2 ServerKeyExchange verified with the leaf's key, which keyUsage allows to sign) or
//     KeyTransportAllowed (TLS 1.2 RSA key transport to a key that keyUsage allows to
//     encipher keys; the server then proves itself by its Finished);
//   - a resumed session that the current policy authorizes (ResumedServer, ResumedClient),
//     which records how its peer was authenticated when it was made;
//   - on the server only, AuthenticatedClient::without_certificate, which fails under a policy
//     that requires one.
// A change that skips one of these checks no longer compiles: there is no other way to make
// the values the completing states hold.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/peer_identity.hpp"
#include "handshake/common/peer_verifier.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake {

struct StoredSession;
struct ServerSessionState;

// --- The proof that the peer holds its certificate's key ----------------------------------

// What the handshake does with the peer's key, and the keyUsage bit that must allow it when
// the certificate has the extension (RFC 5280 4.2.1.3; RFC 8446 4.4.2.2; RFC 5246 7.4.2).
enum class KeyUse : std::uint8_t {
  sign,           // digitalSignature: CertificateVerify, TLS 1.2 ServerKeyExchange
  encipher_keys,  // keyEncipherment: TLS 1.2 RSA key transport
};

// unsupported_certificate naming the missing bit, when the leaf's keyUsage forbids `use`.
// `peer` is "server" or "client".
[[nodiscard]] Expected<void> check_key_usage(const PeerIdentity& peer, KeyUse use,
                                             std::string_view peer_name);

// A handshake signature made with the peer's key was verified, with scheme().
class SignatureChecked {
 public:
  SignatureChecked(SignatureChecked&&) noexcept = default;
  SignatureChecked& operator=(SignatureChecked&&) noexcept = default;

  [[nodiscard]] crypto::SignatureScheme scheme() const noexcept { return scheme_; }

 private:
  friend Expected<SignatureChecked> verify_peer_signature(const PeerIdentity&,
                                                          const crypto::SignatureSchemeInfo&,
                                                          ByteView, ByteView, std::string_view,
                                                          std::string_view);
  explicit SignatureChecked(crypto::SignatureScheme scheme) noexcept : scheme_(scheme) {}
  crypto::SignatureScheme scheme_;
};

// Checks that the leaf's keyUsage allows signing, then `signature` over `content` with the
// scheme. A bad signature is decrypt_error (RFC 8446 4.4.3, RFC 5246 7.4.8) with a reason
// that starts with `what` ("the server's CertificateVerify").
[[nodiscard]] Expected<SignatureChecked> verify_peer_signature(
    const PeerIdentity& peer, const crypto::SignatureSchemeInfo& scheme, ByteView content,
    ByteView signature, std::string_view what, std::string_view peer_name);

// The server's certificate allows RSA key transport to its key.
class KeyTransportAllowed {
 public:
  KeyTransportAllowed(KeyTransportAllowed&&) noexcept = default;
  KeyTransportAllowed& operator=(KeyTransportAllowed&&) noexcept = default;

 private:
  friend Expected<KeyTransportAllowed> allow_key_transport(const PeerIdentity&);
  KeyTransportAllowed() = default;
};

[[nodiscard]] Expected<KeyTransportAllowed> allow_key_transport(const PeerIdentity& server);

// --- How the client authenticates the server ----------------------------------------------

// The policy as a session records it, to compare with the policy of a later connection.
struct ServerAuthRecord {
  enum class Mode : std::uint8_t { none = 0, chain = 1, chain_and_name = 2, pins_only = 3 };
  Mode mode = Mode::none;
  x509::TrustFingerprint anchors{};  // zero unless mode verifies
  std::string name;                  // chain_and_name only
  PolicyDigest pins{};               // pins_digest of the pin set; zero without pins
  PolicyDigest verifier{};           // VerifierPolicy::digest; zero without a verifier
  // The application checked the stapled OCSP response (ClientSettings::ocsp_check): a session
  // made without that check is not resumed by a configuration that has it.
  bool ocsp_checked = false;

  friend bool operator==(const ServerAuthRecord&, const ServerAuthRecord&) = default;
};

class ResumedServer;

// ClientSettings::server_auth. Default-constructed it is unset, and every handshake with it
// fails: there is no way to verify by default without saying against what, and for which
// name.
class ServerAuthPolicy {
 public:
  ServerAuthPolicy() = default;

  // The chain against `trust` for serverAuth, and `name` (a DNS name or an IP literal)
  // against the leaf (RFC 9525). An empty name or no anchors is a configuration error.
  [[nodiscard]] static Expected<ServerAuthPolicy> verify(
      std::shared_ptr<const x509::TrustStore> trust, std::string name);
  // The chain only: any certificate issued under `trust` is accepted, for any host. Only for
  // anchors that stand for one peer (pinning); named as such in the public configuration.
  [[nodiscard]] static Expected<ServerAuthPolicy> verify_chain_only(
      std::shared_ptr<const x509::TrustStore> trust);
  // The leaf's key against `pins` only: neither the chain nor a name is verified. Only through
  // ClientConfig::verify_by_pins_only; at least one pin.
  [[nodiscard]] static Expected<ServerAuthPolicy> verify_pins_only(std::vector<SpkiDigest> pins);
  // Nothing is verified (insecure_skip_verification).
  [[nodiscard]] static ServerAuthPolicy no_verification();

  // Adds pins (the leaf's key must be one of them, beside the chain and name) and the
  // application's verifier (told `server_name`) to a policy that verifies; a policy that
  // verifies nothing takes neither.
  [[nodiscard]] Expected<void> add_checks(std::vector<SpkiDigest> pins,
                                          std::shared_ptr<const VerifierPolicy> verifier,
                                          std::string server_name);

  // The client checks the server's stapled OCSP response too (ClientSettings::ocsp_check),
  // which resumption skips: sessions are then kept and admitted apart from those made without
  // that check (invariant 11).
  void set_ocsp_checked(bool checked) noexcept { ocsp_checked_ = checked; }

  [[nodiscard]] bool is_set() const noexcept { return set_; }
  [[nodiscard]] bool verifies() const noexcept { return trust_ != nullptr; }
  // Anything is checked at all: anchors, pins or a verifier.
  [[nodiscard]] bool checks() const noexcept {
    return verifies() || !pins_.empty() || verifier_ != nullptr;
  }
  // Null unless verifies().
  [[nodiscard]] const x509::TrustStore* trust() const noexcept { return trust_.get(); }
  // Empty unless the name is checked.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  // How a session made under this policy records it.
  [[nodiscard]] Expected<ServerAuthRecord> record(const crypto::Provider& provider) const;
  // The key a session store keeps this policy's sessions under for `server_name`: sessions
  // made under other policies are not even looked at.
  [[nodiscard]] Expected<std::string> session_key(const crypto::Provider& provider,
                                                  std::string_view server_name) const;
  // A stored session whose server this policy accepts now: not expired (nor, when it was
  // verified to anchors, the leaf certificate it was verified on), and verified under
  // the same anchors, for the same name, with the same pins and verifier when this policy
  // checks any (and to a trust anchor, unless no anchors are used or the verifier replaces
  // ours). Nothing otherwise (the session is then not offered).
  [[nodiscard]] std::optional<ResumedServer> authorize(const crypto::Provider& provider,
                                                       const StoredSession& session) const;

  // Verifies `certificates` (as sent, leaf first) under this policy; `resumption` when it is
  // a resumed session's chain, checked again (reverify_on_resume).
  [[nodiscard]] Expected<PeerIdentity> authenticate(const crypto::Provider& provider,
                                                    std::span<const ByteView> certificates,
                                                    bool resumption = false) const;
  // Whether a session must be checked again before it is resumed.
  [[nodiscard]] bool reverifies_on_resume() const noexcept {
    return verifier_ != nullptr && verifier_->reverify_on_resume;
  }

 private:
  bool set_ = false;
  std::shared_ptr<const x509::TrustStore> trust_;
  bool check_name_ = false;
  std::string name_;
  std::vector<SpkiDigest> pins_;
  std::shared_ptr<const VerifierPolicy> verifier_;
  std::string verifier_name_;  // the configured server name, for the verifier
  bool ocsp_checked_ = false;
};

// A stored session that the client's current policy accepts.
class ResumedServer {
 public:
  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  [[nodiscard]] bool verified() const noexcept { return verified_; }

 private:
  friend class ServerAuthPolicy;
  ResumedServer(std::vector<x509::ParsedCertificate> chain, bool verified)
      : chain_(std::move(chain)), verified_(verified) {}
  std::vector<x509::ParsedCertificate> chain_;
  bool verified_ = false;
};

// The client's proof of who the server is, which the states that complete its handshake hold.
class AuthenticatedServer {
 public:
  [[nodiscard]] static AuthenticatedServer by_signature(const PeerIdentity& server,
                                                        SignatureChecked);
  [[nodiscard]] static AuthenticatedServer by_key_transport(const PeerIdentity& server,
                                                            KeyTransportAllowed);
  // The session's server; under reverify_on_resume, only once the policy has checked the
  // session's chain again (a refusal is the handshake's error).
  [[nodiscard]] static Expected<AuthenticatedServer> by_resumption(
      ResumedServer session, const ServerAuthPolicy& policy, const crypto::Provider& provider);

  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  [[nodiscard]] bool verified() const noexcept { return verified_; }
  // The scheme of the signature verified in this handshake; none for RSA key transport and
  // resumption (a session records no scheme, so a resumption cannot claim one).
  [[nodiscard]] std::optional<crypto::SignatureScheme> signature_scheme() const noexcept {
    return signature_scheme_;
  }

 private:
  AuthenticatedServer(std::vector<x509::ParsedCertificate> chain, bool verified,
                      std::optional<crypto::SignatureScheme> signature_scheme = std::nullopt)
      : chain_(std::move(chain)), verified_(verified), signature_scheme_(signature_scheme) {}
  std::vector<x509::ParsedCertificate> chain_;
  bool verified_ = false;
  std::optional<crypto::SignatureScheme> signature_scheme_;
};

// --- How the server authenticates the client ----------------------------------------------

// Whether the server asks the client for a certificate (RFC 8446 4.3.2, RFC 5246 7.4.4).
// Ordered: a session made under a policy at least as strict as the current one may resume.
enum class ClientAuth : std::uint8_t {
  none = 0,
  request = 1,  // asked for; a client without one is accepted, a bad one is refused
  require = 2,  // a client without one is refused with certificate_required (1.3) or
                // handshake_failure (1.2)
};

// What a server session records of its client (sealed in tickets, kept in the cache).
struct ClientAuthRecord {
  ClientAuth policy = ClientAuth::none;  // the policy the handshake ran under
  // The client's chain as sent, leaf first, verified under `anchors`; empty: no certificate.
  std::vector<Bytes> chain;
  // A path from the chain to `anchors` was verified. False when an application verifier that
  // replaces ours accepted a chain our checks did not (or could not) verify: a resumption
  // must report the client as what the full handshake found, never as more.
  bool verified = false;
  x509::TrustFingerprint anchors{};  // zero when no anchors were used (a verifier replaced ours)
  PolicyDigest verifier{};           // VerifierPolicy::digest; zero without a verifier
  // The application checked the stapled OCSP response (ClientSettings::ocsp_check): a session
  // made without that check is not resumed by a configuration that has it.
  bool ocsp_checked = false;
};

// Bounds what a session may keep of the client's chain (tickets are at most 2^16-1 bytes);
// a session over it is not kept.
inline constexpr std::size_t kMaxSessionClientChainSize = 16384;
[[nodiscard]] bool fits_in_session(const ClientAuthRecord& record) noexcept;

class ResumedClient;
class AuthenticatedClient;

// The server's current client-authentication policy, to authorize a session's client.
struct ClientAuthPolicy {
  ClientAuth mode = ClientAuth::none;
  // Required unless mode is none, or a verifier replaces our verification.
  const x509::TrustStore* trust = nullptr;
  const VerifierPolicy* verifier = nullptr;  // the application's, if any

  // How a session made now records the handshake's `client`.
  [[nodiscard]] Expected<ClientAuthRecord> record(const crypto::Provider& provider,
                                                  const AuthenticatedClient& client) const;
  // The session's client, when this policy accepts it without a new certificate: the session
  // was made under a policy at least as strict; a certificate it holds was verified under
  // the same anchors and verifier; a policy that requires one finds one. Nothing: a full
  // handshake. The client is verified only if the session says so.
  [[nodiscard]] std::optional<ResumedClient> authorize(const crypto::Provider& provider,
                                                       const ClientAuthRecord& session) const;
  // Under reverify_on_resume, our checks and the verifier run again on an authorized
  // session's chain; false: they refuse it now (the session is then not resumed, and the
  // full handshake meets the same checks). Called only after the session's own checks (TLS
  // 1.3: its binder); the binder covers the ClientHello alone, so a ClientHello replayed as
  // it was can still make us call the verifier again, though the replayer cannot finish the
  // handshake.
  [[nodiscard]] bool reverify(const crypto::Provider& provider, const ResumedClient& client) const;
};

// Verifies a client's `certificates` (as sent, leaf first) against policy.trust for
// clientAuth, then asks policy.verifier.
[[nodiscard]] Expected<PeerIdentity> authenticate_client(const crypto::Provider& provider,
                                                         const ClientAuthPolicy& policy,
                                                         std::span<const ByteView> certificates,
                                                         bool resumption = false);

// A session's client that the server's current policy accepts.
class ResumedClient {
 public:
  // Empty when the session had no client certificate, or the policy does not ask for one.
  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  // A path to the anchors was verified when the session was made (ClientAuthRecord::verified).
  [[nodiscard]] bool verified() const noexcept { return verified_; }

 private:
  friend struct ClientAuthPolicy;
  ResumedClient(std::vector<x509::ParsedCertificate> chain, bool verified)
      : chain_(std::move(chain)), verified_(verified) {}
  std::vector<x509::ParsedCertificate> chain_;
  bool verified_ = false;
};

// The server's proof of who the client is (or that it need not be anyone).
class AuthenticatedClient {
 public:
  [[nodiscard]] static AuthenticatedClient by_signature(const PeerIdentity& client,
                                                        SignatureChecked);
  [[nodiscard]] static AuthenticatedClient by_resumption(ResumedClient session);
  // No certificate: fine when none was asked for or one was only requested; under require,
  // the alert `refusal` (certificate_required in TLS 1.3, handshake_failure in TLS 1.2) with
  // a reason citing `rule`.
  [[nodiscard]] static Expected<AuthenticatedClient> without_certificate(ClientAuth policy,
                                                                         AlertDescription refusal,
                                                                         std::string_view rule);

  // Leaf first; empty when the client has no certificate.
  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  [[nodiscard]] bool verified() const noexcept { return verified_; }
  // The scheme of the CertificateVerify verified in this handshake; none without a
  // certificate and on resumption.
  [[nodiscard]] std::optional<crypto::SignatureScheme> signature_scheme() const noexcept {
    return signature_scheme_;
  }

 private:
  AuthenticatedClient(std::vector<x509::ParsedCertificate> chain, bool verified,
                      std::optional<crypto::SignatureScheme> signature_scheme = std::nullopt)
      : chain_(std::move(chain)), verified_(verified), signature_scheme_(signature_scheme) {}
  std::vector<x509::ParsedCertificate> chain_;
  bool verified_ = false;
  std::optional<crypto::SignatureScheme> signature_scheme_;
};

}  // namespace cpptls::handshake
