// Configuration checks, key logging, tracing and what a connection keeps.

#include <malloc.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

bool is_hex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "CLIENT_RANDOM <64 hex digits> <96 hex digits>"
bool is_client_random_line(std::string_view line) {
  constexpr std::string_view kLabel = "CLIENT_RANDOM ";
  if (line.size() != kLabel.size() + 64 + 1 + 96 || !line.starts_with(kLabel)) return false;
  line.remove_prefix(kLabel.size());
  return is_hex(line.substr(0, 64)) && line[64] == ' ' && is_hex(line.substr(65));
}

TEST(ApiConfig, ClientWithoutProviderIsRefused) {
  ClientConfig config = client_config();
  config.provider = nullptr;
  auto made = ClientConnection::create(config);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().kind(), TlsErrorKind::api_misuse);
  EXPECT_NE(made.error().reason().find("openssl_provider"), std::string::npos);
}

TEST(ApiConfig, ServerWithoutCredentialIsRefused) {
  ServerConfig config;
  config.provider = &openssl_provider();
  auto made = ServerConnection::create(config);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().kind(), TlsErrorKind::api_misuse);
}

TEST(ApiConfig, MissingCertificateFileIsNamedInTheError) {
  auto made =
      Credential::from_pem_files(openssl_provider(), "/nonexistent/chain.pem", pki("leaf-rsa.key"));
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().reason().find("/nonexistent/chain.pem"), std::string::npos);
  EXPECT_NE(made.error().reason().find("No such file"), std::string::npos);
}

TEST(ApiConfig, KeyOfAnotherCertificateIsRefused) {
  auto made =
      Credential::from_pem_files(openssl_provider(), pki("chain-rsa.pem"), pki("leaf-wrong.key"));
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().reason().find("does not belong"), std::string::npos);
}

TEST(ApiConfig, CredentialReportsLeafSubjectAndChain) {
  const Credential rsa = credential("rsa");
  EXPECT_EQ(rsa.subject(), "CN=localhost");
  EXPECT_EQ(rsa.chain_length(), 2u);
}

TEST(ApiConfig, CaFileWithoutCertificatesIsRefused) {
  auto made = TrustAnchors::from_pem_file(pki("leaf-rsa.key"));
  ASSERT_FALSE(made.has_value());
}

TEST(ApiConfig, ParsesSuiteAndGroupLists) {
  auto suites =
      parse_cipher_suites("TLS_RSA_WITH_AES_128_GCM_SHA256, tls_ecdhe_rsa_with_aes_256_gcm_sha384");
  ASSERT_TRUE(suites.has_value());
  EXPECT_EQ(*suites,
            (std::vector<CipherSuite>{CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                                      CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}));
  auto groups = parse_groups("secp384r1,x25519");
  ASSERT_TRUE(groups.has_value());
  EXPECT_EQ(*groups, (std::vector<NamedGroup>{NamedGroup::secp384r1, NamedGroup::x25519}));
  auto bad = parse_groups("x25519,ffdhe9999");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), TlsErrorKind::api_misuse);
}

TEST(ApiConfig, RefusesEmptyAlpnName) {
  ClientConfig config = client_config();
  config.alpn = {""};
  EXPECT_FALSE(ClientConnection::create(config).has_value());
}

TEST(ApiKeyLog, BothSidesLogTheSameClientRandomLine) {
  std::vector<std::string> client_lines;
  std::vector<std::string> server_lines;
  ClientConfig client = client_config();
  client.max_version = ProtocolVersion::tls12;  // CLIENT_RANDOM is TLS 1.2's one line
  client.key_log = [&](std::string_view line) { client_lines.emplace_back(line); };
  const auto file =
      pki_dir() /
      ("keylog-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".txt");
  std::filesystem::remove(file);
  client.key_log_file = file.string();
  ServerConfig server = server_config();
  server.key_log = [&](std::string_view line) { server_lines.emplace_back(line); };
  Pair pair = connected(client, server);
  ASSERT_EQ(client_lines.size(), 1u);
  ASSERT_EQ(server_lines.size(), 1u);
  EXPECT_EQ(client_lines[0], server_lines[0]);
  EXPECT_TRUE(is_client_random_line(client_lines[0])) << client_lines[0];
  std::ifstream in(file);
  std::string from_file;
  std::getline(in, from_file);
  EXPECT_EQ(from_file, client_lines[0]);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  std::filesystem::remove(file);
}

TEST(ApiKeyLog, Tls13BothSidesLogTheFiveSecretsOfOneHandshake) {
  std::vector<std::string> client_lines;
  std::vector<std::string> server_lines;
  ClientConfig client = client_config();
  client.key_log = [&](std::string_view line) { client_lines.emplace_back(line); };
  ServerConfig server = server_config();
  server.key_log = [&](std::string_view line) { server_lines.emplace_back(line); };
  Pair pair = connected(client, server);
  ASSERT_EQ(pair.client.connection->session()->version, "TLSv1.3");
  std::vector<std::string> labels;
  for (const std::string& line : client_lines)
    labels.push_back(line.substr(0, line.find(' ')));
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels,
            (std::vector<std::string>{"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0",
                                      "EXPORTER_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                                      "SERVER_TRAFFIC_SECRET_0"}));
  std::sort(client_lines.begin(), client_lines.end());
  std::sort(server_lines.begin(), server_lines.end());
  EXPECT_EQ(client_lines, server_lines);
}

TEST(ApiTrace, ReportsEachMessageWithItsSeedStep) {
  std::vector<std::string> lines;
  std::vector<int> steps;
  ClientConfig client = client_config();
  client.max_version = ProtocolVersion::tls12;  // the seed's own flow
  client.trace = [&](const TraceEvent& event) {
    lines.emplace_back(event.line);
    steps.push_back(event.handshake_step);
  };
  Pair pair = connected(client, server_config());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front().rfind("sent client_hello", 0), 0u) << lines.front();
  EXPECT_NE(lines.front().find("[handshake step 1]"), std::string::npos);
  const std::vector<int> expected_steps = {1, 2, 2, 2, 2, 4, 7, 8, 9, 10};
  EXPECT_EQ(steps, expected_steps);
}

TEST(ApiMemory, EstablishedConnectionsHoldLittle) {
  const ClientConfig client = client_config();
  const ServerConfig server = server_config();
  { Pair warm_up = connected(client, server); }  // provider caches, lazily built tables
  constexpr int kPairs = 20;
  std::vector<Pair> pairs;
  pairs.reserve(kPairs);
  const std::size_t before = mallinfo2().uordblks;
  for (int i = 0; i < kPairs; ++i)
    pairs.push_back(connected(client, server));
  const std::size_t after = mallinfo2().uordblks;
  const std::size_t per_connection = (after - before) / (2 * kPairs);
  RecordProperty("bytes_per_connection", std::to_string(per_connection));
  std::cout << "heap bytes per established connection: " << per_connection << "\n";
  EXPECT_LT(per_connection, 12u * 1024);
  // Data flowing grows buffers; release_buffers() gives them back.
  ASSERT_TRUE(pairs[0].client.connection->write(pattern(16000)).has_value());
  pump(pairs[0]);
  ASSERT_EQ(pairs[0].server.received.size(), 16000u);
  Bytes().swap(pairs[0].server.received);
  pairs[0].server.connection->release_buffers();
  pairs[0].client.connection->release_buffers();
  EXPECT_LT(mallinfo2().uordblks - before, (after - before) + 1024);
}

}  // namespace
}  // namespace cpptls::api_test
