// Every suite and group end to end through the public API, with data both ways and
// close_notify, and the handshake and data split at every byte.

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

struct SuiteCase {
  CipherSuite suite;
  bool ec_certificate;
  bool key_transport;
};

std::string suite_case_name(const ::testing::TestParamInfo<SuiteCase>& param) {
  return std::string(name(param.param.suite));
}

class EverySuite : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(EverySuite, HandshakesCarriesDataBothWaysAndCloses) {
  const SuiteCase& c = GetParam();
  ClientConfig client = client_config();
  client.cipher_suites = {c.suite};
  ServerConfig server = server_config(c.ec_certificate);
  server.cipher_suites = {c.suite};
  Pair pair = connected(client, server);
  ASSERT_TRUE(pair.client.connection && pair.server.connection);

  for (const auto* side : {&pair.client, &pair.server}) {
    const SessionInfo* session = side->connection->session();
    ASSERT_NE(session, nullptr);
    const bool tls13 = static_cast<std::uint16_t>(c.suite) >> 8 == 0x13;
    EXPECT_EQ(session->version, tls13 ? "TLSv1.3" : "TLSv1.2");
    EXPECT_EQ(session->cipher_suite, name(c.suite));
    EXPECT_EQ(session->group, c.key_transport ? "" : "x25519");
    // TLS 1.3 has no extended master secret extension: its key schedule covers the transcript.
    EXPECT_EQ(session->extended_master_secret, !tls13);
    EXPECT_FALSE(session->resumed);
  }
  EXPECT_EQ(pair.client.connection->session()->peer_subject, "CN=localhost");
  EXPECT_TRUE(pair.client.connection->session()->peer_verified);
  EXPECT_EQ(pair.server.connection->session()->peer_subject, "");

  const Bytes request = pattern(5000, 1);
  const Bytes response = pattern(70000, 2);
  ASSERT_TRUE(pair.client.connection->write(request).has_value());
  ASSERT_TRUE(pair.server.connection->write(response).has_value());
  pump(pair);
  EXPECT_EQ(pair.server.received, request);
  EXPECT_EQ(pair.client.received, response);

  ASSERT_TRUE(pair.client.connection->close().has_value());
  pump(pair);
  EXPECT_TRUE(pair.server.connection->io_state().peer_closed);
  ASSERT_TRUE(pair.server.connection->close().has_value());
  pump(pair);
  EXPECT_TRUE(pair.client.connection->io_state().peer_closed);
  EXPECT_FALSE(pair.client.error);
  EXPECT_FALSE(pair.server.error);
}

INSTANTIATE_TEST_SUITE_P(
    Tls12, EverySuite,
    ::testing::Values(
        SuiteCase{CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true, false},
        SuiteCase{CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true, false},
        SuiteCase{CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, true, false},
        SuiteCase{CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false, false},
        SuiteCase{CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false, false},
        SuiteCase{CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, false, false},
        SuiteCase{CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256, false, true},
        SuiteCase{CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384, false, true}),
    suite_case_name);

INSTANTIATE_TEST_SUITE_P(
    Tls13, EverySuite,
    ::testing::Values(SuiteCase{CipherSuite::TLS_AES_128_GCM_SHA256, true, false},
                      SuiteCase{CipherSuite::TLS_AES_256_GCM_SHA384, false, false},
                      SuiteCase{CipherSuite::TLS_CHACHA20_POLY1305_SHA256, true, false}),
    suite_case_name);

std::string group_name(const ::testing::TestParamInfo<NamedGroup>& param) {
  return std::string(name(param.param));
}

class EveryGroup : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(EveryGroup, NegotiatesTheGroup) {
  ClientConfig client = client_config();
  client.groups = {GetParam()};
  Pair pair = connected(client, server_config());
  ASSERT_TRUE(pair.client.connection);
  ASSERT_NE(pair.client.connection->session(), nullptr);
  EXPECT_EQ(pair.client.connection->session()->group, name(GetParam()));
  ASSERT_TRUE(pair.client.connection->write(std::string_view("ping")).has_value());
  pump(pair);
  EXPECT_EQ(pair.server.received, Bytes({'p', 'i', 'n', 'g'}));
}

INSTANTIATE_TEST_SUITE_P(Groups, EveryGroup,
                         ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1,
                                           NamedGroup::secp384r1),
                         group_name);

TEST(Api, ServerEnablesRsaKeyTransportOnlyWhenAsked) {
  ClientConfig client = client_config();
  client.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  Pair refused = make_pair(client, server_config());
  pump(refused);
  ASSERT_TRUE(refused.server.error.has_value());
  ASSERT_TRUE(refused.client.error.has_value());
  EXPECT_EQ(refused.client.error->kind(), TlsErrorKind::alert_received);
  EXPECT_EQ(refused.client.error->alert_name(), "handshake_failure");

  ServerConfig server = server_config();
  server.enable_rsa_key_transport = true;
  Pair pair = connected(client, server);
  ASSERT_NE(pair.client.connection->session(), nullptr);
  EXPECT_EQ(pair.client.connection->session()->cipher_suite, "TLS_RSA_WITH_AES_128_GCM_SHA256");
}

TEST(Api, HandshakeAndDataSurviveEverySplitIntoBytes) {
  Pair pair = connected(client_config(), server_config(), 1);
  const Bytes data = pattern(20000, 3);
  ASSERT_TRUE(pair.client.connection->write(data).has_value());
  ASSERT_TRUE(pair.server.connection->write(data).has_value());
  pump(pair, 1);
  EXPECT_EQ(pair.server.received, data);
  EXPECT_EQ(pair.client.received, data);
}

TEST(Api, ServerFlightSplitAtEveryPosition) {
  Pair reference = make_pair(client_config(), server_config());
  deliver(take_output(reference.client), reference.server);
  const std::size_t flight_size = take_output(reference.server).size();
  ASSERT_GT(flight_size, 1000u);
  // Every 37th position (a few dozen handshakes) keeps the test quick while crossing every
  // message and record boundary region of the flight.
  for (std::size_t split = 0; split <= flight_size; split += 37) {
    Pair pair = make_pair(client_config(), server_config());
    deliver(take_output(pair.client), pair.server);
    const Bytes flight = take_output(pair.server);
    deliver(Bytes(flight.begin(), flight.begin() + static_cast<std::ptrdiff_t>(split)),
            pair.client);
    deliver(Bytes(flight.begin() + static_cast<std::ptrdiff_t>(split), flight.end()), pair.client);
    pump(pair);
    ASSERT_FALSE(pair.client.error)
        << "split at " << split << ": " << pair.client.error->to_string();
    ASSERT_TRUE(pair.client.connection->is_handshake_complete()) << "split at " << split;
  }
}

TEST(Api, NegotiatesAlpn) {
  ClientConfig client = client_config();
  client.alpn = {"h2", "http/1.1"};
  ServerConfig server = server_config();
  server.alpn = {"http/1.1"};
  Pair pair = connected(client, server);
  ASSERT_NE(pair.client.connection->session(), nullptr);
  EXPECT_EQ(pair.client.connection->session()->alpn, "http/1.1");
  EXPECT_EQ(pair.server.connection->session()->alpn, "http/1.1");
}

}  // namespace
}  // namespace cpptls::api_test
