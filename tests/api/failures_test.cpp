// Failures through the public API: what each side reports, with which alert.

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

TEST(ApiFailures, TamperedRecordGivesBadRecordMacSeenByThePeer) {
  Pair pair = connected(client_config(), server_config());
  ASSERT_TRUE(pair.client.connection->write(pattern(200)).has_value());
  Bytes record = take_output(pair.client);
  record[30] ^= 0x40;
  deliver(record, pair.server);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->kind(), TlsErrorKind::crypto);
  EXPECT_EQ(pair.server.error->code(), TlsErrorCode::bad_record_mac);
  EXPECT_EQ(pair.server.error->error_code(), TlsErrorCode::bad_record_mac);
  EXPECT_EQ(pair.server.error->error_code(), TlsErrorKind::crypto);
  deliver(take_output(pair.server), pair.client);
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->kind(), TlsErrorKind::alert_received);
  EXPECT_EQ(pair.client.error->alert_name(), "bad_record_mac");
  EXPECT_NE(pair.client.error->to_string().find("bad_record_mac"), std::string::npos);
}

TEST(ApiFailures, ErrorsAreSticky) {
  Pair pair = connected(client_config(), server_config());
  ASSERT_TRUE(pair.client.connection->write(pattern(200)).has_value());
  Bytes record = take_output(pair.client);
  record.back() ^= 1;
  deliver(record, pair.server);
  ASSERT_TRUE(pair.server.error.has_value());
  auto& server = *pair.server.connection;
  EXPECT_TRUE(server.io_state().failed);
  ASSERT_TRUE(server.error().has_value());
  EXPECT_EQ(server.error()->code(), TlsErrorCode::bad_record_mac);
  const Bytes more = pattern(10);
  EXPECT_EQ(server.read_tls(more).error().code(), TlsErrorCode::bad_record_mac);
  EXPECT_EQ(server.write(more).error().code(), TlsErrorCode::bad_record_mac);
  EXPECT_EQ(server.close().error().code(), TlsErrorCode::bad_record_mac);
}

TEST(ApiFailures, NoCommonSuiteIsHandshakeFailureOnBothSides) {
  ClientConfig client = client_config();
  client.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  Pair pair = make_pair(client, server_config());  // RSA certificate: no ECDSA suite
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert_name(), "handshake_failure");
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->kind(), TlsErrorKind::alert_received);
  EXPECT_EQ(pair.client.error->alert_name(), "handshake_failure");
}

struct Refusal {
  const char* chain;  // server credential
  const char* alert;  // what the client sends
  const char* reason_part;
};

std::string refusal_name(const ::testing::TestParamInfo<Refusal>& param) {
  return param.param.chain;
}

class ClientRefusesCertificate : public ::testing::TestWithParam<Refusal> {};

TEST_P(ClientRefusesCertificate, WithTheMatchingAlertAndAReason) {
  ServerConfig server;
  server.provider = &openssl_provider();
  server.credentials.push_back(credential(GetParam().chain));
  Pair pair = make_pair(client_config(), server);
  pump(pair);
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->kind(), TlsErrorKind::certificate);
  EXPECT_EQ(pair.client.error->alert_name(), GetParam().alert);
  EXPECT_NE(pair.client.error->reason().find(GetParam().reason_part), std::string::npos)
      << pair.client.error->reason();
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->kind(), TlsErrorKind::alert_received);
  EXPECT_EQ(pair.server.error->alert_name(), GetParam().alert);
}

INSTANTIATE_TEST_SUITE_P(Certificates, ClientRefusesCertificate,
                         ::testing::Values(Refusal{"other", "unknown_ca", "CN=localhost"},
                                           Refusal{"expired", "certificate_expired", "expired"},
                                           Refusal{"wrong", "bad_certificate", "localhost"}),
                         refusal_name);

TEST(ApiFailures, InsecureClientSkipsVerificationAndSaysSo) {
  ServerConfig server;
  server.provider = &openssl_provider();
  server.credentials.push_back(credential("other"));
  ClientConfig client = client_config();
  client.insecure_skip_verification = true;
  Pair pair = connected(client, server);
  ASSERT_NE(pair.client.connection->session(), nullptr);
  EXPECT_FALSE(pair.client.connection->session()->peer_verified);
  EXPECT_EQ(pair.client.connection->session()->peer_subject, "CN=localhost");
}

TEST(ApiFailures, AlpnWithoutOverlapIsNoApplicationProtocol) {
  ClientConfig client = client_config();
  client.alpn = {"h2"};
  ServerConfig server = server_config();
  server.alpn = {"http/1.1"};
  Pair pair = make_pair(client, server);
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert_name(), "no_application_protocol");
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->alert_name(), "no_application_protocol");
}

TEST(ApiFailures, WriteBeforeTheHandshakeIsMisuseAndNotFatal) {
  Pair pair = make_pair(client_config(), server_config());
  auto written = pair.client.connection->write(std::string_view("early"));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), TlsErrorKind::api_misuse);
  pump(pair);
  EXPECT_TRUE(pair.client.connection->is_handshake_complete());
}

TEST(ApiFailures, GarbageFromTheClientGetsAnAlert) {
  Pair pair = make_pair(client_config(), server_config());
  (void)take_output(pair.client);
  deliver(Bytes{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'}, pair.server);
  ASSERT_TRUE(pair.server.error.has_value());
  const Bytes alert = take_output(pair.server);
  ASSERT_EQ(alert.size(), 7u);
  EXPECT_EQ(alert[0], 21);  // an alert record
  EXPECT_EQ(alert[5], 2);   // fatal
}

}  // namespace
}  // namespace cpptls::api_test
