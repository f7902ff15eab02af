// The peer's close_notify: under TLS 1.2 it ends the connection, is answered with ours and
// no more data may be written (RFC 5246 7.2.1); under TLS 1.3 it closes the peer's side only
// and we may still write before closing ours (RFC 8446 6.1).

#include <string>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

[[nodiscard]] Pair connected_at(ProtocolVersion version) {
  ClientConfig client = client_config();
  client.min_version = client.max_version = version;
  return connected(client, server_config());
}

TEST(ApiClose, Tls12WriteAfterThePeersCloseNotifyFailsAndOurAnswerGoesOut) {
  Pair pair = connected_at(ProtocolVersion::tls12);
  ASSERT_TRUE(pair.client.connection->write(std::string_view("request")).has_value());
  ASSERT_TRUE(pair.client.connection->close().has_value());
  deliver(take_output(pair.client), pair.server);
  EXPECT_EQ(std::string(pair.server.received.begin(), pair.server.received.end()), "request");

  Connection& server = *pair.server.connection;
  EXPECT_TRUE(server.io_state().peer_closed);
  EXPECT_TRUE(server.io_state().close_sent);
  auto written = server.write(std::string_view("response"));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), TlsErrorKind::api_misuse);
  EXPECT_NE(written.error().reason().find("RFC 5246 7.2.1"), std::string::npos);

  deliver(take_output(pair.server), pair.client);
  EXPECT_FALSE(pair.client.error) << pair.client.error->to_string();
  EXPECT_TRUE(pair.client.connection->io_state().peer_closed);
  EXPECT_TRUE(pair.client.received.empty());
}

TEST(ApiClose, Tls13PeerCloseNotifyLeavesOurSideOpen) {
  Pair pair = connected_at(ProtocolVersion::tls13);
  ASSERT_TRUE(pair.client.connection->write(std::string_view("request")).has_value());
  ASSERT_TRUE(pair.client.connection->close().has_value());
  deliver(take_output(pair.client), pair.server);

  Connection& server = *pair.server.connection;
  EXPECT_TRUE(server.io_state().peer_closed);
  EXPECT_FALSE(server.io_state().close_sent);
  ASSERT_TRUE(server.write(std::string_view("response")).has_value());
  ASSERT_TRUE(server.close().has_value());
  deliver(take_output(pair.server), pair.client);
  EXPECT_FALSE(pair.client.error) << pair.client.error->to_string();
  EXPECT_EQ(std::string(pair.client.received.begin(), pair.client.received.end()), "response");
  EXPECT_TRUE(pair.client.connection->io_state().peer_closed);
}

}  // namespace
}  // namespace cpptls::api_test
