// RFC 8446 4.2.10 at the connection level: a TLS 1.3 server that refuses a client's 0-RTT data
// (we never accept any) skips the early records the client sent after its ClientHello, and
// the handshake goes on as if there had been none; after a HelloRetryRequest it skips the
// client's application_data records until the second ClientHello. A bounded amount only.
#include "handshake/tls13/early_data.hpp"

#include <memory>
#include <utility>

#include <gtest/gtest.h>

#include "conn/engine.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "handshake/dispatch/server_dispatch.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/client_testing.hpp"
#include "unit/conn/engine_pair.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::conn::test {
namespace {

using crypto::NamedGroup;
using wire::ContentType;
using wire::ExtensionType;

// The client's first ClientHello with early_data and a pre_shared_key this server cannot
// open (no ticket of its own: a bogus identity and binder), as a client resuming elsewhere
// with 0-RTT would send it. The client hashes what it sent, so its Finished still agrees.
Bytes offer_early_data(ByteView ours) {
  auto hello = wire::ClientHello::decode(ours.subspan(wire::kHandshakeHeaderSize));
  EXPECT_TRUE(hello.has_value());
  if (!hello) return Bytes(ours.begin(), ours.end());
  static const Bytes kModes = {0x01, 0x01};  // psk_dhe_ke
  static const Bytes kEmpty;
  static const Bytes kPsk = [] {
    Bytes body = {0x00, 0x0e, 0x00, 0x08, 'n', 'o', 't',  '-',  'o', 'u',
                  'r',  's',  0,    0,    0,   7,   0x00, 0x21, 0x20};
    body.insert(body.end(), 32, 0x5c);
    return body;
  }();
  if (wire::find_extension(hello->extensions, ExtensionType::psk_key_exchange_modes) == nullptr)
    hello->extensions.push_back({ExtensionType::psk_key_exchange_modes, kModes});
  hello->extensions.push_back({ExtensionType::early_data, kEmpty});
  hello->extensions.push_back({ExtensionType::pre_shared_key, kPsk});
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(*hello, out).has_value());
  return out;
}

// A TLS 1.3 client (offering early data in its first hello) and the server of either version.
std::unique_ptr<EnginePair> early_data_pair(NamedGroup client_group, NamedGroup server_group) {
  handshake::ClientSettings client_settings = handshake::testing::client_settings();
  client_settings.groups = {client_group, server_group};
  auto client = std::make_unique<hs13::ClientHandshake>(client_settings);
  hs13::testing::replace_client_hellos(*client, [](ByteView ours, int index) {
    return index == 0 ? offer_early_data(ours) : Bytes(ours.begin(), ours.end());
  });
  handshake::ServerSettings server_settings =
      handshake::testing::server_settings(handshake::testing::ec_credential());
  server_settings.groups = {server_group};
  auto pair = std::make_unique<EnginePair>();
  const auto& provider = crypto::openssl::provider();
  pair->client.engine = std::make_unique<Engine>(Side::client, provider, std::move(client));
  pair->server.engine = std::make_unique<Engine>(
      Side::server, provider, std::make_unique<handshake::VersionedServer>(server_settings));
  return pair;
}

// 0-RTT records as the server sees them: application_data records of `size` bytes that no key
// of this handshake opens, `total` bytes of record bodies in all.
Bytes early_records(std::size_t total, std::size_t size = 1000) {
  Bytes out;
  for (std::size_t sent = 0; sent < total; sent += size) {
    const std::size_t length = std::min(size, total - sent);
    const Bytes record = plaintext_record(ContentType::application_data, pattern(length, 9));
    out.insert(out.end(), record.begin(), record.end());
  }
  return out;
}

// The client's first flight with `early` after it, then the rest of the handshake; true
// when both sides complete and data flows both ways.
Expected<void> handshake_with_early_data(EnginePair& pair, ByteView early) {
  if (auto started = pair.server.engine->start(); !started) return started;
  if (auto started = pair.client.engine->start(); !started) return started;
  Bytes flight = take_output(pair.client);
  flight.insert(flight.end(), early.begin(), early.end());
  if (auto delivered = deliver(flight, pair.server); !delivered) return delivered;
  return pump(pair);
}

void expect_connected(EnginePair& pair) {
  EXPECT_TRUE(pair.client.engine->io_state().handshake_complete);
  EXPECT_TRUE(pair.server.engine->io_state().handshake_complete);
  const Bytes data = pattern(300);
  ASSERT_TRUE(pair.client.engine->write(data).has_value());
  ASSERT_TRUE(pump(pair).has_value());
  EXPECT_EQ(pair.server.received, data);
}

constexpr std::size_t kBound = hs13::kMaxSkippedEarlyData;

TEST(EngineEarlyData, SkipsRefusedEarlyDataAndCompletesTheHandshake) {
  auto pair = early_data_pair(NamedGroup::x25519, NamedGroup::x25519);
  auto result = handshake_with_early_data(*pair, early_records(5000));
  ASSERT_TRUE(result.has_value()) << result.error().to_string();
  expect_connected(*pair);
}

TEST(EngineEarlyData, SkipsEarlyDataUpToTheBound) {
  auto pair = early_data_pair(NamedGroup::x25519, NamedGroup::x25519);
  auto result = handshake_with_early_data(*pair, early_records(kBound));
  ASSERT_TRUE(result.has_value()) << result.error().to_string();
  expect_connected(*pair);
}

TEST(EngineEarlyData, RefusesEarlyDataPastTheBoundWithBadRecordMac) {
  auto pair = early_data_pair(NamedGroup::x25519, NamedGroup::x25519);
  auto result = handshake_with_early_data(*pair, early_records(kBound + 1));
  ASSERT_FALSE(result.has_value());
  ASSERT_TRUE(pair->server.engine->error().has_value());
  EXPECT_EQ(pair->server.engine->error()->alert(), AlertDescription::bad_record_mac);
}

TEST(EngineEarlyData, SkipsEarlyDataUntilTheSecondClientHelloAfterARetry) {
  // The client's share is for P-256, the server takes x25519 only: a HelloRetryRequest.
  auto pair = early_data_pair(NamedGroup::secp256r1, NamedGroup::x25519);
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pair->client.engine->start().has_value());
  Bytes flight = take_output(pair->client);
  const Bytes early = early_records(3 * 1000 + 16401, 16401);  // full-size 0-RTT records too
  flight.insert(flight.end(), early.begin(), early.end());
  ASSERT_TRUE(deliver(flight, pair->server).has_value());
  EXPECT_EQ(pair->server.engine->state_name(), "ExpectSecondClientHello");
  auto result = pump(*pair);
  ASSERT_TRUE(result.has_value()) << result.error().to_string();
  expect_connected(*pair);
}

TEST(EngineEarlyData, RefusesEarlyDataPastTheBoundAfterARetry) {
  auto pair = early_data_pair(NamedGroup::secp256r1, NamedGroup::x25519);
  auto result = handshake_with_early_data(*pair, early_records(kBound + 1));
  ASSERT_FALSE(result.has_value());
  ASSERT_TRUE(pair->server.engine->error().has_value());
  EXPECT_EQ(pair->server.engine->error()->alert(), AlertDescription::unexpected_message);
}

}  // namespace
}  // namespace cpptls::conn::test
