// KeyUpdate both ways after the TLS 1.3 client's handshake (RFC 8446 4.6.3, 7.2), starting from
// the application secrets of the trace's simple handshake.
#include <gtest/gtest.h>

#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/test_pki.hpp"
#include "unit/wire_messages/test_support.hpp"

namespace cpptls::hs13::client_test {
namespace {

using handshake::Direction;
using wire::test::trace_value;

// Generation `n` of a trace application secret ("c ap traffic" or "s ap traffic").
Bytes generation(std::string_view label, int n) {
  TrafficSecret secret(
      ScheduleContext{&handshake::testing::real_provider(), crypto::HashAlgorithm::sha256},
      to_secret(
          trace_value(kSimple, "derive secret \"tls13 " + std::string(label) + "\"", "expanded")));
  for (int i = 0; i < n; ++i) {
    auto next = secret.next_generation();
    EXPECT_TRUE(next.has_value());
    secret = std::move(*next);
  }
  return Bytes(secret.bytes().begin(), secret.bytes().end());
}

std::unique_ptr<TraceClient> connected_client() {
  auto trace = start_trace_client(kSimple);
  Output out;
  auto done = feed_server_flight(*trace, kSimple, "Finished", out);
  EXPECT_TRUE(done) << done.error().to_string();
  EXPECT_TRUE(trace->client->is_complete());
  return trace;
}

Bytes key_update(std::uint8_t request) {
  return handshake_message(wire::HandshakeType::key_update, Bytes{request});
}

void expect_install(const handshake::InstallKeys* install, Direction direction, ByteView secret) {
  ASSERT_NE(install, nullptr);
  EXPECT_EQ(install->direction, direction);
  EXPECT_EQ(install->version, crypto::SuiteVersion::tls13);
  const crypto::TrafficKeys expected = keys_of(secret);
  EXPECT_EQ(hex_of(install->keys.key), hex_of(expected.key));
  EXPECT_EQ(hex_of(install->keys.iv), hex_of(expected.iv));
}

TEST(Client13KeyUpdate, GenerationsDiffer) {
  const crypto::TrafficKeys zero = keys_of(generation("c ap traffic", 0));
  const crypto::TrafficKeys one = keys_of(generation("c ap traffic", 1));
  EXPECT_NE(hex_of(zero.key), hex_of(one.key));
  EXPECT_NE(hex_of(zero.iv), hex_of(one.iv));
}

TEST(Client13KeyUpdate, UpdateWriteKeySendsKeyUpdateThenSwitchesToTheNextGeneration) {
  auto trace = connected_client();
  Output out;
  ASSERT_TRUE(trace->client->update_write_key(true, out));
  EXPECT_EQ(action_names(out), (std::vector<std::string>{"send(key_update)", "install(write)"}));
  EXPECT_EQ(hex_of(sent_messages(out).at(0)), "1800000101");
  expect_install(installs(out).at(0), Direction::write, generation("c ap traffic", 1));

  out.clear();
  ASSERT_TRUE(trace->client->update_write_key(false, out));
  EXPECT_EQ(hex_of(sent_messages(out).at(0)), "1800000100");
  expect_install(installs(out).at(0), Direction::write, generation("c ap traffic", 2));
  EXPECT_EQ(trace->client->state_name(), "Connected");
}

// RFC 8446 4.6.3: a requested update is owed "prior to sending its next Application Data
// record"; the connection sends it then, so requests received while we are silent get one
// answer (BoGo KeyUpdate-RequestACK).
TEST(Client13KeyUpdate, RequestedUpdatesAreOwedUntilOneKeyUpdateAnswersThemAll) {
  auto trace = connected_client();
  Output out;
  EXPECT_FALSE(trace->client->key_update_owed());
  ASSERT_TRUE(deliver(*trace->client, key_update(1), out));
  EXPECT_EQ(action_names(out), std::vector<std::string>{"install(read)"});
  expect_install(installs(out).at(0), Direction::read, generation("s ap traffic", 1));
  EXPECT_TRUE(trace->client->key_update_owed());
  out.clear();
  ASSERT_TRUE(deliver(*trace->client, key_update(1), out));
  EXPECT_EQ(action_names(out), std::vector<std::string>{"install(read)"});
  expect_install(installs(out).at(0), Direction::read, generation("s ap traffic", 2));

  out.clear();
  ASSERT_TRUE(trace->client->update_write_key(false, out));
  EXPECT_EQ(action_names(out), (std::vector<std::string>{"send(key_update)", "install(write)"}));
  EXPECT_EQ(hex_of(sent_messages(out).at(0)), "1800000100");
  expect_install(installs(out).at(0), Direction::write, generation("c ap traffic", 1));
  EXPECT_FALSE(trace->client->key_update_owed());
}

TEST(Client13KeyUpdate, UnrequestedUpdateOnlyChangesTheReadKey) {
  auto trace = connected_client();
  Output out;
  ASSERT_TRUE(deliver(*trace->client, key_update(0), out));
  EXPECT_EQ(action_names(out), std::vector<std::string>{"install(read)"});
  expect_install(installs(out).at(0), Direction::read, generation("s ap traffic", 1));
  out.clear();
  ASSERT_TRUE(deliver(*trace->client, key_update(0), out));
  expect_install(installs(out).at(0), Direction::read, generation("s ap traffic", 2));
}

TEST(Client13KeyUpdate, RefusesAMalformedKeyUpdate) {
  auto trace = connected_client();
  Output out;
  auto bad_value = deliver(*trace->client, key_update(2), out);
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().alert(), AlertDescription::illegal_parameter);
  EXPECT_TRUE(out.empty());

  trace = connected_client();
  auto too_long =
      deliver(*trace->client, handshake_message(wire::HandshakeType::key_update, Bytes{0, 0}), out);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().alert(), AlertDescription::decode_error);
}

TEST(Client13KeyUpdate, UpdateWriteKeyBeforeTheHandshakeCompletesIsMisuse) {
  auto trace = start_trace_client(kSimple);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kSimple, "ServerHello", out));
  out.clear();
  auto result = trace->client->update_write_key(false, out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::invalid_state);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(trace->client->state_name(), "ExpectEncryptedExtensions");
}

TEST(Client13KeyUpdate, PostHandshakeCertificateRequestIsUnexpected) {
  // We never send post_handshake_auth (RFC 8446 4.6.2).
  auto trace = connected_client();
  Output out;
  auto result = deliver(*trace->client, trace_message(kClientAuth, "CertificateRequest"), out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
}

}  // namespace
}  // namespace cpptls::hs13::client_test
