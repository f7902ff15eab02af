// The TLS 1.3 server after the handshake (RFC 8446 4.6.3): a client's KeyUpdate moves the read
// key to the next generation and, when it asks, is answered with one KeyUpdate and a new write
// key; update_write_key does the same on the connection's request. Other messages are
// unexpected_message (the state table covers them).
#include <gtest/gtest.h>

#include "handshake/tls13/key_schedule.hpp"
#include "handshake/tls13/protocol.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::NamedGroup;

std::unique_ptr<ScriptedClient> connected() {
  auto client = std::make_unique<ScriptedClient>(server_settings13(ec_credential()));
  Hello13 hello;
  hello.shares->push_back(share_entry(NamedGroup::x25519));
  EXPECT_TRUE(client->connect(hello));
  return client;
}

Bytes key_update(std::uint8_t request) {
  return {24, 0, 0, 1, request};
}

// The logged application secret `label` moved on `generations` times.
crypto::TrafficKeys keys_after(const ScriptedClient& client, std::string_view label,
                               int generations) {
  const Bytes& logged = client.key_log().secrets.at(std::string(label));
  hs13::TrafficSecret secret({&real_provider(), crypto::HashAlgorithm::sha256},
                             SecretBytes(logged.begin(), logged.end()));
  for (int i = 0; i < generations; ++i) {
    auto next = secret.next_generation();
    EXPECT_TRUE(next.has_value());
    secret = std::move(*next);
  }
  auto keys = secret.traffic_keys(crypto::AeadAlgorithm::aes_128_gcm);
  EXPECT_TRUE(keys.has_value());
  return keys ? std::move(*keys) : crypto::TrafficKeys{};
}

void expect_same(const crypto::TrafficKeys& installed, const crypto::TrafficKeys& expected) {
  EXPECT_EQ(installed.key, expected.key);
  EXPECT_EQ(installed.iv, expected.iv);
}

TEST(Server13PostHandshake, KeyUpdateMovesReadKeyToNextGeneration) {
  auto client = connected();
  ASSERT_TRUE(client->send(key_update(0)).has_value());
  EXPECT_EQ(client->last().order, "install(read)");
  ASSERT_EQ(client->last().installs.size(), 1U);
  expect_same(client->last().installs[0].keys, keys_after(*client, hs13::kLogClientTraffic0, 1));

  ASSERT_TRUE(client->send(key_update(0)).has_value());
  ASSERT_EQ(client->last().installs.size(), 1U);
  expect_same(client->last().installs[0].keys, keys_after(*client, hs13::kLogClientTraffic0, 2));
  EXPECT_EQ(client->server().state_name(), "Connected");
}

// RFC 8446 4.6.3: requested updates are owed until the connection's next application data,
// where one KeyUpdate of update_not_requested answers them all (BoGo KeyUpdate-RequestACK).
TEST(Server13PostHandshake, OwesRequestedUpdatesUntilOneKeyUpdateAnswersThemAll) {
  auto client = connected();
  EXPECT_FALSE(client->server().key_update_owed());
  ASSERT_TRUE(client->send(key_update(1)).has_value());
  EXPECT_EQ(client->last().order, "install(read)");
  expect_same(client->last().installs[0].keys, keys_after(*client, hs13::kLogClientTraffic0, 1));
  EXPECT_TRUE(client->server().key_update_owed());
  ASSERT_TRUE(client->send(key_update(1)).has_value());
  EXPECT_EQ(client->last().order, "install(read)");
  expect_same(client->last().installs[0].keys, keys_after(*client, hs13::kLogClientTraffic0, 2));

  Output out;
  ASSERT_TRUE(client->server().update_write_key(false, out).has_value());
  Actions answer = collect(out);
  EXPECT_EQ(answer.order, "send(key_update) install(write)");
  EXPECT_EQ(answer.messages[0], key_update(0));  // update_not_requested
  expect_same(answer.installs[0].keys, keys_after(*client, hs13::kLogServerTraffic0, 1));
  EXPECT_FALSE(client->server().key_update_owed());
}

TEST(Server13PostHandshake, RefusesKeyUpdateWithUnknownRequest) {
  auto client = connected();
  auto result = client->send(key_update(2));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  EXPECT_TRUE(client->last().order.empty());
}

TEST(Server13PostHandshake, UpdateWriteKeySendsKeyUpdateThenInstallsNextGeneration) {
  auto client = connected();
  Output out;
  ASSERT_TRUE(client->server().update_write_key(true, out).has_value());
  Actions first = collect(out);
  EXPECT_EQ(first.order, "send(key_update) install(write)");
  EXPECT_EQ(first.messages[0], key_update(1));
  expect_same(first.installs[0].keys, keys_after(*client, hs13::kLogServerTraffic0, 1));

  ASSERT_TRUE(client->server().update_write_key(false, out).has_value());
  Actions second = collect(out);
  EXPECT_EQ(second.messages[0], key_update(0));
  expect_same(second.installs[0].keys, keys_after(*client, hs13::kLogServerTraffic0, 2));
}

TEST(Server13PostHandshake, UpdateWriteKeyBeforeHandshakeCompletesIsMisuse) {
  ScriptedClient client(server_settings13(ec_credential()));
  Output out;
  auto early = client.server().update_write_key(false, out);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind(), ErrorKind::api_misuse);
  EXPECT_TRUE(out.empty());
  // Not a failure of the handshake: it goes on.
  EXPECT_EQ(client.server().state_name(), "ExpectClientHello");
}

TEST(Server13PostHandshake, RefusesNewSessionTicketAndCertificateFromClient) {
  for (const std::uint8_t type : {4, 11, 13}) {
    auto client = connected();
    auto result = client->send(Bytes{type, 0, 0, 0});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
  }
}

}  // namespace
}  // namespace cpptls::handshake::testing
