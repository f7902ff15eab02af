// TLS 1.3 KeyUpdates without application data in between (issue 11, item 4): each makes the
// receiver derive a key, and with update_requested answer with a KeyUpdate of its own, so a
// peer may send 32 in a row and the 33rd ends the connection. Application data starts the
// count again. (The engine's other bounded repeats: tests/unit/conn/engine_limits_test.cpp.)

#include <string>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

constexpr int kLimit = 32;

void request_key_updates(Peer& from, int count) {
  for (int i = 0; i < count; ++i)
    ASSERT_TRUE(from.connection->key_update(true).has_value());
}

TEST(ApiLimits, Accepts32KeyUpdatesInARowAndRefusesThe33rd) {
  Pair pair = connected(client_config(), server_config());
  request_key_updates(pair.client, kLimit);
  pump(pair);
  ASSERT_FALSE(pair.server.error) << pair.server.error->to_string();
  ASSERT_FALSE(pair.client.error) << pair.client.error->to_string();

  request_key_updates(pair.client, 1);
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert_name(), "unexpected_message");
  EXPECT_NE(pair.server.error->reason().find("too many KeyUpdate messages"), std::string::npos)
      << pair.server.error->reason();
  // The client is told why.
  ASSERT_TRUE(pair.client.error.has_value());
  EXPECT_EQ(pair.client.error->alert_name(), "unexpected_message");
}

TEST(ApiLimits, ApplicationDataStartsTheKeyUpdateCountAgain) {
  Pair pair = connected(client_config(), server_config());
  for (int round = 0; round < 3; ++round) {
    request_key_updates(pair.client, kLimit);
    pump(pair);
    ASSERT_TRUE(pair.client.connection->write(std::string_view("ping")).has_value());
    ASSERT_TRUE(pair.server.connection->write(std::string_view("pong")).has_value());
    pump(pair);
    ASSERT_FALSE(pair.server.error) << pair.server.error->to_string();
    ASSERT_FALSE(pair.client.error) << pair.client.error->to_string();
  }
  EXPECT_EQ(pair.server.received.size(), 12u);
  EXPECT_EQ(pair.client.received.size(), 12u);
}

}  // namespace
}  // namespace cpptls::api_test
