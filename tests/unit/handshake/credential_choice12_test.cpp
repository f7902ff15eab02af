// The TLS 1.2 server chooses its certificate by the client's server_name, then negotiates the
// suite with the certificates of that name in order: the first with which a suite can be
// negotiated serves (RSA or ECDSA, by what the client offers).

#include <algorithm>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "unit/handshake/mutual12.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;

// Two names: *.example.com (ECDSA, the default) and www.example.org (RSA, then ECDSA).
ServerSettings server_with_two_names() {
  ServerSettings settings = server_settings(ec_credential());
  settings.credentials.push_back(rsa_credential());
  settings.credentials.push_back(ec_org_credential());
  settings.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                            CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  return settings;
}

// A client that verifies the server against every root of the test PKI for `name`.
ClientSettings client_for(std::string name, std::initializer_list<CipherSuite> suites = {}) {
  ClientSettings settings = client_settings();
  settings.server_name = std::move(name);
  verify_server(settings, trust_store_of({"root-ec", "root-rsa"}));
  settings.cipher_suites = suites;
  return settings;
}

// The leaf the client received, by its test PKI name.
void expect_leaf(const Pair12& pair, std::string_view leaf) {
  ASSERT_TRUE(pair.pump.succeeded()) << pair.pump.describe();
  const auto& chain = pair.client.summary().peer_certificates;
  ASSERT_FALSE(chain.empty());
  EXPECT_TRUE(std::ranges::equal(chain.front().der(), pki_certificate(leaf).der()))
      << "the server did not present " << leaf;
  EXPECT_TRUE(pair.client.summary().peer_verified);
}

TEST(CredentialChoice12, ANameOfTheDefaultCertificateGetsIt) {
  auto pair = run12(client_for("shop.example.com"), server_with_two_names());
  expect_leaf(*pair, "leaf-ec");
  EXPECT_EQ(pair->server.summary().server_name, "shop.example.com");
}

TEST(CredentialChoice12, TheOtherNameGetsItsOwnCertificate) {
  auto pair = run12(client_for("www.example.org"), server_with_two_names());
  // Both www.example.org certificates could serve; the first configured does.
  expect_leaf(*pair, "leaf-rsa");
  EXPECT_EQ(pair->client.summary().cipher_suite,
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
}

TEST(CredentialChoice12, AnEcdsaOnlyClientGetsTheNamesEcdsaCertificate) {
  auto pair =
      run12(client_for("www.example.org", {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}),
            server_with_two_names());
  expect_leaf(*pair, "leaf-ec-org");
}

TEST(CredentialChoice12, AnRsaOnlyClientGetsTheNamesRsaCertificate) {
  auto pair = run12(client_for("example.org", {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}),
                    server_with_two_names());
  expect_leaf(*pair, "leaf-rsa");
}

TEST(CredentialChoice12, RsaKeyTransportDecryptsWithTheChosenCertificatesKey) {
  auto pair = run12(client_for("www.example.org", {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256}),
                    server_with_two_names());
  expect_leaf(*pair, "leaf-rsa");
  expect_matching_keys(pair->pump);
}

TEST(CredentialChoice12, AnUnknownNameGetsTheDefaultCertificate) {
  ClientSettings client = client_for("www.example.net");
  client.server_auth =
      handshake::ServerAuthPolicy::no_verification();  // the default is not for that name, as the
                                                       // client would see
  auto pair = run12(client, server_with_two_names());
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(std::ranges::equal(pair->client.summary().peer_certificates.front().der(),
                                 pki_certificate("leaf-ec").der()));
}

TEST(CredentialChoice12, NoNameGetsTheDefaultCertificate) {
  ClientSettings client = client_settings();  // no name: nothing to verify it for
  client.server_name.clear();
  auto pair = run12(client, server_with_two_names());
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(std::ranges::equal(pair->client.summary().peer_certificates.front().der(),
                                 pki_certificate("leaf-ec").der()));
}

TEST(CredentialChoice12, ANameWhoseCertificatesCannotServeTheClientFails) {
  // *.example.com has an ECDSA certificate only; an RSA-only client is refused rather than
  // served the www.example.org RSA certificate.
  auto pair =
      run12(client_for("shop.example.com", {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}),
            server_with_two_names());
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure)
      << pair->pump.describe();
  EXPECT_NE(pair->pump.server().error->reason().find("ECDSA P-256 key"), std::string::npos)
      << pair->pump.server().error->reason();
}

TEST(CredentialChoice12, ARefusalAfterTryingSeveralCertificatesSaysSo) {
  ClientSettings client =
      client_for("www.example.org", {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256});
  ServerSettings server = server_with_two_names();
  server.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  auto pair = run12(client, server);
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure)
      << pair->pump.describe();
  EXPECT_NE(pair->pump.server().error->reason().find(
                "(and likewise with each of the 2 certificates for www.example.org)"),
            std::string::npos)
      << pair->pump.server().error->reason();
}

TEST(CredentialChoice12, ACredentialWithoutAKeyIsMisuse) {
  ServerSettings server = server_with_two_names();
  server.credentials[1].key = nullptr;
  auto pair = run12(client_for("www.example.org"), server);
  ASSERT_TRUE(pair->pump.server().error);
  EXPECT_EQ(pair->pump.server().error->kind(), ErrorKind::api_misuse);
}

// TLS 1.3 chooses by name the same way, then by the client's signature schemes.
TEST(CredentialChoice13, TheOtherNameGetsItsOwnCertificateAndTheSchemesPickTheKey) {
  ServerSettings server = server_with_two_names();
  server.cipher_suites = {};
  server.versions = {false, true};
  ClientSettings client = client_for("www.example.org");
  client.versions = {false, true};
  client.verify_schemes = {crypto::SignatureScheme::ecdsa_secp256r1_sha256};
  auto pair = run13(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  const auto& chain = pair->client.summary().peer_certificates;
  ASSERT_FALSE(chain.empty());
  EXPECT_TRUE(std::ranges::equal(chain.front().der(), pki_certificate("leaf-ec-org").der()));
  EXPECT_EQ(pair->server.summary().server_name, "www.example.org");

  client.verify_schemes = {crypto::SignatureScheme::rsa_pss_rsae_sha256};
  auto rsa = run13(client, server);
  ASSERT_TRUE(rsa->pump.succeeded()) << rsa->pump.describe();
  EXPECT_TRUE(std::ranges::equal(rsa->client.summary().peer_certificates.front().der(),
                                 pki_certificate("leaf-rsa").der()));
}

// RFC 8017 9.1.1: RSASSA-PSS needs emLen >= hLen + sLen + 2, and TLS takes the salt as long
// as the digest (RFC 8446 4.2.3), so rsa_pss_*_sha512 needs 130 bytes: more than a 1024-bit
// key has. A server with such a key does not choose it: it takes a smaller hash the client
// also offers, or refuses with handshake_failure; it never fails signing (internal_error).
// (BoGo RSA-PSS-Large.) The key does not match the certificate: the handshake is refused,
// or its scheme chosen, before anything is signed.
// A throwaway 1024-bit key (the provider makes no keys that small, but loads them).
constexpr std::string_view kRsa1024Key = R"(-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALDRUjsTMjy/RPht
lo3nsTAPoVoZygaknSTIkRNsgiuMNpKdp0YeBVzhfdileriAQnGUvd/4VKR5wEvz
tnfNs55BUqOa7vd3jpm8IUz/bKo+B0+dLgoVCe1zwB5vR/onvYqEqQ8qeNn0EfY7
mcHbqs+s0TNqDEuy5H0sLMqhVD1FAgMBAAECgYBD9lDrD/fRTZtO+aBSrul2Favp
G9yBLSiRiN3qX1yxLFWViS9QTh21k55xdTl0TSg8y/UnbyXpijqVdvl9lv0ghUXI
8DQHirQmpEv295wES1ALOh0IdUsgBZgl5G+j+ReKeApzJ1z2POCn0k023S1AzLat
f8WNERYIsqiDYTPWSQJBANydfPOre73ulyz/va59mOBR8oIKn5sAk99E3zhwScwU
zgnU6pcEvCLvQzFltWjCBtJK6fj5FKY9qIp3RN6EfcsCQQDNLX8MmMrIsHr2hVhm
oatRgnvBW5w1vzrMwtaxxqwaQauDIeqhO60x4D+FKYdK2LUTxDynAiIRJxtwU3jG
ns8vAkBxCTRbeVKmp1fIE6TxgaLR1MsHfD/44FvjutsQhOAa89H50aD9Dc0DrUnl
RnKjoT5zgzTMf3roDpGLmL6tsH7vAkBHKg+WA+zZ3PRZSvjVaB+uvs5Dy42Lys8P
NEkZEiqhVMOzUPE7iSJSWVBO1I+bczyjJX5QAtpkDqdit2D9qxl7AkEAwAXpz4dL
JXlw9V7C2KpNYJodU2oMiqyDhhHStiJX26xbpEZFo3YkmqoDssiz/W9Qof/nHwK9
M0rxEnYR9QvoCw==
-----END PRIVATE KEY-----)";

ServerSettings server_with_a_1024_bit_key(bool tls13) {
  auto key = real_provider().private_key_from_pem(kRsa1024Key);
  if (!key) {
    ADD_FAILURE() << key.error().to_string();
    return {};
  }
  EXPECT_EQ((*key)->bits(), 1024U);
  Credential small = rsa_credential();
  small.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
  ServerSettings server = server_settings(small);
  server.versions = {!tls13, tls13};
  if (!tls13) server.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  return server;
}

TEST(CredentialChoice, RsaPssWithAHashTooLargeForTheKeyIsNeverChosen) {
  for (const bool tls13 : {false, true}) {
    SCOPED_TRACE(tls13 ? "TLS 1.3" : "TLS 1.2");
    ClientSettings client = client_settings();
    client.versions = {!tls13, tls13};
    client.verify_schemes = {crypto::SignatureScheme::rsa_pss_rsae_sha512};
    const ServerSettings server = server_with_a_1024_bit_key(tls13);
    ASSERT_FALSE(server.credentials.empty());
    auto pair = tls13 ? run13(client, server) : nullptr;
    auto pair12 = tls13 ? nullptr : run12(client, server);
    const Pump& pump = tls13 ? pair->pump : pair12->pump;
    ASSERT_TRUE(pump.server().error) << pump.describe();
    EXPECT_EQ(pump.server().error->alert(), AlertDescription::handshake_failure)
        << pump.server().error->to_string();
  }
}

}  // namespace
}  // namespace cpptls::handshake::testing
