// The authentication invariants of docs/design.md ("Security invariants"), each pinned through
// the public API as an application would meet it: no configuration left at a default, no
// session shared between configurations and no certificate used against its keyUsage may
// widen whom a connection trusts.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "cpptls/cpptls.hpp"

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

// Both sides limited to one version.
void pin_version(ClientConfig& client, ServerConfig& server, ProtocolVersion version) {
  client.min_version = client.max_version = version;
  server.min_version = server.max_version = version;
}

const char* name_of(ProtocolVersion version) {
  return version == ProtocolVersion::tls13 ? "TLS 1.3" : "TLS 1.2";
}

// A handshake that must not complete: returns the client's or the server's error, whichever
// came first, as text (empty if the handshake completed after all).
std::string refusal(const ClientConfig& client, const ServerConfig& server) {
  Pair pair = make_pair(client, server);
  pump(pair);
  if (pair.client.error) return pair.client.error->to_string();
  if (pair.server.error) return pair.server.error->to_string();
  return {};
}

// --- 1. A name is always checked --------------------------------------------------------

TEST(SecurityProperties, VerifyingClientWithoutServerNameIsRefusedAtCreation) {
  ClientConfig config = client_config();
  config.server_name.clear();
  auto made = ClientConnection::create(config);
  ASSERT_FALSE(made.has_value()) << "a verifying client without a name accepts any host";
  EXPECT_NE(made.error().reason().find("server_name"), std::string::npos)
      << made.error().to_string();
}

TEST(SecurityProperties, ChainOnlyVerificationIsAnExplicitOption) {
  ClientConfig config = client_config();
  config.server_name.clear();
  config.verify_chain_without_name = true;
  Pair pair = connected(config, server_config());
  ASSERT_NE(pair.client.connection->session(), nullptr);
  EXPECT_TRUE(pair.client.connection->session()->peer_verified);
  // The chain is still checked: an untrusted server is refused.
  ServerConfig other = server_config();
  other.credentials = {credential("other")};
  EXPECT_NE(refusal(config, other), "");
}

TEST(SecurityProperties, ChainOnlyVerificationWithANameIsAContradiction) {
  ClientConfig config = client_config();  // server_name "localhost"
  config.verify_chain_without_name = true;
  auto made = ClientConnection::create(config);
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().reason().find("verify_chain_without_name"), std::string::npos)
      << made.error().to_string();
}

TEST(SecurityProperties, InsecureClientNeedsNoName) {
  ClientConfig config = client_config();
  config.server_name.clear();
  config.insecure_skip_verification = true;
  Pair pair = connected(config, server_config());
  EXPECT_FALSE(pair.client.connection->session()->peer_verified);
}

// --- 2. Resumption never widens trust: the client -----------------------------------------

class ResumptionTrust : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  void SetUp() override {
    auto made = ServerSessions::create(openssl_provider());
    ASSERT_TRUE(made.has_value());
    sessions_ = *made;
  }
  // A server of the version under test that shares this test's ticket keys.
  ServerConfig server(std::string_view credential_name = "rsa") const {
    ServerConfig config = server_config();
    config.credentials = {credential(credential_name)};
    config.sessions = sessions_;
    config.min_version = config.max_version = GetParam();
    return config;
  }
  // The same, requiring client certificates under root-`client_root`.
  ServerConfig strict_server(std::string_view client_root = "rsa") const {
    ServerConfig config = server();
    config.client_auth = ServerConfig::ClientAuth::require;
    config.client_trust = anchors(client_root);
    return config;
  }
  // A client of the version under test that keeps its sessions in `cache`.
  static ClientConfig client(const std::shared_ptr<SessionCache>& cache,
                             bool with_certificate = false) {
    ClientConfig config = client_config();
    config.session_cache = cache;
    config.min_version = config.max_version = GetParam();
    if (with_certificate) config.certificate = credential("client");
    return config;
  }
  const char* version() const { return name_of(GetParam()); }

 private:
  std::shared_ptr<ServerSessions> sessions_;
};

// A session stored by a configuration that did not verify the server is never resumed by one
// that does: the verifying client checks the server's certificate and refuses it.
TEST_P(ResumptionTrust, VerifyingClientDoesNotResumeAnUnverifiedSession) {
  auto cache = std::make_shared<SessionCache>();
  const ServerConfig untrusted = server("other");  // under a root the careful client lacks
  ClientConfig careless = client(cache);
  careless.insecure_skip_verification = true;
  Pair first = connected(careless, untrusted);
  ASSERT_FALSE(first.client.connection->session()->peer_verified);
  ASSERT_GE(cache->size(), 1u) << version() << ": no session stored";

  Pair second = make_pair(client(cache), untrusted);
  pump(second);
  ASSERT_TRUE(second.client.error.has_value())
      << version() << ": the verifying client completed with an unverified server";
  EXPECT_NE(second.client.error->to_string().find("unknown_ca"), std::string::npos)
      << second.client.error->to_string();
}

// Sessions verified under other anchors are not resumed either: the anchors are part of the
// policy under which the server was authenticated.
TEST_P(ResumptionTrust, ClientDoesNotResumeASessionVerifiedUnderOtherAnchors) {
  auto cache = std::make_shared<SessionCache>();
  const ServerConfig other = server("other");
  ClientConfig trusts_other = client(cache);
  trusts_other.trust = anchors("other");
  Pair first = connected(trusts_other, other);
  ASSERT_TRUE(first.client.connection->session()->peer_verified);
  const std::string error = refusal(client(cache), other);  // root-rsa and root-ec only
  EXPECT_NE(error.find("unknown_ca"), std::string::npos)
      << version() << ": " << (error.empty() ? "resumed" : error);
}

// The same configuration still resumes: the checks do not cost legitimate resumptions.
TEST_P(ResumptionTrust, SameConfigurationStillResumes) {
  const ClientConfig same = client(std::make_shared<SessionCache>());
  Pair first = connected(same, server());
  Pair second = connected(same, server());
  EXPECT_TRUE(second.client.connection->session()->resumed) << version();
  EXPECT_TRUE(second.client.connection->session()->peer_verified) << version();
}

// --- 2. Resumption never widens trust: the server -----------------------------------------

// A ticket issued where no client certificate was asked for does not let a client skip the
// certificate that this server requires.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateDoesNotResumeAnOpenSession) {
  const ClientConfig without = client(std::make_shared<SessionCache>());
  Pair first = connected(without, server());
  ASSERT_GE(without.session_cache->size(), 1u);
  Pair second = make_pair(without, strict_server());
  pump(second);
  ASSERT_TRUE(second.server.error.has_value())
      << version() << ": a server requiring a client certificate completed without one"
      << (second.server.connection->session() && second.server.connection->session()->resumed
              ? " (resumed)"
              : "");
}

// With a certificate, the client gets a full handshake that checks it.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateChecksItAfterAnOpenSession) {
  const ClientConfig with = client(std::make_shared<SessionCache>(), true);
  Pair first = connected(with, server());
  Pair second = connected(with, strict_server());
  const SessionInfo* info = second.server.connection->session();
  ASSERT_NE(info, nullptr);
  EXPECT_FALSE(info->resumed) << version();
  EXPECT_EQ(info->peer_subject, "CN=cpptls-test-client") << version();
  EXPECT_TRUE(info->peer_verified);
}

// A session whose client was verified under one client trust is not resumed by a server that
// requires clients of another.
TEST_P(ResumptionTrust, ServerDoesNotResumeAClientVerifiedUnderOtherClientTrust) {
  const ClientConfig with = client(std::make_shared<SessionCache>(), true);
  Pair first = connected(with, strict_server("rsa"));
  ASSERT_TRUE(first.server.connection->session()->peer_verified);
  const std::string error = refusal(with, strict_server("other"));
  EXPECT_NE(error, "") << version()
                       << ": resumed a client that the second server's trust does not cover";
}

// A server that requires client certificates resumes a session whose client it verified.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateResumesAVerifiedClient) {
  const ClientConfig with = client(std::make_shared<SessionCache>(), true);
  Pair first = connected(with, strict_server());
  Pair second = connected(with, strict_server());
  const SessionInfo* info = second.server.connection->session();
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(info->resumed) << version();
  EXPECT_EQ(info->peer_subject, "CN=cpptls-test-client");
  EXPECT_TRUE(info->peer_verified);
}

INSTANTIATE_TEST_SUITE_P(BothVersions, ResumptionTrust,
                         ::testing::Values(ProtocolVersion::tls13, ProtocolVersion::tls12),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& param) {
                           return param.param == ProtocolVersion::tls13 ? "Tls13" : "Tls12";
                         });

// --- 9. The peer's key is used only as its certificate allows -----------------------------

std::string key_usage_refusal(std::string_view server_credential, ProtocolVersion version,
                              bool rsa_key_transport = false) {
  ClientConfig client = client_config();
  ServerConfig server = server_config();
  server.credentials = {credential(server_credential)};
  pin_version(client, server, version);
  if (rsa_key_transport) {
    client.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
    server.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  }
  return refusal(client, server);
}

TEST(SecurityProperties, Tls13ServerKeyWithoutDigitalSignatureIsRefused) {
  const std::string error = key_usage_refusal("ec-keyenc", ProtocolVersion::tls13);
  EXPECT_NE(error.find("unsupported_certificate"), std::string::npos) << error;
  EXPECT_NE(error.find("digitalSignature"), std::string::npos) << error;
}

TEST(SecurityProperties, Tls12EcdheServerKeyWithoutDigitalSignatureIsRefused) {
  const std::string error = key_usage_refusal("rsa-keyenc", ProtocolVersion::tls12);
  EXPECT_NE(error.find("unsupported_certificate"), std::string::npos) << error;
  EXPECT_NE(error.find("digitalSignature"), std::string::npos) << error;
}

TEST(SecurityProperties, RsaKeyTransportToAKeyWithoutKeyEnciphermentIsRefused) {
  const std::string error = key_usage_refusal("rsa-sign", ProtocolVersion::tls12, true);
  EXPECT_NE(error.find("unsupported_certificate"), std::string::npos) << error;
  EXPECT_NE(error.find("keyEncipherment"), std::string::npos) << error;
}

TEST(SecurityProperties, KeyUsageThatAllowsTheUseIsAccepted) {
  EXPECT_EQ(key_usage_refusal("rsa-keyenc", ProtocolVersion::tls12, true), "");
  EXPECT_EQ(key_usage_refusal("rsa-sign", ProtocolVersion::tls13), "");
}

TEST(SecurityProperties, ClientKeyWithoutDigitalSignatureIsRefusedByTheServer) {
  for (const ProtocolVersion version : {ProtocolVersion::tls13, ProtocolVersion::tls12}) {
    ClientConfig client = client_config();
    client.certificate = credential("client-keyenc");
    ServerConfig server = server_config();
    server.client_auth = ServerConfig::ClientAuth::require;
    server.client_trust = anchors("rsa");
    pin_version(client, server, version);
    Pair pair = make_pair(client, server);
    pump(pair);
    ASSERT_TRUE(pair.server.error.has_value()) << name_of(version);
    EXPECT_NE(pair.server.error->to_string().find("digitalSignature"), std::string::npos)
        << pair.server.error->to_string();
  }
}

}  // namespace
}  // namespace cpptls::api_test
