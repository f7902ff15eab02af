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

class ResumptionTrust : public ::testing::TestWithParam<ProtocolVersion> {};

// A session stored by a configuration that did not verify the server is never resumed by one
// that does: the verifying client checks the server's certificate and refuses it.
TEST_P(ResumptionTrust, VerifyingClientDoesNotResumeAnUnverifiedSession) {
  auto cache = std::make_shared<SessionCache>();
  ServerConfig server = server_config();
  server.credentials = {credential("other")};  // under a root the verifying client lacks
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  server.sessions = *sessions;

  ClientConfig careless = client_config();
  careless.insecure_skip_verification = true;
  careless.session_cache = cache;
  ClientConfig careful = client_config();
  careful.session_cache = cache;
  pin_version(careless, server, GetParam());
  pin_version(careful, server, GetParam());

  Pair first = connected(careless, server);
  ASSERT_FALSE(first.client.connection->session()->peer_verified);
  ASSERT_GE(cache->size(), 1u) << name_of(GetParam()) << ": no session stored";

  Pair second = make_pair(careful, server);
  pump(second);
  ASSERT_TRUE(second.client.error.has_value())
      << name_of(GetParam()) << ": the verifying client completed with an unverified server";
  EXPECT_NE(second.client.error->to_string().find("unknown_ca"), std::string::npos)
      << second.client.error->to_string();
}

// Sessions verified under other anchors are not resumed either: the anchors are part of the
// policy under which the server was authenticated.
TEST_P(ResumptionTrust, ClientDoesNotResumeASessionVerifiedUnderOtherAnchors) {
  auto cache = std::make_shared<SessionCache>();
  ServerConfig server = server_config();
  server.credentials = {credential("other")};
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  server.sessions = *sessions;

  ClientConfig trusts_other = client_config();
  trusts_other.trust = anchors("other");
  trusts_other.session_cache = cache;
  ClientConfig trusts_ours = client_config();  // root-rsa and root-ec
  trusts_ours.session_cache = cache;
  pin_version(trusts_other, server, GetParam());
  pin_version(trusts_ours, server, GetParam());

  Pair first = connected(trusts_other, server);
  ASSERT_TRUE(first.client.connection->session()->peer_verified);
  const std::string error = refusal(trusts_ours, server);
  EXPECT_NE(error.find("unknown_ca"), std::string::npos)
      << name_of(GetParam()) << ": " << (error.empty() ? "resumed" : error);
}

// The same configuration still resumes: the checks do not cost legitimate resumptions.
TEST_P(ResumptionTrust, SameConfigurationStillResumes) {
  auto cache = std::make_shared<SessionCache>();
  ServerConfig server = server_config();
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  server.sessions = *sessions;
  ClientConfig client = client_config();
  client.session_cache = cache;
  pin_version(client, server, GetParam());
  Pair first = connected(client, server);
  Pair second = connected(client, server);
  EXPECT_TRUE(second.client.connection->session()->resumed) << name_of(GetParam());
  EXPECT_TRUE(second.client.connection->session()->peer_verified) << name_of(GetParam());
}

// --- 2. Resumption never widens trust: the server -----------------------------------------

// A ticket issued where no client certificate was asked for does not let a client skip the
// certificate that this server requires.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateDoesNotResumeAnOpenSession) {
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  ServerConfig open = server_config();
  open.sessions = *sessions;
  ServerConfig strict = open;
  strict.client_auth = ServerConfig::ClientAuth::require;
  strict.client_trust = anchors("rsa");
  ClientConfig client = client_config();
  client.session_cache = std::make_shared<SessionCache>();
  pin_version(client, open, GetParam());
  pin_version(client, strict, GetParam());

  Pair first = connected(client, open);
  ASSERT_GE(client.session_cache->size(), 1u);
  Pair second = make_pair(client, strict);
  pump(second);
  ASSERT_TRUE(second.server.error.has_value())
      << name_of(GetParam()) << ": a server requiring a client certificate completed without one"
      << (second.server.connection->session() && second.server.connection->session()->resumed
              ? " (resumed)"
              : "");
}

// With a certificate, the client gets a full handshake that checks it.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateChecksItAfterAnOpenSession) {
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  ServerConfig open = server_config();
  open.sessions = *sessions;
  ServerConfig strict = open;
  strict.client_auth = ServerConfig::ClientAuth::require;
  strict.client_trust = anchors("rsa");
  ClientConfig client = client_config();
  client.session_cache = std::make_shared<SessionCache>();
  client.certificate = credential("client");
  pin_version(client, open, GetParam());
  pin_version(client, strict, GetParam());

  Pair first = connected(client, open);
  Pair second = connected(client, strict);
  const SessionInfo* info = second.server.connection->session();
  ASSERT_NE(info, nullptr);
  EXPECT_FALSE(info->resumed) << name_of(GetParam());
  EXPECT_EQ(info->peer_subject, "CN=cpptls-test-client") << name_of(GetParam());
  EXPECT_TRUE(info->peer_verified);
}

// A session whose client was verified under one client trust is not resumed by a server that
// requires clients of another.
TEST_P(ResumptionTrust, ServerDoesNotResumeAClientVerifiedUnderOtherClientTrust) {
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  ServerConfig first_server = server_config();
  first_server.sessions = *sessions;
  first_server.client_auth = ServerConfig::ClientAuth::require;
  first_server.client_trust = anchors("rsa");
  ServerConfig second_server = first_server;
  second_server.client_trust = anchors("other");
  ClientConfig client = client_config();
  client.session_cache = std::make_shared<SessionCache>();
  client.certificate = credential("client");
  pin_version(client, first_server, GetParam());
  pin_version(client, second_server, GetParam());

  Pair first = connected(client, first_server);
  ASSERT_TRUE(first.server.connection->session()->peer_verified);
  const std::string error = refusal(client, second_server);
  EXPECT_NE(error, "") << name_of(GetParam())
                       << ": resumed a client that the second server's trust does not cover";
}

// A server that requires client certificates resumes a session whose client it verified.
TEST_P(ResumptionTrust, ServerRequiringClientCertificateResumesAVerifiedClient) {
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  ServerConfig strict = server_config();
  strict.sessions = *sessions;
  strict.client_auth = ServerConfig::ClientAuth::require;
  strict.client_trust = anchors("rsa");
  ClientConfig client = client_config();
  client.session_cache = std::make_shared<SessionCache>();
  client.certificate = credential("client");
  pin_version(client, strict, GetParam());

  Pair first = connected(client, strict);
  Pair second = connected(client, strict);
  const SessionInfo* info = second.server.connection->session();
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(info->resumed) << name_of(GetParam());
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
