#pragma once
// The TLS 1.2 server (RFC 5246 7.3), the eleven handshake steps (docs/handshake-steps.md) from the
// server's side:
//
//                                <--  ClientHello                         (step 1)
//   ServerHello, Certificate,    -->                                      (step 2)
//   [ServerKeyExchange], [CertificateRequest], ServerHelloDone
//                                <--  [Certificate], ClientKeyExchange,   (step 4)
//                                     [CertificateVerify]
//   (master secret, session keys)                                         (steps 5-6)
//                                <--  [ChangeCipherSpec], Finished        (steps 7-8)
//   [ChangeCipherSpec], Finished -->                                      (steps 9-10)
//   application data            <->                                       (step 11)
//
// One std::variant of move-only state structs named by what they expect (design rule
// 3). The certificate is chosen by the client's server_name, then by what the client can use
// (handshake/common/credential_choice.hpp). With client_auth set the server sends a
// CertificateRequest and expects the client's Certificate before ClientKeyExchange and, when
// that held a certificate, a CertificateVerify after it (RFC 5246 7.4.4, 7.4.6, 7.4.8). With
// RSA key transport a bad premaster (padding, version) is not an error where it is decrypted:
// it becomes random bytes (crypto::PrivateKey::decrypt_premaster), and the handshake fails at
// the client's Finished with decrypt_error, exactly like a wrong Finished (RFC 5246 7.4.7.1).
// A ClientHello once connected is a renegotiation attempt and is refused with
// no_renegotiation. A ClientHello offering a resumable session (ticket or cached session id,
// with the extended master secret) gets the abbreviated handshake instead
// (server_resumption.cpp); a full handshake's states carry what its ServerHello promised for
// the next one (server::SessionPromise) to our Finished, where the session is kept.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/traffic_keys.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/peer_identity.hpp"
#include "handshake/common/session_ticket.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/key_schedule.hpp"
#include "handshake/tls12/session_keys.hpp"
#include "handshake/tls12/transcript.hpp"
#include "wire/messages/client_hello.hpp"

namespace cpptls::hs12 {

namespace server {

struct ExpectClientHello {
  static constexpr std::string_view kName = "ExpectClientHello";
};

// What reading the ClientKeyExchange takes, settled by the ClientHello.
struct PendingKeyExchange {
  std::unique_ptr<crypto::KeyShare> share;  // ECDHE suites; null for RSA key transport
  // RSA key transport: the chosen credential's key, which decrypts the premaster.
  std::shared_ptr<const crypto::PrivateKey> decryption_key;
  // ClientHello.client_version, which the RSA premaster must start with (RFC 5246 7.4.7.1).
  std::uint16_t client_version = 0;
};

// What a full handshake's ServerHello promised about resumption (RFC 5246 7.4.1.3, RFC 5077
// 3.2): the session id it gave (empty: the session is not cached) and whether it held an empty
// session_ticket extension, so that a NewSessionTicket goes before our ChangeCipherSpec (RFC
// 5077 3.3). The states of the full handshake carry it to our Finished, where it is kept.
struct SessionPromise {
  Bytes session_id;
  bool ticket = false;
};

// Only after a CertificateRequest (client_auth request or require). The transcript keeps the
// messages, which the client's CertificateVerify signs.
struct ExpectClientCertificate {
  static constexpr std::string_view kName = "ExpectClientCertificate";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  PendingKeyExchange key_exchange;
};

struct ExpectClientKeyExchange {
  static constexpr std::string_view kName = "ExpectClientKeyExchange";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  PendingKeyExchange key_exchange;
  // The client's verified certificate, whose key must still prove itself in CertificateVerify;
  // or, when no certificate was asked for or the client sent none, the policy's acceptance of
  // that.
  std::variant<handshake::AuthenticatedClient, handshake::PeerIdentity> client;
};

struct ExpectCertificateVerify {
  static constexpr std::string_view kName = "ExpectCertificateVerify";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  KeyBlock keys;
  handshake::PeerIdentity client;
};

// From here to Connected the client's authentication is held: the only values that say who
// the client is (or that the policy lets it be nobody).
struct ExpectChangeCipherSpec {
  static constexpr std::string_view kName = "ExpectChangeCipherSpec";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  KeyBlock keys;
  handshake::AuthenticatedClient client;
};

struct ExpectFinished {
  static constexpr std::string_view kName = "ExpectFinished";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  crypto::TrafficKeys server_write;
  handshake::AuthenticatedClient client;
};

// The abbreviated handshake (RFC 5246 7.3, RFC 5077 3.1): the server resumed a session and
// has sent ServerHello, ChangeCipherSpec and Finished; the client's ChangeCipherSpec comes
// next.
struct ExpectResumedChangeCipherSpec {
  static constexpr std::string_view kName = "ExpectResumedChangeCipherSpec";
  Transcript transcript;
  Negotiated negotiated;
  MasterSecret master;
  crypto::TrafficKeys client_write;
  handshake::AuthenticatedClient client;  // the session's, as the current policy accepts it
};

struct ExpectResumedFinished {
  static constexpr std::string_view kName = "ExpectResumedFinished";
  Transcript transcript;
  Negotiated negotiated;
  MasterSecret master;
  handshake::AuthenticatedClient client;
};

struct Connected {
  static constexpr std::string_view kName = "Connected";
};

// After a failure: the same error forever.
struct Failed {
  static constexpr std::string_view kName = "Failed";
  Error error;
};

using State = std::variant<ExpectClientHello, ExpectClientCertificate, ExpectClientKeyExchange,
                           ExpectCertificateVerify, ExpectChangeCipherSpec, ExpectFinished,
                           ExpectResumedChangeCipherSpec, ExpectResumedFinished, Connected, Failed>;

}  // namespace server

class ServerHandshake final : public handshake::Handshake {
 public:
  explicit ServerHandshake(handshake::ServerSettings settings);

  // Nothing to send: the client speaks first.
  [[nodiscard]] Expected<void> start(handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override;

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }

 private:
  using Step = Expected<server::State>;

  [[nodiscard]] Step on(server::ExpectClientHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectClientCertificate& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectClientKeyExchange& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectCertificateVerify& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectChangeCipherSpec& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectResumedChangeCipherSpec& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectResumedFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::Connected& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(server::Failed& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);

  // The steps, in the order of the handshake (server_hello.cpp, server_client_auth.cpp,
  // server_flight.cpp).
  [[nodiscard]] Expected<void> check_settings() const;
  [[nodiscard]] Step accept_client_hello(ByteView body, ByteView encoded, handshake::Output& out);
  [[nodiscard]] bool requests_certificate() const noexcept {
    return settings_.client_auth != handshake::ClientAuth::none;
  }
  [[nodiscard]] Expected<void> append_certificate_request(Bytes& flight) const;
  [[nodiscard]] Step accept_client_certificate(server::ExpectClientCertificate& s, ByteView body,
                                               ByteView encoded);
  [[nodiscard]] Step accept_client_key_exchange(server::ExpectClientKeyExchange& s, ByteView body,
                                                ByteView encoded);
  [[nodiscard]] Step accept_certificate_verify(server::ExpectCertificateVerify& s, ByteView body,
                                               ByteView encoded);
  [[nodiscard]] Step accept_finished(server::ExpectFinished& s, ByteView body, ByteView encoded,
                                     handshake::Output& out);

  // Resumption (server_resumption.cpp). The session the client offers by ticket or session
  // id, when it may be resumed with what this ClientHello offers (RFC 5246 7.3, RFC 5077 3.1,
  // RFC 7627 5.3).
  // The session comes with its client as the current client-auth policy accepts it.
  [[nodiscard]] std::optional<std::pair<handshake::ServerSessionState, handshake::ResumedClient>>
  find_resumable(const wire::ClientHello& hello, std::optional<ByteView> ticket,
                 bool extended_master_secret, const std::string& server_name,
                 bool& by_ticket) const;
  // The server's side of the abbreviated handshake: `server_hello` (encoded, echoing the
  // client's session id), ChangeCipherSpec, Finished, with keys from the session's master
  // secret and the new randoms.
  [[nodiscard]] Step resume(const handshake::ServerSessionState& session,
                            handshake::ResumedClient client, Negotiated negotiated,
                            Bytes server_hello, ByteView client_hello, handshake::Output& out);
  [[nodiscard]] Step accept_resumed_finished(server::ExpectResumedFinished& s, ByteView body,
                                             ByteView encoded, handshake::Output& out);
  // After a full handshake: the state a ticket seals and the cache keeps, with the client's
  // authentication; nothing when it cannot be kept (a client chain too large to seal).
  [[nodiscard]] std::optional<handshake::ServerSessionState> session_state(
      const MasterSecret& master, const handshake::AuthenticatedClient& client) const;
  void record_client(const handshake::AuthenticatedClient& client);

  [[nodiscard]] const crypto::Provider& provider() const noexcept { return *settings_.provider; }

  handshake::ServerSettings settings_;
  // The configured lists with the defaults filled in.
  std::vector<crypto::CipherSuite> suites_;
  std::vector<crypto::NamedGroup> groups_;
  std::vector<crypto::SignatureScheme> verify_schemes_;   // the peer may sign with these
  std::vector<crypto::SignatureScheme> signing_schemes_;  // we sign with these

  handshake::SessionSummary summary_;
  server::State state_;
};

}  // namespace cpptls::hs12
