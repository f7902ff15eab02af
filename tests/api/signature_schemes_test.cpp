// Signature scheme preferences (ClientConfig/ServerConfig verify_schemes and signing_schemes)
// and what SessionInfo reports of the handshake: the peer's signature scheme and whether a
// HelloRetryRequest happened.

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

class SignatureSchemes : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  static ClientConfig client() {
    ClientConfig config = client_config();
    config.min_version = config.max_version = GetParam();
    return config;
  }
  static ServerConfig server(bool ec = false) {
    ServerConfig config = server_config(ec);
    config.min_version = config.max_version = GetParam();
    return config;
  }
  static bool tls13() { return GetParam() == ProtocolVersion::tls13; }
};

INSTANTIATE_TEST_SUITE_P(Versions, SignatureSchemes,
                         ::testing::Values(ProtocolVersion::tls12, ProtocolVersion::tls13),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& param) {
                           return param.param == ProtocolVersion::tls12 ? "Tls12" : "Tls13";
                         });

TEST_P(SignatureSchemes, DefaultsSignWithRsaPssAndEcdsa) {
  Pair rsa = connected(client(), server());
  EXPECT_EQ(rsa.client.connection->session()->peer_signature_scheme, "rsa_pss_rsae_sha256");
  EXPECT_EQ(rsa.client.connection->session()->peer_signature_scheme_id, 0x0804);
  // No client certificate: the server saw no signature.
  EXPECT_EQ(rsa.server.connection->session()->peer_signature_scheme, "");
  EXPECT_EQ(rsa.server.connection->session()->peer_signature_scheme_id, 0);
  Pair ec = connected(client(), server(true));
  EXPECT_EQ(ec.client.connection->session()->peer_signature_scheme, "ecdsa_secp256r1_sha256");
  EXPECT_EQ(ec.client.connection->session()->peer_signature_scheme_id, 0x0403);
}

TEST_P(SignatureSchemes, ServerSignsWithItsFirstSchemeTheClientAccepts) {
  ServerConfig config = server();
  config.signing_schemes = {SignatureScheme::rsa_pss_rsae_sha512,
                            SignatureScheme::rsa_pss_rsae_sha384};
  Pair pair = connected(client(), config);
  EXPECT_EQ(pair.client.connection->session()->peer_signature_scheme, "rsa_pss_rsae_sha512");

  ClientConfig narrow = client();
  narrow.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha384};
  Pair second = connected(narrow, config);
  EXPECT_EQ(second.client.connection->session()->peer_signature_scheme, "rsa_pss_rsae_sha384");
}

TEST_P(SignatureSchemes, NoSchemeInCommonFailsTheHandshake) {
  ServerConfig config = server();
  config.signing_schemes = {SignatureScheme::rsa_pss_rsae_sha384};
  ClientConfig narrow = client();
  narrow.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha256};
  Pair pair = make_pair(narrow, config);
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert(), 40)  // handshake_failure
      << pair.server.error->to_string();
}

// PKCS#1 v1.5 in the list does not widen TLS 1.3: its CertificateVerify never uses it (RFC
// 8446 4.2.3), so a client accepting nothing else cannot complete a TLS 1.3 handshake; a
// TLS 1.2 server may sign its ServerKeyExchange with it.
TEST_P(SignatureSchemes, Pkcs1OnlyServesTls12) {
  ClientConfig pkcs1 = client();
  pkcs1.verify_schemes = {SignatureScheme::rsa_pkcs1_sha384};
  Pair pair = make_pair(pkcs1, server());
  pump(pair);
  if (tls13()) {
    EXPECT_FALSE(pair.client.connection->is_handshake_complete());
    EXPECT_TRUE(pair.server.error.has_value());
  } else {
    ASSERT_TRUE(pair.client.connection->is_handshake_complete());
    EXPECT_EQ(pair.client.connection->session()->peer_signature_scheme, "rsa_pkcs1_sha384");
    EXPECT_EQ(pair.client.connection->session()->peer_signature_scheme_id, 0x0501);
  }
}

TEST_P(SignatureSchemes, UnimplementedSchemesAreRefusedAtCreation) {
  const auto sha1 = static_cast<SignatureScheme>(0x0201);  // rsa_pkcs1_sha1
  ClientConfig verify = client();
  verify.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha256, sha1};
  auto made = ClientConnection::create(verify);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().kind(), TlsErrorKind::api_misuse);
  EXPECT_NE(made.error().reason().find("verify_schemes"), std::string::npos);
  ClientConfig signing = client();
  signing.signing_schemes = {static_cast<SignatureScheme>(0x0808)};  // ed448
  EXPECT_FALSE(ClientConnection::create(signing).has_value());
  ServerConfig server_signing = server();
  server_signing.signing_schemes = {sha1};
  EXPECT_FALSE(ServerConnection::create(server_signing).has_value());
  ServerConfig server_verify = server();
  server_verify.verify_schemes = {static_cast<SignatureScheme>(0x0603)};  // ecdsa P-521
  EXPECT_FALSE(ServerConnection::create(server_verify).has_value());
}

// Mutual TLS: the client signs with its first scheme the server lists; the server reports it.
TEST_P(SignatureSchemes, ClientCertificateSchemeFollowsBothLists) {
  ServerConfig config = server();
  config.client_auth = ServerConfig::ClientAuth::require;
  config.client_trust = anchors("rsa");
  ClientConfig mutual = client();
  mutual.certificate = credential("client");
  mutual.signing_schemes = {SignatureScheme::rsa_pss_rsae_sha384,
                            SignatureScheme::rsa_pss_rsae_sha256};
  Pair pair = connected(mutual, config);
  EXPECT_EQ(pair.server.connection->session()->peer_signature_scheme, "rsa_pss_rsae_sha384");
  EXPECT_EQ(pair.server.connection->session()->peer_signature_scheme_id, 0x0805);

  // The server accepts only SHA-512 signatures: the client has none to give, sends no
  // certificate, and the server (which requires one) refuses it.
  config.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha512};
  Pair refused = make_pair(mutual, config);
  pump(refused);
  ASSERT_TRUE(refused.server.error.has_value());
  EXPECT_FALSE(refused.server.connection->is_handshake_complete());
}

// A resumption proves nothing by signature: no scheme, on either side, even with a client
// certificate in the session.
TEST_P(SignatureSchemes, ResumptionReportsNoSignatureScheme) {
  auto made = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(made.has_value());
  ServerConfig config = server();
  config.sessions = *made;
  config.client_auth = ServerConfig::ClientAuth::require;
  config.client_trust = anchors("rsa");
  ClientConfig resuming = client();
  resuming.certificate = credential("client");
  resuming.session_cache = std::make_shared<SessionCache>();
  Pair first = connected(resuming, config);
  ASSERT_FALSE(first.client.connection->session()->resumed);
  EXPECT_FALSE(first.client.connection->session()->peer_signature_scheme.empty());
  EXPECT_FALSE(first.server.connection->session()->peer_signature_scheme.empty());
  Pair second = connected(resuming, config);
  ASSERT_TRUE(second.client.connection->session()->resumed);
  for (const Peer* peer : {&second.client, &second.server}) {
    EXPECT_EQ(peer->connection->session()->peer_signature_scheme, "");
    EXPECT_EQ(peer->connection->session()->peer_signature_scheme_id, 0);
  }
}

TEST(SignatureSchemesTls12, RsaKeyTransportReportsNoSignatureScheme) {
  ClientConfig config = client_config();
  config.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  ServerConfig rsa = server_config();
  rsa.enable_rsa_key_transport = true;
  Pair pair = connected(config, rsa);
  EXPECT_EQ(pair.client.connection->session()->cipher_suite, "TLS_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(pair.client.connection->session()->peer_signature_scheme, "");
  EXPECT_EQ(pair.client.connection->session()->peer_signature_scheme_id, 0);
}

TEST(HelloRetryRequest, IsReportedOnBothSides) {
  ClientConfig config = client_config();
  config.groups = {NamedGroup::x25519, NamedGroup::secp384r1};  // a share for x25519 only
  ServerConfig p384 = server_config();
  p384.groups = {NamedGroup::secp384r1};
  Pair retried = connected(config, p384);
  EXPECT_TRUE(retried.client.connection->session()->hello_retry_request);
  EXPECT_TRUE(retried.server.connection->session()->hello_retry_request);
  EXPECT_EQ(retried.client.connection->session()->group, "secp384r1");

  Pair direct = connected(config, server_config());
  EXPECT_FALSE(direct.client.connection->session()->hello_retry_request);
  EXPECT_FALSE(direct.server.connection->session()->hello_retry_request);
}

TEST(SignatureSchemeNames, ParseAndName) {
  auto parsed = parse_signature_schemes("rsa_pss_rsae_sha256, ECDSA_SECP384R1_SHA384,ed25519");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, (std::vector<SignatureScheme>{SignatureScheme::rsa_pss_rsae_sha256,
                                                   SignatureScheme::ecdsa_secp384r1_sha384,
                                                   SignatureScheme::ed25519}));
  EXPECT_FALSE(parse_signature_schemes("rsa_pkcs1_sha1").has_value());
  EXPECT_EQ(name(SignatureScheme::rsa_pss_pss_sha384), "rsa_pss_pss_sha384");
  EXPECT_EQ(name(static_cast<SignatureScheme>(0x0201)), "");
}

}  // namespace
}  // namespace cpptls::api_test
