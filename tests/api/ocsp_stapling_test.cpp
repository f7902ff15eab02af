// OCSP stapling through the public API: Credential::with_ocsp_response on the server,
// ClientConfig::request_ocsp_stapling and SessionInfo::ocsp_response on the client, with a
// real OCSP response from the test PKI (make-tls-pki.sh), both versions, an SNI certificate
// with its own response, and resumption.

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

Bytes read_der(std::string_view file) {
  std::ifstream in(pki(file), std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Credential stapling(std::string_view name, const Bytes& response) {
  auto made = credential(name).with_ocsp_response(response);
  EXPECT_TRUE(made.has_value()) << made.error().reason();
  return *made;
}

// A server stapling `response` that issues tickets, for the resumption tests.
ServerConfig resuming_server_stapling(const Bytes& response) {
  auto sessions = ServerSessions::create(openssl_provider());
  EXPECT_TRUE(sessions.has_value());
  ServerConfig server = server_config(true);
  server.credentials = {stapling("ec", response)};
  if (sessions) server.sessions = *sessions;
  return server;
}

class OcspStapling : public ::testing::TestWithParam<ProtocolVersion> {};

TEST_P(OcspStapling, AClientThatAsksReceivesTheConfiguredResponse) {
  const Bytes response = read_der("leaf-ec.ocsp.der");
  ASSERT_FALSE(response.empty());
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  client.request_ocsp_stapling = true;
  ServerConfig server = server_config(true);
  server.credentials = {stapling("ec", response)};
  Pair pair = connected(client, server);
  EXPECT_EQ(pair.client.connection->session()->ocsp_response, response);
  EXPECT_TRUE(pair.server.connection->session()->ocsp_response.empty());
}

TEST_P(OcspStapling, AClientThatDoesNotAskGetsNothing) {
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  ServerConfig server = server_config(true);
  server.credentials = {stapling("ec", read_der("leaf-ec.ocsp.der"))};
  Pair pair = connected(client, server);
  EXPECT_TRUE(pair.client.connection->session()->ocsp_response.empty());
}

TEST_P(OcspStapling, AServerWithoutAResponseStaplesNothingAndTheHandshakeSucceeds) {
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  client.request_ocsp_stapling = true;
  Pair pair = connected(client, server_config(true));
  EXPECT_TRUE(pair.client.connection->session()->ocsp_response.empty());
}

TEST_P(OcspStapling, EachSniCertificateStaplesItsOwnResponse) {
  const Bytes ec_response = read_der("leaf-ec.ocsp.der");
  const Bytes rsa_response = read_der("leaf-rsa.ocsp.der");
  ASSERT_NE(ec_response, rsa_response);
  ServerConfig server = server_config(true);
  server.credentials = {stapling("ec", ec_response), stapling("rsa", rsa_response)};
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  client.request_ocsp_stapling = true;
  // Both certificates are for localhost: the first is the default.
  Pair pair = connected(client, server);
  EXPECT_EQ(pair.client.connection->session()->ocsp_response, ec_response);
  // An RSA-only client gets the RSA certificate, with its response.
  client.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha256};
  Pair rsa = connected(client, server);
  EXPECT_EQ(rsa.client.connection->session()->ocsp_response, rsa_response);
}

TEST_P(OcspStapling, AResumedSessionReportsTheResponseOfTheFullHandshake) {
  const Bytes response = read_der("leaf-ec.ocsp.der");
  const ServerConfig server = resuming_server_stapling(response);
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  client.request_ocsp_stapling = true;
  client.session_cache = std::make_shared<SessionCache>();
  Pair first = connected(client, server);
  Pair second = connected(client, server);
  ASSERT_TRUE(second.client.connection->session()->resumed);
  EXPECT_EQ(second.client.connection->session()->ocsp_response, response);
}

// The check does not run on resumption, so a session made without it is never resumed by a
// configuration that has it (they may share a SessionCache): the handshake is a full one and
// the check sees the response (security invariant 11).
TEST_P(OcspStapling, ASessionMadeWithoutTheCheckIsNotResumedByAConfigurationWithIt) {
  const Bytes response = read_der("leaf-ec.ocsp.der");
  const ServerConfig server = resuming_server_stapling(response);
  ClientConfig unchecked = client_config();
  unchecked.min_version = unchecked.max_version = GetParam();
  unchecked.request_ocsp_stapling = true;
  unchecked.session_cache = std::make_shared<SessionCache>();
  ClientConfig checked = unchecked;
  std::size_t checks = 0;
  checked.ocsp_response_check = [&](std::span<const std::uint8_t>, const std::vector<Bytes>&) {
    ++checks;
    return true;
  };
  Pair first = connected(unchecked, server);
  Pair second = connected(checked, server);
  EXPECT_FALSE(second.client.connection->session()->resumed);
  EXPECT_EQ(checks, 1U);
  // Sessions made with the check resume under it.
  Pair third = connected(checked, server);
  EXPECT_TRUE(third.client.connection->session()->resumed);
}

TEST_P(OcspStapling, TheApplicationsCheckRefusingFailsTheHandshakeWithBadCertificateStatus) {
  const Bytes response = read_der("leaf-ec.ocsp.der");
  ServerConfig server = server_config(true);
  server.credentials = {stapling("ec", response)};
  ClientConfig client = client_config();
  client.min_version = client.max_version = GetParam();
  client.request_ocsp_stapling = true;
  Bytes seen;
  std::size_t chain_length = 0;
  client.ocsp_response_check = [&](std::span<const std::uint8_t> stapled,
                                   const std::vector<Bytes>& chain) {
    seen.assign(stapled.begin(), stapled.end());
    chain_length = chain.size();
    return false;
  };
  Pair pair = make_pair(client, server);
  pump(pair);
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->alert_name(), "bad_certificate_status_response")
      << pair.client.error->reason();
  EXPECT_EQ(seen, response);
  EXPECT_EQ(chain_length, 1U);  // chain-ec.pem holds the leaf only
}

INSTANTIATE_TEST_SUITE_P(Versions, OcspStapling,
                         ::testing::Values(ProtocolVersion::tls12, ProtocolVersion::tls13),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& param) {
                           return param.param == ProtocolVersion::tls12 ? "Tls12" : "Tls13";
                         });

TEST(OcspStaplingConfig, AResponseTooLargeForATls13ExtensionIsRefused) {
  auto made = credential("ec").with_ocsp_response(Bytes(65532, 0x30));
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().reason().find("65531"), std::string::npos) << made.error().reason();
  EXPECT_TRUE(credential("ec").with_ocsp_response(Bytes(65531, 0x30)).has_value());
}

TEST(OcspStaplingConfig, TheResponseIsKeptWithTheCredentialAndTheOriginalIsUnchanged) {
  const Credential plain = credential("ec");
  auto stapled = plain.with_ocsp_response({1, 2, 3});
  ASSERT_TRUE(stapled.has_value());
  EXPECT_EQ(Bytes(stapled->ocsp_response().begin(), stapled->ocsp_response().end()),
            (Bytes{1, 2, 3}));
  EXPECT_TRUE(plain.ocsp_response().empty());
  auto cleared = stapled->with_ocsp_response({});
  ASSERT_TRUE(cleared.has_value());
  EXPECT_TRUE(cleared->ocsp_response().empty());
}

}  // namespace
}  // namespace cpptls::api_test
