// The peer's chain, SPKI pins and a verifier of the application's own (include/cpptls/
// verifier.hpp), through the public API; and invariant 2 of docs/design.md ("Resumption never
// widens trust") for them: a session verified under one pin set or verifier is not resumed
// under another.
#include <atomic>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "cpptls/cpptls.hpp"

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

// Accepts or refuses every chain, and remembers how it was called.
class RecordingVerifier final : public CertificateVerifier {
 public:
  RecordingVerifier(std::string policy, bool accept,
                    CertificateAlert alert = CertificateAlert::bad_certificate)
      : policy_(std::move(policy)), accept_(accept), alert_(alert) {}

  [[nodiscard]] CertificateVerdict verify(const CertificateCheck& check) const override {
    ++calls;
    if (check.resumption) ++resumption_calls;
    chain_size = check.chain.size();
    saw_our_failure = check.our_failure != nullptr;
    if (check.our_failure != nullptr) our_failure_alert = check.our_failure->alert_name();
    server_name = std::string(check.server_name);
    if (accept_) return CertificateVerdict::accept();
    return CertificateVerdict::refuse("not on the allow-list of " + policy_, alert_);
  }
  [[nodiscard]] std::string policy_name() const override { return policy_; }

  mutable std::atomic<int> calls{0};
  mutable std::atomic<int> resumption_calls{0};
  mutable std::size_t chain_size = 0;
  mutable bool saw_our_failure = false;
  mutable std::string our_failure_alert;
  mutable std::string server_name;

 private:
  std::string policy_;
  bool accept_;
  CertificateAlert alert_;
};

std::shared_ptr<RecordingVerifier> accepting(std::string policy) {
  return std::make_shared<RecordingVerifier>(std::move(policy), true);
}
std::shared_ptr<RecordingVerifier> refusing(
    std::string policy, CertificateAlert alert = CertificateAlert::bad_certificate) {
  return std::make_shared<RecordingVerifier>(std::move(policy), false, alert);
}

// The pin of the leaf that chain-NAME.pem's server sends, read from a handshake.
SpkiPin server_pin(std::string_view name) {
  ClientConfig client = client_config();
  client.insecure_skip_verification = true;
  ServerConfig server = server_config();
  server.credentials = {credential(name)};
  Pair pair = connected(client, server);
  const SessionInfo* info = pair.client.connection->session();
  EXPECT_FALSE(info->peer_chain.empty());
  auto pin = spki_pin_of(openssl_provider(), info->peer_chain.front());
  EXPECT_TRUE(pin.has_value());
  return pin ? *pin : SpkiPin{};
}

std::optional<TlsError> client_error(const ClientConfig& client, const ServerConfig& server) {
  Pair pair = make_pair(client, server);
  pump(pair);
  return pair.client.error;
}

// --- The peer's chain ----------------------------------------------------------------------

TEST(PeerChain, ClientSeesTheServersChainAsSent) {
  Pair pair = connected(client_config(), server_config());
  const SessionInfo* info = pair.client.connection->session();
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->peer_chain.size(), credential("rsa").chain_length());
  ASSERT_FALSE(info->peer_chain.empty());
  EXPECT_EQ(info->peer_chain.front().front(), 0x30) << "not DER";
  EXPECT_TRUE(spki_pin_of(openssl_provider(), info->peer_chain.front()).has_value());
}

TEST(PeerChain, ServerSeesTheClientsChainAndNoneWithoutOne) {
  ClientConfig client = client_config();
  client.certificate = credential("client");
  ServerConfig server = server_config();
  server.client_auth = ServerConfig::ClientAuth::require;
  server.client_trust = anchors("rsa");
  Pair pair = connected(client, server);
  EXPECT_EQ(pair.server.connection->session()->peer_chain.size(), 2u);  // leaf, int-rsa
  Pair open = connected(client_config(), server_config());
  EXPECT_TRUE(open.server.connection->session()->peer_chain.empty());
}

TEST(PeerChain, ResumedSessionKeepsTheChain) {
  for (ProtocolVersion version : {ProtocolVersion::tls13, ProtocolVersion::tls12}) {
    auto sessions = ServerSessions::create(openssl_provider());
    ASSERT_TRUE(sessions.has_value());
    ClientConfig client = client_config();
    client.session_cache = std::make_shared<SessionCache>();
    client.max_version = client.min_version = version;
    ServerConfig server = server_config();
    server.sessions = *sessions;
    Pair first = connected(client, server);
    Pair second = connected(client, server);
    const SessionInfo* info = second.client.connection->session();
    ASSERT_TRUE(info->resumed);
    EXPECT_EQ(info->peer_chain, first.client.connection->session()->peer_chain);
  }
}

// --- SPKI pins -----------------------------------------------------------------------------

TEST(SpkiPins, ThePinnedKeyIsAccepted) {
  ClientConfig client = client_config();
  client.pinned_spki_sha256 = {SpkiPin{}, server_pin("rsa")};  // a backup pin first
  Pair pair = connected(client, server_config());
  EXPECT_TRUE(pair.client.connection->session()->peer_verified);
}

TEST(SpkiPins, PinsThatDoNotMatchFailEvenWithAValidChain) {
  ClientConfig client = client_config();
  client.pinned_spki_sha256 = {server_pin("ec")};  // trusted, but another key
  auto error = client_error(client, server_config());
  ASSERT_TRUE(error.has_value()) << "a server outside the pins was accepted";
  EXPECT_EQ(error->alert_name(), "bad_certificate") << error->to_string();
  EXPECT_NE(error->reason().find("not among the pinned keys"), std::string::npos)
      << error->to_string();
}

TEST(SpkiPins, PinsDoNotReplaceTheChainUnlessSaidSo) {
  ServerConfig untrusted = server_config();
  untrusted.credentials = {credential("other")};
  ClientConfig client = client_config();
  client.pinned_spki_sha256 = {server_pin("other")};
  auto error = client_error(client, untrusted);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->alert_name(), "unknown_ca") << error->to_string();
  // verify_by_pins_only: the pin alone identifies the server.
  client.verify_by_pins_only = true;
  Pair pair = connected(client, untrusted);
  EXPECT_FALSE(pair.client.connection->session()->peer_verified);
  client.pinned_spki_sha256 = {server_pin("rsa")};
  error = client_error(client, untrusted);
  ASSERT_TRUE(error.has_value()) << "pins-only accepted a key that is not pinned";
}

TEST(SpkiPins, PinsOnlyWithoutPinsIsRefusedAtCreation) {
  ClientConfig client = client_config();
  client.verify_by_pins_only = true;
  auto made = ClientConnection::create(client);
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().reason().find("pinned_spki_sha256 is empty"), std::string::npos)
      << made.error().to_string();
  client = client_config();
  client.insecure_skip_verification = true;
  client.pinned_spki_sha256 = {SpkiPin{}};
  EXPECT_FALSE(ClientConnection::create(client).has_value())
      << "pins beside insecure_skip_verification would be silently ignored";
}

// --- A verifier of the application's own ----------------------------------------------------

TEST(ApplicationVerifier, RefusalGivesItsAlertAndReason) {
  ClientConfig client = client_config();
  auto verifier = refusing("revocation-list-7", CertificateAlert::certificate_revoked);
  client.verifier = verifier;
  Pair pair = make_pair(client, server_config());
  pump(pair);
  ASSERT_TRUE(pair.client.error.has_value()) << "the verifier's refusal was ignored";
  EXPECT_EQ(pair.client.error->kind(), TlsErrorKind::certificate);
  EXPECT_EQ(pair.client.error->alert_name(), "certificate_revoked");
  EXPECT_NE(pair.client.error->reason().find("not on the allow-list of revocation-list-7"),
            std::string::npos)
      << pair.client.error->to_string();
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert_name(), "certificate_revoked")
      << pair.server.error->to_string();
  EXPECT_EQ(verifier->calls, 1);
  EXPECT_FALSE(verifier->saw_our_failure);
  EXPECT_EQ(verifier->server_name, "localhost");
  EXPECT_EQ(verifier->chain_size, credential("rsa").chain_length());
}

TEST(ApplicationVerifier, AfterOursItIsNotAskedAboutAPeerWeRefused) {
  ServerConfig untrusted = server_config();
  untrusted.credentials = {credential("other")};
  ClientConfig client = client_config();
  auto verifier = accepting("allow-all");
  client.verifier = verifier;
  auto error = client_error(client, untrusted);
  ASSERT_TRUE(error.has_value()) << "a verifier after ours overrode our refusal";
  EXPECT_EQ(error->alert_name(), "unknown_ca");
  EXPECT_EQ(verifier->calls, 0);
}

TEST(ApplicationVerifier, InsteadOfOursItDecidesKnowingWhatWeFound) {
  ServerConfig untrusted = server_config();
  untrusted.credentials = {credential("other")};
  ClientConfig client = client_config();
  auto verifier = accepting("allow-all");
  client.verifier = verifier;
  client.verifier_mode = VerifierMode::instead_of_ours;
  Pair pair = connected(client, untrusted);
  EXPECT_FALSE(pair.client.connection->session()->peer_verified);
  EXPECT_EQ(verifier->calls, 1);
  EXPECT_TRUE(verifier->saw_our_failure);
  EXPECT_EQ(verifier->our_failure_alert, "unknown_ca");
}

TEST(ApplicationVerifier, ServerVerifierRefusesAClient) {
  ClientConfig client = client_config();
  client.certificate = credential("client");
  ServerConfig server = server_config();
  server.client_auth = ServerConfig::ClientAuth::require;
  server.client_trust = anchors("rsa");
  auto verifier = refusing("client-allow-list", CertificateAlert::access_denied);
  server.client_verifier = verifier;
  Pair pair = make_pair(client, server);
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value()) << "the server's verifier was ignored";
  EXPECT_EQ(pair.server.error->alert_name(), "access_denied");
  EXPECT_NE(pair.server.error->reason().find("client-allow-list"), std::string::npos)
      << pair.server.error->to_string();
  EXPECT_EQ(verifier->calls, 1);
}

TEST(ApplicationVerifier, MisconfigurationsAreRefusedAtCreation) {
  ClientConfig client = client_config();
  client.verifier = accepting("");
  EXPECT_FALSE(ClientConnection::create(client).has_value()) << "a verifier without a policy name";
  client = client_config();
  client.reverify_on_resume = true;
  EXPECT_FALSE(ClientConnection::create(client).has_value()) << "reverify without a verifier";
  client = client_config();
  client.server_name.clear();
  client.verifier = accepting("decides-alone");
  client.verifier_mode = VerifierMode::instead_of_ours;
  EXPECT_FALSE(ClientConnection::create(client).has_value())
      << "a verifier that decides alone made an empty server_name mean 'check no name'";
  client.verify_chain_without_name = true;
  EXPECT_TRUE(ClientConnection::create(client).has_value());
  ServerConfig server = server_config();
  server.client_verifier = accepting("x");
  EXPECT_FALSE(ServerConnection::create(server).has_value())
      << "a client verifier on a server that asks for no certificate";
}

// --- Resumption never widens trust: pins and verifiers ---------------------------------------

class ResumptionPolicy : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  void SetUp() override {
    auto made = ServerSessions::create(openssl_provider());
    ASSERT_TRUE(made.has_value());
    sessions_ = *made;
    cache_ = std::make_shared<SessionCache>();
  }
  ServerConfig server() const {
    ServerConfig config = server_config();
    config.sessions = sessions_;
    config.min_version = config.max_version = GetParam();
    return config;
  }
  ServerConfig strict_server(std::shared_ptr<const CertificateVerifier> verifier) const {
    ServerConfig config = server();
    config.client_auth = ServerConfig::ClientAuth::require;
    config.client_trust = anchors("rsa");
    config.client_verifier = std::move(verifier);
    return config;
  }
  ClientConfig client() const {
    ClientConfig config = client_config();
    config.session_cache = cache_;
    config.min_version = config.max_version = GetParam();
    return config;
  }
  const char* version() const { return GetParam() == ProtocolVersion::tls13 ? "1.3" : "1.2"; }

  std::shared_ptr<SessionCache> cache_;

 private:
  std::shared_ptr<ServerSessions> sessions_;
};

TEST_P(ResumptionPolicy, SessionUnderOnePinSetIsNotResumedUnderAnother) {
  ClientConfig first = client();
  first.pinned_spki_sha256 = {server_pin("rsa"), server_pin("ec")};
  Pair a = connected(first, server());
  ASSERT_GE(cache_->size(), 1u);
  ClientConfig second = client();
  second.pinned_spki_sha256 = {server_pin("rsa")};  // narrower: the server still matches
  Pair b = connected(second, server());
  EXPECT_FALSE(b.client.connection->session()->resumed)
      << "TLS " << version() << ": resumed a session made under other pins";
}

TEST_P(ResumptionPolicy, SessionUnderOneVerifierIsNotResumedUnderAnother) {
  ClientConfig first = client();
  first.verifier = accepting("policy-A");
  Pair a = connected(first, server());
  ASSERT_GE(cache_->size(), 1u);
  ClientConfig second = client();
  auto strict = refusing("policy-B");
  second.verifier = strict;
  auto error = client_error(second, server());
  ASSERT_TRUE(error.has_value()) << "TLS " << version()
                                 << ": resumed past a verifier that refuses the server";
  EXPECT_NE(error->reason().find("policy-B"), std::string::npos) << error->to_string();
  EXPECT_EQ(strict->calls, 1);
}

TEST_P(ResumptionPolicy, SameVerifierPolicyResumesWithoutCallingItAgain) {
  ClientConfig config = client();
  auto verifier = accepting("policy-A");
  config.verifier = verifier;
  Pair a = connected(config, server());
  Pair b = connected(config, server());
  EXPECT_TRUE(b.client.connection->session()->resumed) << version();
  EXPECT_EQ(verifier->calls, 1);
}

TEST_P(ResumptionPolicy, ReverifyOnResumeAsksTheVerifierAgain) {
  ClientConfig first = client();
  first.verifier = accepting("policy-A");
  first.reverify_on_resume = true;
  Pair a = connected(first, server());
  ClientConfig second = client();
  auto now_refusing = refusing("policy-A", CertificateAlert::certificate_revoked);
  second.verifier = now_refusing;  // the same name: only reverification can catch it
  second.reverify_on_resume = true;
  Pair b = make_pair(second, server());
  pump(b);
  ASSERT_TRUE(b.client.error.has_value()) << "TLS " << version() << ": not verified again";
  EXPECT_EQ(b.client.error->alert_name(), "certificate_revoked");
  EXPECT_NE(b.client.error->reason().find("(resumption)"), std::string::npos)
      << b.client.error->to_string();
  EXPECT_EQ(now_refusing->resumption_calls, 1);
}

TEST_P(ResumptionPolicy, ServerDoesNotResumeAClientAcceptedByAnotherVerifier) {
  ClientConfig with = client();
  with.certificate = credential("client");
  Pair a = connected(with, strict_server(accepting("clients-A")));
  auto strict = refusing("clients-B", CertificateAlert::access_denied);
  Pair b = make_pair(with, strict_server(strict));
  pump(b);
  ASSERT_TRUE(b.server.error.has_value())
      << "TLS " << version() << ": resumed a client that the second verifier refuses";
  EXPECT_EQ(b.server.error->alert_name(), "access_denied");
  EXPECT_EQ(strict->calls, 1);
}

TEST_P(ResumptionPolicy, ServerReverifiesAResumedClientWhenAsked) {
  ClientConfig with = client();
  with.certificate = credential("client");
  ServerConfig first = strict_server(accepting("clients-A"));
  first.reverify_client_on_resume = true;
  Pair a = connected(with, first);
  auto strict = refusing("clients-A", CertificateAlert::access_denied);
  ServerConfig second = strict_server(strict);
  second.reverify_client_on_resume = true;
  Pair b = make_pair(with, second);
  pump(b);
  ASSERT_TRUE(b.server.error.has_value()) << "TLS " << version() << ": not verified again";
  // Refused on resumption, then on the full handshake that follows.
  EXPECT_GE(strict->resumption_calls, 1);
  EXPECT_GT(strict->calls, strict->resumption_calls);
}

TEST_P(ResumptionPolicy, ResumedClientIsVerifiedOnlyIfTheFullHandshakeVerifiedIt) {
  // A verifier that replaces ours accepts a client our checks refuse (no anchors for it): the
  // full handshake reports it unverified, and so must every resumption of its session.
  ClientConfig with = client();
  with.certificate = credential("client");
  ServerConfig guests = server();
  guests.client_auth = ServerConfig::ClientAuth::require;
  guests.client_verifier = accepting("guests");
  guests.client_verifier_mode = VerifierMode::instead_of_ours;
  Pair a = connected(with, guests);
  ASSERT_FALSE(a.server.connection->session()->peer_chain.empty());
  EXPECT_FALSE(a.server.connection->session()->peer_verified);
  Pair b = connected(with, guests);
  ASSERT_TRUE(b.server.connection->session()->resumed) << version();
  EXPECT_FALSE(b.server.connection->session()->peer_verified)
      << "TLS " << version() << ": resumption promoted an unverified client to verified";
}

INSTANTIATE_TEST_SUITE_P(BothVersions, ResumptionPolicy,
                         ::testing::Values(ProtocolVersion::tls13, ProtocolVersion::tls12),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& param) {
                           return param.param == ProtocolVersion::tls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace cpptls::api_test
