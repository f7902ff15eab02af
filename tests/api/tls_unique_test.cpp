// SessionInfo::tls_unique, the "tls-unique" channel binding of RFC 5929 3.1: the verify_data of
// the first Finished of the TLS 1.2 handshake (the client's in a full handshake, the server's in
// an abbreviated one), the same on both peers; none in TLS 1.3 (RFC 5929 is TLS 1.2's).

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

std::vector<std::uint8_t> unique_of(const Peer& peer) {
  return peer.connection->session()->tls_unique;
}

TEST(TlsUnique, BothPeersOfATls12HandshakeReportTheFirstFinished) {
  auto sessions = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(sessions.has_value());
  ClientConfig client = client_config();
  client.min_version = client.max_version = ProtocolVersion::tls12;
  client.session_cache = std::make_shared<SessionCache>();
  ServerConfig server = server_config();
  server.sessions = *sessions;
  Pair full = connected(client, server);
  ASSERT_FALSE(full.client.connection->session()->resumed);
  EXPECT_EQ(unique_of(full.client).size(), 12u);  // RFC 5246 7.4.9 verify_data_length
  EXPECT_EQ(unique_of(full.client), unique_of(full.server));
  Pair resumed = connected(client, server);
  ASSERT_TRUE(resumed.client.connection->session()->resumed);
  EXPECT_EQ(unique_of(resumed.client).size(), 12u);
  EXPECT_EQ(unique_of(resumed.client), unique_of(resumed.server));
  EXPECT_NE(unique_of(resumed.client), unique_of(full.client));
}

TEST(TlsUnique, Tls13ReportsNone) {
  Pair pair = connected(client_config(), server_config());
  ASSERT_EQ(pair.client.connection->session()->version, "TLSv1.3");
  EXPECT_TRUE(unique_of(pair.client).empty());
  EXPECT_TRUE(unique_of(pair.server).empty());
}

}  // namespace
}  // namespace cpptls::api_test
