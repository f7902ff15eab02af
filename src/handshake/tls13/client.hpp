#pragma once
// The TLS 1.3 client (RFC 8446 2, 4):
//
//   ClientHello                  -->
//                                <--  HelloRetryRequest               (at most one)
//   [ChangeCipherSpec], ClientHello -->                               (after a retry)
//                                <--  ServerHello, [ChangeCipherSpec],
//                                     {EncryptedExtensions}, {CertificateRequest},
//                                     {Certificate}, {CertificateVerify}, {Finished}
//   [ChangeCipherSpec], {Certificate, CertificateVerify}, {Finished} -->
//   [application data]          <->   [application data]
//                                <--  [NewSessionTicket], [KeyUpdate]
//
// One std::variant of move-only state structs, each named by what it expects and holding only
// what is valid there (design rule 3): what the ClientHello offered for resumption
// (client::OfferedSessions) lives in the states that wait for the ServerHello, the
// compatibility change_cipher_spec of each side (client::CompatibilityCcs) in the states
// between our first ClientHello and the server's Finished; the class's own members are the
// configuration, the summary and what start() fixed once. The ClientHello also carries what a
// TLS 1.2 client offers (its suites and extensions) when TLS 1.2 is enabled, so that the connection
// can hand a TLS 1.2 ServerHello to hs12::ClientHandshake with the very hello it answers
// (sent_client_hello(), client_random()); this class itself only completes TLS 1.3.
//
// Middlebox compatibility mode (RFC 8446 D.4) is always on: the legacy_session_id is 32 random
// bytes and one change_cipher_spec goes out before the second ClientHello or the second
// flight, whichever comes first. One change_cipher_spec from the server is tolerated between
// our first ClientHello and the server's Finished (RFC 8446 5).

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/peer_identity.hpp"
#include "handshake/common/session.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/common/transcript.hpp"
#include "handshake/tls13/key_schedule.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/hello_random.hpp"
#include "wire/messages/new_session_ticket.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::hs13 {

class ClientHandshake;

namespace testing {
// Test seam (client_testing.hpp): the hook that may replace each ClientHello's bytes.
using HelloReplacer = std::function<Bytes(ByteView ours, int index)>;
void replace_client_hellos(ClientHandshake& client, HelloReplacer replace);
[[nodiscard]] ByteView resumption_master_secret(const ClientHandshake& client) noexcept;
}  // namespace testing

namespace client {

// What the ClientHello that went out offered, read back from its bytes: every answer of the
// server is checked against this, never against the settings, so the two cannot disagree.
struct Offer {
  wire::Random random{};
  Bytes session_id;
  std::vector<crypto::CipherSuite> suites;  // TLS 1.3 suites only
  std::vector<crypto::NamedGroup> groups;   // supported_groups
  std::vector<crypto::SignatureScheme> schemes;
  std::vector<std::string> alpn;
  bool server_name = false;
  std::vector<wire::ExtensionType> extensions;  // every type the hello carried

  [[nodiscard]] bool sent(wire::ExtensionType type) const noexcept {
    return std::find(extensions.begin(), extensions.end(), type) != extensions.end();
  }
};

// Our private halves of the key_share entries the ClientHello carries, one per group.
using KeyShares = std::vector<std::unique_ptr<crypto::KeyShare>>;

// The suite and the handshake stage of the key schedule, from ServerHello on.
struct HandshakeKeys {
  const crypto::CipherSuiteInfo* suite = nullptr;
  HandshakeSecret secret;
  TrafficSecret client;  // client_handshake_traffic_secret
  TrafficSecret server;  // server_handshake_traffic_secret
};

// What a CertificateRequest asked for (RFC 8446 4.3.2).
struct CertificateRequested {
  Bytes context;
  std::vector<crypto::SignatureScheme> schemes;
};

// A TLS 1.3 session offered in pre_shared_key (RFC 8446 4.2.11), with the current policy's
// authorization of its server: if the ServerHello accepts the PSK, that authorization is the
// server's authentication, so the two go together.
struct OfferedPsk {
  handshake::StoredSession session;
  handshake::ResumedServer server;
};

// What the ClientHello offered for resumption. Only the states that wait for the server's
// answer hold it, so that nothing after the ServerHello can act on an offer.
struct OfferedSessions {
  std::optional<OfferedPsk> psk;  // none: no pre_shared_key
  // A TLS 1.2 session from the store, offered to a TLS 1.2 server in the same hello: by its
  // ticket in session_ticket, or by its id in legacy_session_id (RFC 5246 7.4.1.2, RFC 5077
  // 3.4). hs12::ClientHandshake recognises it when the server chooses TLS 1.2.
  std::optional<handshake::StoredSession> tls12;
};

// RFC 8446 D.4 and 5, the client's side of middlebox compatibility: whether our one
// change_cipher_spec has gone (before the second ClientHello or the second flight, whichever
// comes first, when our legacy_session_id is not empty) and whether the server's one has come.
// The states between our first ClientHello and the server's Finished hold it, and only they:
// a change_cipher_spec in any other state is unexpected by construction, and a second one in
// these is seen in the state itself.
struct CompatibilityCcs {
  bool sent = false;
  bool received = false;
};

// Before start().
struct Start {
  static constexpr std::string_view kName = "Start";
};

struct ExpectServerHello {
  static constexpr std::string_view kName = "ExpectServerHello";
  handshake::TranscriptHash transcript;  // ClientHello1, not yet hashed
  Offer offer;
  KeyShares shares;
  OfferedSessions offered;
  CompatibilityCcs ccs;
};

// After a HelloRetryRequest and our second ClientHello.
struct ExpectServerHelloAfterRetry {
  static constexpr std::string_view kName = "ExpectServerHelloAfterRetry";
  handshake::TranscriptHash transcript;  // message_hash, HelloRetryRequest, ClientHello2
  Offer offer;
  KeyShares shares;
  crypto::CipherSuite suite;  // RFC 8446 4.1.4: the ServerHello must choose it again
  // What ClientHello2 offered: the first offer, less a PSK of another hash than the suite's.
  OfferedSessions offered;
  CompatibilityCcs ccs;
};

struct ExpectEncryptedExtensions {
  static constexpr std::string_view kName = "ExpectEncryptedExtensions";
  handshake::TranscriptHash transcript;
  Offer offer;
  HandshakeKeys keys;
  // Set when the ServerHello accepted our PSK: the session's server, which the current
  // policy authorized before the session was offered. No certificate follows.
  std::optional<handshake::ResumedServer> resumption;
  CompatibilityCcs ccs;
};

struct ExpectCertificateOrRequest {
  static constexpr std::string_view kName = "ExpectCertificateOrRequest";
  handshake::TranscriptHash transcript;
  Offer offer;
  HandshakeKeys keys;
  CompatibilityCcs ccs;
};

struct ExpectCertificate {
  static constexpr std::string_view kName = "ExpectCertificate";
  handshake::TranscriptHash transcript;
  Offer offer;
  HandshakeKeys keys;
  std::optional<CertificateRequested> request;
  CompatibilityCcs ccs;
};

struct ExpectCertificateVerify {
  static constexpr std::string_view kName = "ExpectCertificateVerify";
  handshake::TranscriptHash transcript;
  Offer offer;
  HandshakeKeys keys;
  std::optional<CertificateRequested> request;
  handshake::PeerIdentity server;
  CompatibilityCcs ccs;
};

// Reached only with an AuthenticatedServer: a chain verified under the policy and a
// CertificateVerify checked with its key, or, resuming, a session the policy authorized,
// whose PSK the server's Finished then proves it knows (RFC 8446 2.2).
struct ExpectFinished {
  static constexpr std::string_view kName = "ExpectFinished";
  handshake::TranscriptHash transcript;
  HandshakeKeys keys;
  std::optional<CertificateRequested> request;
  handshake::AuthenticatedServer server;
  CompatibilityCcs ccs;
};

// The handshake is over; post-handshake messages and key updates arrive here (RFC 8446 4.6).
struct Connected {
  static constexpr std::string_view kName = "Connected";
  const crypto::CipherSuiteInfo* suite = nullptr;
  TrafficSecret client_traffic;  // the current generation of each direction
  TrafficSecret server_traffic;
  SecretBytes exporter_master;
  // RFC 8446 4.6.1: the PSK of each ticket is derived from it.
  SecretBytes resumption_master;
  // RFC 8446 4.6.3: the server asked for a KeyUpdate we have not sent yet.
  bool key_update_owed = false;
};

// After a failure: the same error forever.
struct Failed {
  static constexpr std::string_view kName = "Failed";
  Error error;
};

using State = std::variant<Start, ExpectServerHello, ExpectServerHelloAfterRetry,
                           ExpectEncryptedExtensions, ExpectCertificateOrRequest, ExpectCertificate,
                           ExpectCertificateVerify, ExpectFinished, Connected, Failed>;

}  // namespace client

class ClientHandshake final : public handshake::Handshake {
 public:
  explicit ClientHandshake(handshake::ClientSettings settings);

  [[nodiscard]] Expected<void> start(handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override;
  [[nodiscard]] Expected<void> update_write_key(bool request_peer_update,
                                                handshake::Output& out) override;
  [[nodiscard]] bool key_update_owed() const noexcept override {
    const auto* connected = std::get_if<client::Connected>(&state_);
    return connected != nullptr && connected->key_update_owed;
  }

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }
  void shed_after_handshake() noexcept override;

  // The whole first ClientHello (header and body) as sent; empty before start(). The
  // connection gives it to the TLS 1.2 client when the server answers with TLS 1.2.
  [[nodiscard]] ByteView sent_client_hello() const noexcept { return sent_client_hello_; }
  [[nodiscard]] const wire::Random& client_random() const noexcept { return client_random_; }

 private:
  friend void testing::replace_client_hellos(ClientHandshake& client,
                                             testing::HelloReplacer replace);
  friend ByteView testing::resumption_master_secret(const ClientHandshake& client) noexcept;
  using Step = Expected<client::State>;

  // One per state: the message is either handled (giving the next state) or refused.
  [[nodiscard]] Step on(client::Start& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectServerHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectServerHelloAfterRetry& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectEncryptedExtensions& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectCertificateOrRequest& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectCertificate& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectCertificateVerify& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::ExpectFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(client::Connected& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(client::Failed& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);

  // client_hello.cpp: the first ClientHello, the second after a retry, and the offer.
  [[nodiscard]] Expected<void> check_settings();
  [[nodiscard]] Expected<client::KeyShares> make_key_shares() const;
  [[nodiscard]] Expected<Bytes> build_client_hello(const wire::Random& random, ByteView session_id,
                                                   const client::KeyShares& shares,
                                                   const client::OfferedSessions& offered) const;
  // `binder_prefix`: message_hash(ClientHello1) and the HelloRetryRequest, which the PSK
  // binder of the second hello covers (RFC 8446 4.2.11.2). `psk_dropped`: the first hello's
  // PSK is not for the retry's suite's hash and goes (RFC 8446 4.1.4); `psk` is what stays.
  [[nodiscard]] Expected<Bytes> build_retry_hello(
      ByteView first_hello, const client::KeyShares& shares, std::optional<ByteView> cookie,
      ByteView binder_prefix, const std::optional<client::OfferedPsk>& psk, bool psk_dropped) const;
  // client_resumption.cpp (RFC 8446 4.2.11): the sessions to offer, if the store has a usable
  // one; the binder written into an encoded hello; the server's choice of PSK.
  [[nodiscard]] client::OfferedSessions choose_session_to_offer() const;
  [[nodiscard]] Expected<void> write_binder(Bytes& hello, ByteView binder_prefix,
                                            const std::optional<client::OfferedPsk>& psk) const;
  [[nodiscard]] static Expected<bool> accept_selected_psk(
      const std::optional<client::OfferedPsk>& psk, const wire::ServerHello& hello,
      const crypto::CipherSuiteInfo& suite);
  // The hello to send (ours, or the test seam's replacement) with the offer read from it.
  [[nodiscard]] Expected<client::Offer> finish_hello(Bytes& hello, int index,
                                                     const client::KeyShares& shares);

  // client_server_hello.cpp: ServerHello and HelloRetryRequest (RFC 8446 4.1.3-4.1.4).
  [[nodiscard]] Step accept_server_hello(client::ExpectServerHello& s, ByteView body,
                                         ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step accept_retry_request(client::ExpectServerHello& s,
                                          const wire::ServerHello& retry, ByteView encoded,
                                          handshake::Output& out);
  [[nodiscard]] Step accept_server_hello_after_retry(client::ExpectServerHelloAfterRetry& s,
                                                     ByteView body, ByteView encoded,
                                                     handshake::Output& out);
  [[nodiscard]] Step enter_handshake_keys(handshake::TranscriptHash& transcript,
                                          client::Offer& offer, const client::KeyShares& shares,
                                          client::OfferedSessions& offered,
                                          client::CompatibilityCcs ccs,
                                          const wire::ServerHello& hello, ByteView encoded,
                                          handshake::Output& out);

  // client_server_flight.cpp: the server's encrypted flight (RFC 8446 4.3-4.4).
  [[nodiscard]] Step accept_encrypted_extensions(client::ExpectEncryptedExtensions& s,
                                                 ByteView body, ByteView encoded);
  [[nodiscard]] Step accept_certificate_request(client::ExpectCertificateOrRequest& s,
                                                ByteView body, ByteView encoded);
  [[nodiscard]] Step accept_certificate(client::ExpectCertificate& s, ByteView body,
                                        ByteView encoded);
  [[nodiscard]] Step accept_certificate_verify(client::ExpectCertificateVerify& s, ByteView body,
                                               ByteView encoded);

  // client_flight.cpp: the server's Finished and our answer (RFC 8446 4.4.2-4.4.4).
  [[nodiscard]] Step accept_finished(client::ExpectFinished& s, ByteView body, ByteView encoded,
                                     handshake::Output& out);
  [[nodiscard]] Expected<Bytes> client_authentication(client::ExpectFinished& s);

  // client_post_handshake.cpp (RFC 8446 4.6).
  [[nodiscard]] Step accept_new_session_ticket(client::Connected& s, ByteView body);
  void store_ticket(const client::Connected& s, const wire::NewSessionTicket13& ticket);
  [[nodiscard]] Step accept_key_update(client::Connected& s, ByteView body, handshake::Output& out);
  [[nodiscard]] Expected<void> send_key_update(client::Connected& s, bool request_peer_update,
                                               handshake::Output& out) const;

  void log_secret(std::string_view label, ByteView secret) const;
  [[nodiscard]] const crypto::Provider& provider() const noexcept { return *settings_.provider; }

  handshake::ClientSettings settings_;
  // The configured lists with the defaults filled in.
  std::vector<crypto::CipherSuite> suites13_;
  // The TLS 1.2 suites hs12::ClientHandshake would offer; empty when TLS 1.2 is off.
  std::vector<crypto::CipherSuite> suites12_;
  std::vector<crypto::NamedGroup> groups_;
  std::vector<crypto::SignatureScheme> verify_schemes_;   // the peer may sign with these
  std::vector<crypto::SignatureScheme> signing_schemes_;  // we sign with these
  bool offer_ecdhe12_ = false;
  // The server_name extension's host name (empty: not sent).
  std::string sni_;

  // What the connection asks for after the ServerHello (and the key log): set once by
  // start(), never changed. Where the handshake is lives in state_ alone.
  Bytes sent_client_hello_;
  wire::Random client_random_{};
  testing::HelloReplacer hello_replacer_;

  handshake::SessionSummary summary_;
  client::State state_;
};

}  // namespace cpptls::hs13
