#pragma once
// What a handshake is configured with: the internal form of the public ClientConfig and
// ServerConfig (include/cpptls/config.hpp), built by the connection layer.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/common/session.hpp"
#include "handshake/common/session_cache.hpp"
#include "handshake/common/ticket_keys.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake {

// Called with NSS key log lines' parts: a label ("CLIENT_RANDOM", "CLIENT_HANDSHAKE_TRAFFIC_
// SECRET", ...), the client random and the secret. The connection formats and writes them.
using KeyLogCallback =
    std::function<void(std::string_view label, ByteView client_random, ByteView secret)>;

// A certificate chain (leaf first) and the private key of its leaf.
struct Credential {
  std::vector<x509::ParsedCertificate> chain;
  std::shared_ptr<const crypto::PrivateKey> key;
  // The OCSP response (DER) a server staples for the leaf when the client asks (RFC 6066 8,
  // RFC 8446 4.4.2.1); null or empty: none. At most kMaxStapledResponse bytes. Shared, since
  // each connection's settings copy the credential. Not used for a client certificate.
  std::shared_ptr<const Bytes> ocsp_response;

  [[nodiscard]] ByteView stapled_ocsp_response() const noexcept {
    return ocsp_response ? ByteView(*ocsp_response) : ByteView();
  }
};

// The largest OCSP response we staple: it must fit a TLS 1.3 CertificateEntry extension
// (opaque extension_data<0..2^16-1>, RFC 8446 4.2) after the CertificateStatus header of a
// status type and a 3-byte length (RFC 6066 8).
inline constexpr std::size_t kMaxStapledResponse = 0xffff - 4;

// The protocol versions a side may negotiate; at least one must be on. Both on: TLS 1.3 is
// preferred and TLS 1.2 is the fallback for a peer that needs it.
struct VersionSet {
  bool tls12 = true;
  bool tls13 = true;
};

struct ClientSettings {
  const crypto::Provider* provider = nullptr;
  VersionSet versions;
  // In preference order; an empty list means the defaults (defaults.hpp), which leave out
  // RSA key transport. The list holds the suites of both versions: a non-empty list without a
  // TLS 1.3 suite turns TLS 1.3 off, one without a TLS 1.2 suite turns TLS 1.2 off.
  std::vector<crypto::CipherSuite> cipher_suites;
  std::vector<crypto::NamedGroup> groups;
  // In preference order; empty: default_signature_schemes(). verify_schemes: what the server
  // may sign with (our signature_algorithms); signing_schemes: what our certificate signs with.
  std::vector<crypto::SignatureScheme> verify_schemes;
  std::vector<crypto::SignatureScheme> signing_schemes;
  // Sent as SNI (RFC 6066 3) unless empty or an IP literal. Which name the certificate is
  // checked for is the policy's (server_auth), not this.
  std::string server_name;
  std::vector<std::string> alpn;
  // How the server is authenticated; unset, every handshake fails.
  ServerAuthPolicy server_auth;
  bool require_extended_master_secret = false;
  // Presented when the server asks for a client certificate (mutual TLS); without it the
  // client answers a CertificateRequest with an empty Certificate.
  std::optional<Credential> certificate;
  KeyLogCallback key_log;
  // Where sessions are kept and taken from to resume (RFC 8446 2.2, RFC 5246 7.3), under
  // server_auth.session_key(server_name). Null: every handshake is a full one.
  std::shared_ptr<SessionStore> session_store;
  // TLS 1.2: send session_ticket (RFC 5077) and resume by ticket; off, by session id only.
  bool session_tickets = true;
  // Ask for the server's stapled OCSP response (status_request, RFC 6066 8); it is reported
  // in the summary, not validated.
  bool request_ocsp_stapling = false;
  // With request_ocsp_stapling, the application's check of the stapled response (empty: none
  // was stapled) and the server's chain, made once the certificate (and a TLS 1.2
  // CertificateStatus) has been read; false fails the handshake with
  // bad_certificate_status_response (stapled_ocsp.hpp). Null: no check. Not made on resumption.
  std::function<bool(ByteView response, const std::vector<x509::ParsedCertificate>& chain)>
      ocsp_check;
};

struct ServerSettings {
  const crypto::Provider* provider = nullptr;
  VersionSet versions;
  // In the server's preference order; an empty list means the defaults (defaults.hpp). As for
  // the client, a non-empty list without suites of one version turns that version off.
  std::vector<crypto::CipherSuite> cipher_suites;
  std::vector<crypto::NamedGroup> groups;
  // In preference order; empty: default_signature_schemes(). signing_schemes: what our
  // credential signs with; verify_schemes: what a client certificate may sign with (our
  // CertificateRequest).
  std::vector<crypto::SignatureScheme> signing_schemes;
  std::vector<crypto::SignatureScheme> verify_schemes;
  // The first is the default; later issues choose by SNI.
  std::vector<Credential> credentials;
  std::vector<std::string> alpn;
  // RFC 7627: answer a client's extended_master_secret. Off only to stand in for a server
  // without it (tests, interop checks).
  bool extended_master_secret = true;
  bool require_extended_master_secret = false;
  ClientAuth client_auth = ClientAuth::none;
  // The anchors client certificates are verified against (purpose clientAuth); required when
  // client_auth is not none.
  std::shared_ptr<const x509::TrustStore> client_trust;
  // The application's verifier of client certificates; null: none.
  std::shared_ptr<const VerifierPolicy> client_verifier;
  [[nodiscard]] ClientAuthPolicy client_auth_policy() const noexcept {
    return {client_auth, client_trust.get(), client_verifier.get()};
  }
  KeyLogCallback key_log;
  // Session tickets (TLS 1.3 NewSessionTicket; TLS 1.2 RFC 5077). Null: none issued or taken.
  std::shared_ptr<TicketKeys> ticket_keys;
  // TLS 1.2 session-id resumption. Null: session ids are not resumable.
  std::shared_ptr<SessionCache> session_cache;
  // TLS 1.3: how many NewSessionTickets follow each full handshake; a resumed one gets one
  // (none with 0), replacing the ticket it used.
  std::size_t tickets_to_send = 2;
  std::uint32_t ticket_lifetime = 7200;  // seconds; at most 604800 (RFC 8446 4.6.1)
};

}  // namespace cpptls::handshake
