// Handshake step 3: the client verifies the server's chain and name with the X.509 module
// before it sends its ClientKeyExchange, at the provider's time, and a failure sends the
// verifier's alert.

#include <gtest/gtest.h>

#include "crypto/testing/deterministic_provider.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake::testing {
namespace {

using wire::HandshakeType;

std::shared_ptr<const x509::TrustStore> trusting(std::initializer_list<std::string_view> roots) {
  auto trust = std::make_shared<x509::TrustStore>();
  for (const std::string_view root : roots)
    trust->add(pki_certificate(root));
  return trust;
}

ClientSettings verifying_client(std::string server_name,
                                std::shared_ptr<const x509::TrustStore> trust) {
  ClientSettings settings = client_settings();
  settings.server_name = std::move(server_name);
  verify_server(settings, std::move(trust));
  return settings;
}

bool client_sent_key_exchange(const Pump& pump) {
  for (const auto& [sender, event] : pump.log()) {
    if (sender == Side::client && event.is(HandshakeType::client_key_exchange)) return true;
  }
  return false;
}

TEST(Verification12, VerifiesAnEcdsaChainAndItsName) {
  auto pair = run12(verifying_client("www.example.com", trusting({"root-ec"})),
                    server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(pair->client.summary().peer_verified);
  EXPECT_EQ(pair->client.summary().peer_certificates.size(), 2U);
}

TEST(Verification12, VerifiesAnRsaChainForEveryRsaKeyExchange) {
  for (const crypto::CipherSuite suite :
       {crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        crypto::CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384}) {
    ClientSettings client = verifying_client("www.example.org", trusting({"root-rsa"}));
    client.cipher_suites = {suite};
    ServerSettings server = server_settings(rsa_credential());
    server.cipher_suites = {suite};
    auto pair = run12(client, server);
    ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
    EXPECT_TRUE(pair->client.summary().peer_verified);
  }
}

TEST(Verification12, VerifiesAnIpAddressWithoutSendingItAsServerName) {
  auto pair = run12(verifying_client("192.0.2.1", trusting({"root-rsa"})),
                    server_settings(rsa_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(pair->client.summary().peer_verified);
  EXPECT_EQ(pair->server.summary().server_name, "");
}

TEST(Verification12, RefusesAChainFromAnUnknownCaWithUnknownCa) {
  auto pair = run12(verifying_client("www.example.com", trusting({"root-rsa"})),
                    server_settings(ec_credential()));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::unknown_ca)
      << pair->pump.describe();
  EXPECT_EQ(pair->pump.client().error->kind(), ErrorKind::certificate);
  EXPECT_FALSE(client_sent_key_exchange(pair->pump));
}

TEST(Verification12, RefusesACertificateForAnotherHostWithBadCertificate) {
  auto pair = run12(verifying_client("www.example.net", trusting({"root-ec"})),
                    server_settings(ec_credential()));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::bad_certificate)
      << pair->pump.describe();
  EXPECT_EQ(pair->pump.client().error->code(), ErrorCode::certificate_name_mismatch);
  EXPECT_NE(pair->pump.client().error->reason().find("www.example.net"), std::string::npos)
      << pair->pump.client().error->reason();
  EXPECT_FALSE(client_sent_key_exchange(pair->pump));
}

TEST(Verification12, RefusesAnExpiredCertificateWithCertificateExpired) {
  Credential expired;
  expired.chain = {pki_certificate("leaf-expired"), pki_certificate("int-ec")};
  expired.key = pki_key("leaf-expired");
  auto pair =
      run12(verifying_client("leaf.example.com", trusting({"root-ec"})), server_settings(expired));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::certificate_expired)
      << pair->pump.describe();
  EXPECT_FALSE(client_sent_key_exchange(pair->pump));
}

TEST(Verification12, ChecksValidityAtTheProvidersTime) {
  // The same good chain, verified from the year 2200.
  crypto::testing::DeterministicProvider later(real_provider(), 1, 7'258'118'400);
  ClientSettings client = verifying_client("www.example.com", trusting({"root-ec"}));
  client.provider = &later;
  auto pair = run12(client, server_settings(ec_credential()));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::certificate_expired)
      << pair->pump.describe();
}

TEST(Verification12, SkipsVerificationOnlyWhenTurnedOff) {
  ClientSettings client = verifying_client("www.example.net", trusting({"root-rsa"}));
  client.server_auth = handshake::ServerAuthPolicy::no_verification();
  auto pair = run12(client, server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_FALSE(pair->client.summary().peer_verified);
}

}  // namespace
}  // namespace cpptls::handshake::testing
