#pragma once
// How a client or a server is configured. A configuration is plain data: build it once and
// create any number of connections from it (the connection copies what it needs).
// Thread-safety: a configuration is a value; once built, any number of threads may create
// connections from it at once. What it shares by pointer is safe to share (trust anchors and
// credentials are immutable, caches are synchronised, a verifier must be thread-safe).
//
//   cpptls::ClientConfig config;
//   config.provider = &cpptls::openssl_provider();
//   config.server_name = "example.com";
//   config.alpn = {"http/1.1"};
//   auto connection = cpptls::ClientConnection::create(config);

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/algorithms.hpp"
#include "cpptls/provider.hpp"
#include "cpptls/result.hpp"
#include "cpptls/session.hpp"
#include "cpptls/verifier.hpp"

namespace cpptls {

namespace x509 {
class TrustStore;
}  // namespace x509
namespace detail {
struct CredentialData;
}  // namespace detail

// The certificate authorities a client trusts. Copies share one immutable store.
class TrustAnchors {
 public:
  // No anchors at all (nothing verifies against it).
  TrustAnchors();

  // The system store: $SSL_CERT_FILE and $SSL_CERT_DIR when set, else Debian's
  // /etc/ssl/certs/ca-certificates.crt.
  [[nodiscard]] static Result<TrustAnchors> system();
  // Every certificate in a PEM file (a CA bundle).
  [[nodiscard]] static Result<TrustAnchors> from_pem_file(const std::string& path);
  // Every certificate in PEM text.
  [[nodiscard]] static Result<TrustAnchors> from_pem(std::string_view pem);

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<const x509::TrustStore>& store() const noexcept {
    return store_;
  }

 private:
  explicit TrustAnchors(std::shared_ptr<const x509::TrustStore> store) noexcept;
  std::shared_ptr<const x509::TrustStore> store_;
};

// A server's certificate chain (leaf first) and the private key of its leaf. Copies share
// one immutable credential.
class Credential {
 public:
  // The chain file holds the leaf certificate, then any intermediates; the key file one
  // private key (PKCS#8, or traditional RSA or EC). Fails with a reason that names the file
  // when a file cannot be read, holds no certificate, or the key does not match the leaf.
  [[nodiscard]] static Result<Credential> from_pem_files(const crypto::Provider& provider,
                                                         const std::string& chain_file,
                                                         const std::string& key_file);
  [[nodiscard]] static Result<Credential> from_pem(const crypto::Provider& provider,
                                                   std::string_view chain_pem,
                                                   std::string_view key_pem);

  // A copy of this credential that staples `der`, an OCSP response for the leaf (RFC 6960),
  // when a client asks for certificate status (OCSP stapling: RFC 6066 8, RFC 8446 4.4.2.1).
  // The library sends it as given and does not check it: refresh it before it expires (as
  // with nginx's ssl_stapling_file or s_server -status_file) by making a new credential and
  // a new ServerConfig. Empty: staple nothing. More than 65531 bytes (what a TLS 1.3
  // certificate extension holds) is refused.
  [[nodiscard]] Result<Credential> with_ocsp_response(std::vector<std::uint8_t> der) const;
  // The stapled OCSP response; empty when none is configured.
  [[nodiscard]] std::span<const std::uint8_t> ocsp_response() const noexcept;

  // The leaf's subject ("CN=localhost").
  [[nodiscard]] std::string subject() const;
  [[nodiscard]] std::size_t chain_length() const noexcept;
  // Whether the leaf certificate is valid for `host` (a DNS name or an IP address), by its
  // subjectAltName as RFC 9525 says.
  [[nodiscard]] bool matches_name(std::string_view host) const;

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<const detail::CredentialData>& data() const noexcept {
    return data_;
  }

 private:
  explicit Credential(std::shared_ptr<const detail::CredentialData> data) noexcept;
  std::shared_ptr<const detail::CredentialData> data_;
};

// One NSS key log line ("CLIENT_RANDOM <client random hex> <master secret hex>"), without the
// line end, for tools such as Wireshark to decrypt a capture. It holds a secret.
using KeyLogCallback = std::function<void(std::string_view line)>;

// A handshake message, change_cipher_spec or alert sent or received; for `--trace`.
struct TraceEvent {
  bool sent = false;      // we sent it; otherwise we received it
  std::string_view what;  // "client_hello", "change_cipher_spec", "alert", ...
  // For alerts: "warning" or "fatal", and the alert's name. Empty otherwise.
  std::string_view alert_level;
  std::string_view alert;
  std::size_t length = 0;  // bytes of the message (handshake: header included)
  // The step of the eleven handshake steps (docs/handshake-steps.md) that the message carries
  // out (1 ClientHello, 2 the server's hello messages, 4 ClientKeyExchange, 7-10 the
  // ChangeCipherSpec and Finished of each side), or 0.
  int handshake_step = 0;
  std::string_view state;  // the handshake state when it happened ("ExpectServerHello")
  std::string_view line;   // all of the above as one line of text
};
using TraceCallback = std::function<void(const TraceEvent& event)>;

struct ClientConfig {
  // Required: where cryptography comes from (normally &cpptls::openssl_provider()).
  const crypto::Provider* provider = nullptr;

  // The anchors to verify the server against. Unset: the system store, loaded when each
  // connection is created; set it once (TrustAnchors::system()) when making many.
  std::optional<TrustAnchors> trust;
  // Sent as SNI (RFC 6066 3) and checked against the server's certificate (RFC 9525). An IP
  // address literal is checked but not sent. Required while the server is verified: a client
  // that verifies without a name fails to create its connections, since any certificate
  // under `trust` would pass, for any host (see verify_chain_without_name).
  std::string server_name;
  // Verifies the server's chain against `trust` but checks no name: any certificate issued
  // under those anchors is accepted, for any host. Only for anchors that stand for one peer
  // (a pinned self-signed certificate, a private CA that issues to one server); server_name
  // must then be empty. Ignored with insecure_skip_verification.
  bool verify_chain_without_name = false;
  // SPKI pins (verifier.hpp): when not empty, the server's leaf key must be one of them, in
  // addition to the verification above. Keep a backup pin: a server whose key changes is
  // refused until the list is updated.
  std::vector<SpkiPin> pinned_spki_sha256;
  // Accepts the server by pinned_spki_sha256 alone: neither its chain nor its name is verified
  // (server_name is still sent). The pins must not be empty; trust is not used.
  bool verify_by_pins_only = false;
  // A check of the server's certificate of your own (verifier.hpp), after ours unless
  // verifier_mode says instead_of_ours. With reverify_on_resume our checks and the verifier
  // run again on a session's chain before it is resumed (a refusal fails that handshake).
  std::shared_ptr<const CertificateVerifier> verifier;
  VerifierMode verifier_mode = VerifierMode::after_ours;
  bool reverify_on_resume = false;
  // ALPN protocol names to offer (RFC 7301), in order of preference; empty: no ALPN.
  std::vector<std::string> alpn;
  // The versions to offer. Both: TLS 1.3 preferred, TLS 1.2 for servers that need it.
  ProtocolVersion min_version = ProtocolVersion::tls12;
  ProtocolVersion max_version = ProtocolVersion::tls13;
  // In order of preference, both versions' suites in one list; empty: the three TLS 1.3
  // suites and the six ECDHE suites (RSA key transport only if listed). A list without a
  // suite of one version turns that version off.
  std::vector<CipherSuite> cipher_suites;
  // Empty: x25519, secp256r1, secp384r1.
  std::vector<NamedGroup> groups;
  // Signature schemes, each list in order of preference; empty: ECDSA, RSA-PSS, RSA PKCS#1
  // v1.5 (never in a TLS 1.3 handshake, RFC 8446 4.2.3), Ed25519. verify_schemes: those the
  // server may sign its handshake with (sent as signature_algorithms); a signature in any
  // other fails the handshake. signing_schemes: those `certificate`'s key signs with, when the
  // server asks for a certificate and accepts one of them.
  std::vector<SignatureScheme> verify_schemes;
  std::vector<SignatureScheme> signing_schemes;
  // Skips the server's certificate verification entirely. For tests only: anyone in the path
  // can then read and change the traffic.
  bool insecure_skip_verification = false;
  // Refuses a server without the extended master secret (RFC 7627).
  bool require_extended_master_secret = false;
  // A certificate to present when the server asks for one (mutual TLS).
  std::optional<Credential> certificate;
  // Sessions to resume and where new ones are kept (share it between connections); null:
  // every handshake is a full one.
  std::shared_ptr<SessionCache> session_cache;
  // TLS 1.2: ask for session tickets (RFC 5077) and resume with them. Off: no session_ticket
  // extension is sent, and TLS 1.2 sessions resume only by session id, from the server's
  // cache. TLS 1.3 resumption always uses tickets (RFC 8446 2.2) and is not affected.
  bool session_tickets = true;
  // OCSP stapling (RFC 6066 8, RFC 8446 4.4.2.1): ask the server for its certificate's OCSP
  // response, which SessionInfo::ocsp_response then holds. Off by default (as in OpenSSL and
  // BoringSSL). The library does not check the response (its signature, freshness or status):
  // that is the application's, from SessionInfo after the handshake or in ocsp_response_check.
  bool request_ocsp_stapling = false;
  // With request_ocsp_stapling: your check of the stapled OCSP response (DER; empty when the
  // server stapled none) and the server's chain (DER, leaf first), made during the handshake
  // once both are in; false fails it with bad_certificate_status_response (RFC 6066 8). Use it
  // to validate the response (signature, freshness, certStatus) or to require one
  // ("must-staple"). Not called on resumption, so a session is resumed under it only if it was
  // made under a check too (a shared SessionCache keeps the two apart). Called on the thread
  // driving the connection; it must not throw.
  std::function<bool(std::span<const std::uint8_t> ocsp_response,
                     const std::vector<std::vector<std::uint8_t>>& peer_chain)>
      ocsp_response_check;

  // Key logging: lines are appended to this file (if not empty) and given to the callback.
  std::string key_log_file;
  KeyLogCallback key_log;
  TraceCallback trace;
};

struct ServerConfig {
  // Required: where cryptography comes from (normally &cpptls::openssl_provider()).
  const crypto::Provider* provider = nullptr;

  // Required: at least one. The first is used (a later version chooses by SNI).
  std::vector<Credential> credentials;
  // The versions to accept. Both: TLS 1.3 for clients that offer it, else TLS 1.2.
  ProtocolVersion min_version = ProtocolVersion::tls12;
  ProtocolVersion max_version = ProtocolVersion::tls13;
  // In order of the server's preference, both versions' suites in one list; empty: the three
  // TLS 1.3 suites and the six ECDHE suites, plus the two RSA key transport suites when
  // enable_rsa_key_transport is set. A list without a suite of one version turns it off.
  std::vector<CipherSuite> cipher_suites;
  bool enable_rsa_key_transport = false;
  // Empty: x25519, secp256r1, secp384r1.
  std::vector<NamedGroup> groups;
  // Signature schemes, each list in order of preference; empty: as for the client.
  // signing_schemes: those the credential's key signs the handshake with (the client's list
  // chooses among them); a client that accepts none of them is refused. verify_schemes: those
  // a client certificate's signature may use (sent in CertificateRequest).
  std::vector<SignatureScheme> signing_schemes;
  std::vector<SignatureScheme> verify_schemes;
  // ALPN protocols the server speaks, in its order of preference; when the client offers
  // ALPN and none overlaps, the handshake fails with no_application_protocol (RFC 7301 3.2).
  std::vector<std::string> alpn;
  // Refuses clients without the extended master secret (RFC 7627).
  bool require_extended_master_secret = false;
  // Client certificates (mutual TLS): none asks for none; request asks and accepts a client
  // without one; require refuses such a client. A certificate sent is verified against
  // client_trust for the clientAuth purpose (required unless client_auth is none).
  enum class ClientAuth : std::uint8_t { none, request, require };
  ClientAuth client_auth = ClientAuth::none;
  std::optional<TrustAnchors> client_trust;
  // A check of client certificates of your own (verifier.hpp; client_auth must ask for them),
  // after ours unless client_verifier_mode is instead_of_ours (client_trust may then be unset).
  // With reverify_client_on_resume a session's client is checked again before it is resumed;
  // one refused then gets a full handshake.
  std::shared_ptr<const CertificateVerifier> client_verifier;
  VerifierMode client_verifier_mode = VerifierMode::after_ours;
  bool reverify_client_on_resume = false;
  // Ticket keys and the TLS 1.2 session cache (ServerSessions::create), shared by every
  // connection of this server; null: no tickets, no resumption.
  std::shared_ptr<ServerSessions> sessions;
  // Issue and accept tickets (with `sessions`). Off: TLS 1.2 clients resume by session id from
  // the session cache, and TLS 1.3 clients do not resume (the server keeps no TLS 1.3 state).
  bool session_tickets = true;
  // TLS 1.3: how many NewSessionTickets follow each full handshake (RFC 8446 4.6.1), 0 to 16.
  // A resumed handshake is followed by one (none with 0), replacing the ticket it used.
  std::size_t tls13_tickets = 2;

  std::string key_log_file;
  KeyLogCallback key_log;
  TraceCallback trace;
};

}  // namespace cpptls
