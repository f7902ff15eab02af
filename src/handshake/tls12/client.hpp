#pragma once
// The TLS 1.2 client (RFC 5246 7.3), the eleven handshake steps (docs/handshake-steps.md) from the
// client's side:
//
//   ClientHello                  -->                                      (step 1)
//                                <--  ServerHello, Certificate,           (step 2)
//                                     [CertificateStatus],
//                                     [ServerKeyExchange], [CertificateRequest],
//                                     ServerHelloDone
//   (verify the chain)                                                    (step 3)
//   [Certificate], ClientKeyExchange,  -->                                (steps 4-6)
//   [CertificateVerify]
//   [ChangeCipherSpec], Finished -->                                      (steps 7-8)
//                                <--  [ChangeCipherSpec], Finished        (steps 9-10)
//   application data            <->                                       (step 11)
//
// One std::variant of move-only state structs, each named by what it expects and holding only
// what is valid there (design rule 3): what our ClientHello offered for resumption
// (client::Offer) lives in ExpectServerHello, what the ServerHello promised and the ticket
// that follows (client::SessionPromise) in the states after it until the session is stored;
// the class's own members are the configuration and the summary. A CertificateRequest is answered
// with the configured client certificate and a CertificateVerify when its key can make one of the
// server's signature schemes and its type is one the server lists, else with an empty
// Certificate (RFC 5246 7.4.6), which leaves the decision to the server. A HelloRequest during
// the handshake is ignored (RFC 5246 7.4.1.1); once connected it is refused with
// no_renegotiation. With a session store, a stored session is offered and, when the server
// echoes it, resumed in the abbreviated handshake (client_resumption.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/traffic_keys.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/key_schedule.hpp"
#include "handshake/tls12/server_identity.hpp"
#include "handshake/tls12/server_params.hpp"
#include "handshake/tls12/session_keys.hpp"
#include "handshake/tls12/transcript.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::hs12 {

namespace client {

// A stored session our ClientHello offered, with the current policy's authorization of its
// server: if the server resumes it, that authorization is the server's authentication.
struct OfferedSession {
  handshake::StoredSession session;
  handshake::ResumedServer server;
};

// What our ClientHello offered for resumption (RFC 5246 7.4.1.2, RFC 5077 3.4), which the
// ServerHello is read against; only ExpectServerHello holds it.
struct Offer {
  std::optional<OfferedSession> session;
  Bytes session_id;               // legacy_session_id as sent
  bool ticket_extension = false;  // the hello held session_ticket (a request or our ticket)
};

// What the ServerHello promised for the next connection, and the ticket the server then gave
// (RFC 5246 7.4.1.3, RFC 5077 3.3): the states from the ServerHello until the session is
// stored at the end hold it.
struct SessionPromise {
  Bytes session_id;  // the ServerHello's (empty: the server will not resume by id)
  // Its empty session_ticket extension: a NewSessionTicket comes before its ChangeCipherSpec.
  bool ticket_expected = false;
  Bytes ticket;  // the NewSessionTicket's (empty: none came, or an empty one)
  std::uint32_t ticket_lifetime_hint = 0;
};

// What the ServerHello's extensions say will follow it.
struct ServerHelloPromises {
  bool ticket = false;  // an empty session_ticket: a NewSessionTicket (RFC 5077 3.2)
  // An empty status_request: a CertificateStatus may follow Certificate (RFC 6066 8).
  bool certificate_status = false;
};

// Before start().
struct Start {
  static constexpr std::string_view kName = "Start";
};

struct ExpectServerHello {
  static constexpr std::string_view kName = "ExpectServerHello";
  Transcript transcript;
  wire::Random client_random{};
  Offer offer;
};

struct ExpectCertificate {
  static constexpr std::string_view kName = "ExpectCertificate";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  bool certificate_status_promised = false;  // the ServerHello echoed status_request
};

// After Certificate, only when the ServerHello echoed our status_request (RFC 6066 8): the
// CertificateStatus, or (the server "MAY choose not to send" it) what follows Certificate.
struct ExpectCertificateStatus {
  static constexpr std::string_view kName = "ExpectCertificateStatus";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  ServerIdentity server;
};

struct ExpectServerKeyExchange {
  static constexpr std::string_view kName = "ExpectServerKeyExchange";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  ServerIdentity server;
};

struct ExpectServerHelloDone {
  static constexpr std::string_view kName = "ExpectServerHelloDone";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  ServerIdentity server;
  std::optional<VerifiedServerParams> params;  // ECDHE suites
  bool certificate_requested = false;
  // Set when the request is answered with settings.certificate: the scheme its
  // CertificateVerify is signed with (RFC 5246 7.4.8).
  std::optional<crypto::SignatureScheme> client_signature;
};

// After our Finished, when the server's ServerHello held an empty session_ticket extension: it
// sends a NewSessionTicket before its ChangeCipherSpec (RFC 5077 3.3).
// The states from here to Connected hold the server's authentication: its chain verified
// under the policy with the proof that it holds the key (its ServerKeyExchange signature, or
// a keyUsage that lets it receive the RSA premaster), or a resumed session the policy
// authorized.
struct ExpectNewSessionTicket {
  static constexpr std::string_view kName = "ExpectNewSessionTicket";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  crypto::TrafficKeys server_write;
  handshake::AuthenticatedServer server;
};

struct ExpectChangeCipherSpec {
  static constexpr std::string_view kName = "ExpectChangeCipherSpec";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  crypto::TrafficKeys server_write;
  handshake::AuthenticatedServer server;
};

struct ExpectFinished {
  static constexpr std::string_view kName = "ExpectFinished";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  handshake::AuthenticatedServer server;
};

// The abbreviated handshake (RFC 5246 7.3, RFC 5077 3.1): the server echoed the session we
// offered, so its ChangeCipherSpec and Finished follow the ServerHello (a NewSessionTicket
// first when it renews the ticket); ours come after them.
struct ExpectResumedChangeCipherSpec {
  static constexpr std::string_view kName = "ExpectResumedChangeCipherSpec";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  KeyBlock keys;
  handshake::AuthenticatedServer server;
};

struct ExpectResumedFinished {
  static constexpr std::string_view kName = "ExpectResumedFinished";
  Transcript transcript;
  Negotiated negotiated;
  SessionPromise promise;
  MasterSecret master;
  crypto::TrafficKeys client_write;
  handshake::AuthenticatedServer server;
};

struct Connected {
  static constexpr std::string_view kName = "Connected";
};

// After a failure: the same error forever.
struct Failed {
  static constexpr std::string_view kName = "Failed";
  Error error;
};

using State = std::variant<Start, ExpectServerHello, ExpectCertificate, ExpectCertificateStatus,
                           ExpectServerKeyExchange, ExpectServerHelloDone, ExpectNewSessionTicket,
                           ExpectChangeCipherSpec, ExpectFinished, ExpectResumedChangeCipherSpec,
                           ExpectResumedFinished, Connected, Failed>;

}  // namespace client

class ClientHandshake final : public handshake::Handshake {
 public:
  explicit ClientHandshake(handshake::ClientSettings settings);

  [[nodiscard]] Expected<void> start(handshake::Output& out) override;
  // Instead of start(), when the TLS 1.3 client sent a ClientHello that offered TLS 1.2 too
  // and the server chose TLS 1.2: carry on from that ClientHello (its whole encoding, which
  // begins the transcript). That ClientHello made the same TLS 1.2 offer start() would have
  // (suites, extensions), so the server's answer is checked against the same rules.
  [[nodiscard]] Expected<void> adopt_client_hello(ByteView sent_hello,
                                                  const wire::Random& client_random);
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override;

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }

 private:
  using Step = Expected<client::State>;

  // One per state: the message is either handled (giving the next state) or refused.
  [[nodiscard]] Step on(client::Start& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectServerHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectCertificate& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectCertificateStatus& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectServerKeyExchange& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectServerHelloDone& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectNewSessionTicket& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectResumedChangeCipherSpec& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectResumedFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectChangeCipherSpec& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::Connected& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(client::Failed& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);

  // The checks of the configuration that start() and adopt_client_hello() share.
  [[nodiscard]] Expected<void> prepare();
  // A client with a certificate may have to sign every message from its ClientHello on
  // (RFC 5246 7.4.8) and learns whether it must only at CertificateRequest, so it keeps them.
  void keep_messages_if_needed(Transcript& transcript) const;
  // The steps, in the order of the handshake (client_hello.cpp, client_flight.cpp).
  [[nodiscard]] Expected<Bytes> build_client_hello(const wire::Random& random,
                                                   const client::Offer& offer) const;
  [[nodiscard]] Step accept_server_hello(client::ExpectServerHello& s, ByteView body,
                                         ByteView encoded);
  // Gives what the server promised: a NewSessionTicket (RFC 5077 3.2), a CertificateStatus.
  [[nodiscard]] Expected<client::ServerHelloPromises> check_server_extensions(
      const wire::ServerHello& hello, const crypto::CipherSuiteInfo& suite,
      const client::Offer& offer);
  [[nodiscard]] Step accept_certificate(client::ExpectCertificate& s, ByteView body,
                                        ByteView encoded);
  [[nodiscard]] Step accept_certificate_status(client::ExpectCertificateStatus& s, ByteView body,
                                               ByteView encoded);
  // The state after Certificate (and CertificateStatus): ServerKeyExchange for ECDHE,
  // ServerHelloDone for RSA key transport; first the application's check of the stapled OCSP
  // response (summary_.ocsp_response, empty when none came), RFC 6066 8.
  [[nodiscard]] Step after_certificate(Transcript transcript, const Negotiated& negotiated,
                                       client::SessionPromise promise, ServerIdentity server);
  [[nodiscard]] Step accept_server_key_exchange(client::ExpectServerKeyExchange& s, ByteView body,
                                                ByteView encoded);
  [[nodiscard]] Step accept_certificate_request(client::ExpectServerHelloDone& s, ByteView body,
                                                ByteView encoded);
  [[nodiscard]] Step accept_server_hello_done(client::ExpectServerHelloDone& s, ByteView body,
                                              ByteView encoded, handshake::Output& out);
  [[nodiscard]] Expected<PremasterSecret> key_exchange(const client::ExpectServerHelloDone& s,
                                                       Bytes& client_key_exchange) const;
  // The server's authentication from its verified chain and the proof that it holds the key.
  [[nodiscard]] static Expected<handshake::AuthenticatedServer> authenticated_server(
      client::ExpectServerHelloDone& s);
  [[nodiscard]] Expected<Bytes> certificate_message(const client::ExpectServerHelloDone& s) const;
  [[nodiscard]] Expected<Bytes> certificate_verify(const Transcript& transcript,
                                                   crypto::SignatureScheme scheme) const;
  [[nodiscard]] Step accept_finished(client::ExpectFinished& s, ByteView body, ByteView encoded,
                                     handshake::Output& out);

  // Resumption (client_resumption.cpp, RFC 5246 7.3, RFC 5077). The stored TLS 1.2 session
  // to offer in our own ClientHello, with the session id that goes with it.
  [[nodiscard]] Expected<client::Offer> choose_session_to_offer() const;
  // What the adopted ClientHello offered: its session id, its session_ticket extension, and
  // the stored session it offered by either, if any.
  [[nodiscard]] Expected<client::Offer> recognise_offered_session(ByteView sent_hello) const;
  [[nodiscard]] bool usable(const handshake::StoredSession& session) const;
  // The store's session for this policy and name, when usable and authorized by the policy.
  [[nodiscard]] std::optional<std::pair<handshake::StoredSession, handshake::ResumedServer>>
  take_authorized_session() const;
  [[nodiscard]] Step resume(client::ExpectServerHello& s, const Negotiated& negotiated,
                            client::SessionPromise promise, ByteView encoded);
  [[nodiscard]] static Expected<void> read_new_session_ticket(ByteView body,
                                                              client::SessionPromise& promise);
  [[nodiscard]] Step accept_resumed_finished(client::ExpectResumedFinished& s, ByteView body,
                                             ByteView encoded, handshake::Output& out);
  // After a full handshake with the extended master secret (RFC 7627 5.3), or a resumed one
  // that brought a new ticket: the session, for the next connection.
  void store_session(const MasterSecret& master, const client::SessionPromise& promise);
  // The summary's peer, from the proof the completing state holds.
  void record_server(const handshake::AuthenticatedServer& server);

  [[nodiscard]] const crypto::Provider& provider() const noexcept { return *settings_.provider; }

  handshake::ClientSettings settings_;
  // The configured lists with the defaults filled in (TLS 1.2 suites we implement only).
  std::vector<crypto::CipherSuite> suites_;
  std::vector<crypto::NamedGroup> groups_;
  std::vector<crypto::SignatureScheme> verify_schemes_;   // the peer may sign with these
  std::vector<crypto::SignatureScheme> signing_schemes_;  // we sign with these
  bool offer_ecdhe_ = false;
  // The server_name extension's host name (empty: not sent).
  std::string sni_;

  handshake::SessionSummary summary_;
  client::State state_;
};

}  // namespace cpptls::hs12
