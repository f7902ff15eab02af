#pragma once
// The TLS 1.3 server (RFC 8446 2, 4), full handshake with certificate authentication:
//
//                                <--  ClientHello
//   [HelloRetryRequest]          -->                       (no share for a group we take)
//                                <--  [ClientHello]        (the one share we asked for)
//   ServerHello                  -->
//   [change_cipher_spec]         -->                       (middlebox compatibility, D.4)
//   {EncryptedExtensions}        -->                       ({} = handshake keys)
//   {[CertificateRequest]}       -->                       (settings.client_auth)
//   {Certificate, CertificateVerify, Finished}  -->
//   [application data]           -->                       ([] = application keys)
//                                <--  {[Certificate, CertificateVerify]}, {Finished}
//   KeyUpdate, application data <->
//
// One std::variant of move-only state structs named by what they expect (design rule
// 3); a sticky Failed state. The compatibility change_cipher_spec of each side
// (server::CompatibilityCcs) lives in the states between the client's first ClientHello and
// its Finished, not in the class. The version dispatcher (handshake/dispatch) hands us the first
// ClientHello only when it offers TLS 1.3 and the settings allow it; the TLS 1.2 server takes the
// others.
//
// Resumption (RFC 8446 2.2): with settings.ticket_keys, NewSessionTickets follow the handshake
// (issue_tickets), and a ClientHello offering one of them with psk_dhe_ke gets a ServerHello
// with pre_shared_key and key_share, then EncryptedExtensions and Finished only. psk_ke (no
// (EC)DHE) is never accepted, and 0-RTT is not: an early_data offer is not answered.

#include <functional>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/peer_identity.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/common/transcript.hpp"
#include "handshake/tls13/key_schedule.hpp"
#include "handshake/tls13/server_offer.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/hello_random.hpp"

namespace cpptls::hs13 {

namespace server {

struct ExpectClientHello {
  static constexpr std::string_view kName = "ExpectClientHello";
};

// RFC 8446 D.4 and 5, the server's side of middlebox compatibility: whether our one
// change_cipher_spec has gone (right after our first ServerHello or HelloRetryRequest, when the
// client's legacy_session_id is not empty) and whether the client's one has come. Only the
// states between the client's first ClientHello and its Finished hold it, so that a
// change_cipher_spec in any other state is unexpected by construction, and a second one in
// these is seen in the state itself.
struct CompatibilityCcs {
  bool sent = false;
  bool received = false;
};

// After a HelloRetryRequest (RFC 8446 4.1.4): the second ClientHello must carry one share, for
// `group`, and still offer `suite`.
struct ExpectSecondClientHello {
  static constexpr std::string_view kName = "ExpectSecondClientHello";
  handshake::TranscriptHash transcript;  // message_hash(ClientHello1), HelloRetryRequest
  const crypto::CipherSuiteInfo* suite = nullptr;
  crypto::NamedGroup group = crypto::NamedGroup::x25519;
  // RFC 8446 4.1.2: the second ClientHello repeats the first but for the listed changes; the
  // first one's body, to compare them (server_retry_rules.hpp).
  Bytes first_hello;
  // The body of the HelloRetryRequest's cookie extension, when it had one (only a test hook
  // puts one there: we keep our state in this object), which the second hello must echo.
  std::optional<Bytes> retry_cookie;
  // message_hash(ClientHello1) and the HelloRetryRequest as encoded: what a PSK binder in the
  // second ClientHello covers before the truncated hello (RFC 8446 4.2.11.2).
  Bytes binder_prefix;
  CompatibilityCcs ccs;
  // The identity of the first hello's ticket, when we would have resumed it with the suite of
  // the HelloRetryRequest: RFC 8446 4.1.2 lets the second hello drop only PSKs "incompatible
  // with the server's indicated cipher suite", so it must offer this one again.
  std::optional<Bytes> compatible_psk;
};

// The secrets the server holds while it reads the client's second flight.
struct FlightSecrets {
  const crypto::CipherSuiteInfo* suite = nullptr;
  TrafficSecret client_handshake;  // checks the client's Finished
  MasterSecret master;             // gives the resumption master secret at the end
  ApplicationSecrets application;  // the client's is installed after its Finished
  // RFC 8446 4.2.9: tickets go only to a client that advertised psk_dhe_ke.
  bool tickets_wanted = false;
};

// settings.client_auth is request or require: the client answers our CertificateRequest.
struct ExpectCertificate {
  static constexpr std::string_view kName = "ExpectCertificate";
  handshake::TranscriptHash transcript;
  FlightSecrets secrets;
  CompatibilityCcs ccs;
};

struct ExpectCertificateVerify {
  static constexpr std::string_view kName = "ExpectCertificateVerify";
  handshake::TranscriptHash transcript;
  FlightSecrets secrets;
  CompatibilityCcs ccs;
  handshake::PeerIdentity client;
};

// The client's authentication: a certificate verified with its CertificateVerify checked, a
// resumed session's client that the current policy accepts, or no certificate where the
// policy allows none. Only these make an AuthenticatedClient.
struct ExpectFinished {
  static constexpr std::string_view kName = "ExpectFinished";
  handshake::TranscriptHash transcript;
  FlightSecrets secrets;
  CompatibilityCcs ccs;
  handshake::AuthenticatedClient client;
};

// A ticket the server takes (RFC 8446 4.2.11): its PSK and its client as the current policy
// accepts it.
struct AcceptedPsk {
  SecretBytes psk;
  handshake::ResumedClient client;
};

// After the handshake: KeyUpdate both ways (RFC 8446 4.6.3).
struct Connected {
  static constexpr std::string_view kName = "Connected";
  const crypto::CipherSuiteInfo* suite = nullptr;
  TrafficSecret client_application;  // the generation the read key is in
  TrafficSecret server_application;  // the generation the write key is in
  SecretBytes exporter_master;       // RFC 8446 7.5, for the exporter interface
  // RFC 8446 4.6.1 and 7.1: the tickets' PSKs derive from it (the resumption step).
  SecretBytes resumption_master;
  // RFC 8446 4.6.3: the client asked for a KeyUpdate we have not sent yet.
  bool key_update_owed = false;
};

// After a failure: the same error forever.
struct Failed {
  static constexpr std::string_view kName = "Failed";
  Error error;
};

using State = std::variant<ExpectClientHello, ExpectSecondClientHello, ExpectCertificate,
                           ExpectCertificateVerify, ExpectFinished, Connected, Failed>;

// Test seam: sees each handshake message the server builds, whole, before it enters the
// transcript and the output, and may replace it. Only tests set it: the trace tests put the
// recorded server's EncryptedExtensions (with extensions we never send) and its randomized
// RSA-PSS CertificateVerify in place of ours, so that everything after them can be compared
// byte for byte.
using MessageHook = std::function<void(wire::HandshakeType type, Bytes& message)>;

}  // namespace server

class ServerHandshake final : public handshake::Handshake {
 public:
  explicit ServerHandshake(handshake::ServerSettings settings);

  // Nothing to send: the client speaks first.
  [[nodiscard]] Expected<void> start(handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override;
  [[nodiscard]] Expected<void> update_write_key(bool request_peer_update,
                                                handshake::Output& out) override;
  [[nodiscard]] bool key_update_owed() const noexcept override {
    const auto* connected = std::get_if<server::Connected>(&state_);
    return connected != nullptr && connected->key_update_owed;
  }

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }
  void shed_after_handshake() noexcept override;

  // See server::MessageHook. Tests only.
  void set_message_hook_for_testing(server::MessageHook hook) { hook_ = std::move(hook); }

 private:
  using Step = Expected<server::State>;

  [[nodiscard]] Step on(server::ExpectClientHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectSecondClientHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectCertificate& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectCertificateVerify& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::Connected& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(server::Failed& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);

  // The steps, in the order of the handshake.
  // server_hello.cpp: the ClientHello(s), HelloRetryRequest and ServerHello.
  [[nodiscard]] Expected<void> check_settings() const;
  [[nodiscard]] Step accept_client_hello(ByteView body, ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step accept_second_client_hello(server::ExpectSecondClientHello& s, ByteView body,
                                                ByteView encoded, handshake::Output& out);
  // `compatible_psk`: see ExpectSecondClientHello.
  [[nodiscard]] Step retry_request(const server::Negotiation& negotiation, ByteView encoded,
                                   std::optional<Bytes> compatible_psk, handshake::Output& out);
  // `psk`: the ticket accepted by accept_psk, or none for a full handshake.
  // `ccs`: the compatibility change_cipher_spec so far (after a retry, ours has gone).
  [[nodiscard]] Step server_hello(const server::Negotiation& negotiation,
                                  handshake::TranscriptHash transcript,
                                  std::optional<server::AcceptedPsk> psk,
                                  server::CompatibilityCcs ccs, handshake::Output& out);
  // server_psk.cpp (RFC 8446 4.2.11): the PSK of the client's first identity, when it is one
  // of our tickets, still fresh, for a suite of the negotiated hash, whose client the current
  // client-auth policy accepts, and its binder checks out (a bad binder is decrypt_error).
  // Nothing: a full handshake. `binder_prefix` is what the transcript held before this
  // ClientHello (empty for the first one).
  [[nodiscard]] Expected<std::optional<server::AcceptedPsk>> accept_psk(
      const wire::ClientHello& hello, ByteView encoded, const server::Negotiation& negotiation,
      ByteView binder_prefix);
  // server_flight.cpp: EncryptedExtensions through Finished, and the application secrets.
  [[nodiscard]] Step server_flight(const server::Negotiation& negotiation,
                                   handshake::TranscriptHash transcript,
                                   HandshakeSecret handshake_secret,
                                   HandshakeTrafficSecrets traffic,
                                   std::optional<handshake::ResumedClient> resumption,
                                   server::CompatibilityCcs ccs, handshake::Output& out);
  // server_client_auth.cpp: the client's Certificate and CertificateVerify.
  [[nodiscard]] Step accept_certificate(server::ExpectCertificate& s, ByteView body,
                                        ByteView encoded);
  [[nodiscard]] Step accept_certificate_verify(server::ExpectCertificateVerify& s, ByteView body,
                                               ByteView encoded);
  // server_client_finished.cpp: the client's Finished.
  [[nodiscard]] Step accept_finished(server::ExpectFinished& s, ByteView body, ByteView encoded,
                                     handshake::Output& out);
  // server_post_handshake.cpp: KeyUpdate, and where NewSessionTickets will be sent.
  [[nodiscard]] Step accept_key_update(server::Connected& s, ByteView body, handshake::Output& out);
  [[nodiscard]] Expected<void> issue_tickets(server::Connected& s,
                                             const handshake::AuthenticatedClient& client,
                                             handshake::Output& out);

  // Appends one message we built to `flight` and the transcript, through the test hook.
  void add_message(wire::HandshakeType type, Bytes message, handshake::TranscriptHash& transcript,
                   Bytes& flight);
  // RFC 8446 D.4: one change_cipher_spec right after our first hello, when the client's
  // legacy_session_id was not empty; recorded in `ccs`.
  static void send_compat_change_cipher_spec(ByteView client_session_id,
                                             server::CompatibilityCcs& ccs, handshake::Output& out);
  void log_secret(std::string_view label, ByteView secret) const;

  [[nodiscard]] const crypto::Provider& provider() const noexcept { return *settings_.provider; }
  [[nodiscard]] server::Preferences preferences() const noexcept;

  handshake::ServerSettings settings_;
  // The configured lists with the defaults filled in.
  std::vector<crypto::CipherSuite> suites_;
  std::vector<crypto::NamedGroup> groups_;
  std::vector<crypto::SignatureScheme> verify_schemes_;   // the peer may sign with these
  std::vector<crypto::SignatureScheme> signing_schemes_;  // we sign with these

  wire::Random client_random_{};  // for the key log

  server::MessageHook hook_;
  handshake::SessionSummary summary_;
  server::State state_;
};

}  // namespace cpptls::hs13
