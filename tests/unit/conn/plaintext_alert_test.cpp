// A TLS 1.3 client that refuses the server's certificate may send its alert in the clear: it
// has not installed its own handshake write key yet (OpenSSL, and so curl and Python, do
// this). The server, whose read key is installed, reads such an alert as the fatal alert it
// is and names it, but only until the client's first protected record; anywhere else an
// unprotected alert is unexpected_message (RFC 8446 5).
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "conn/engine.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "handshake/dispatch/server_dispatch.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls13/client.hpp"
#include "unit/conn/engine_pair.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::conn::test {
namespace {

using wire::ContentType;

std::unique_ptr<EnginePair> tls13_pair() {
  auto pair = std::make_unique<EnginePair>();
  const auto& provider = crypto::openssl::provider();
  pair->client.engine = std::make_unique<Engine>(
      Side::client, provider,
      std::make_unique<hs13::ClientHandshake>(handshake::testing::client_settings()));
  pair->server.engine = std::make_unique<Engine>(
      Side::server, provider,
      std::make_unique<handshake::VersionedServer>(
          handshake::testing::server_settings(handshake::testing::ec_credential())));
  return pair;
}

// The server has sent its flight (ServerHello to Finished): its read key is the client's
// handshake traffic key, and the client has not sent a protected record yet.
// Returns that flight, not yet delivered.
Bytes run_to_server_flight(EnginePair& pair) {
  EXPECT_TRUE(pair.server.engine->start().has_value());
  EXPECT_TRUE(pair.client.engine->start().has_value());
  EXPECT_TRUE(deliver(take_output(pair.client), pair.server).has_value());
  EXPECT_GT(pair.server.engine->pending_tls().size(), 0u);
  return take_output(pair.server);
}

const Bytes kFatalUnknownCa = {0x02, static_cast<std::uint8_t>(AlertDescription::unknown_ca)};

TEST(EnginePlaintextAlert, ServerReadsTheClientsUnprotectedAlertBeforeItsFirstProtectedRecord) {
  auto pair = tls13_pair();
  (void)run_to_server_flight(*pair);
  auto result = deliver(plaintext_record(ContentType::alert, kFatalUnknownCa), pair->server);
  ASSERT_FALSE(result.has_value());
  const Error& error = result.error();
  EXPECT_EQ(error.kind(), ErrorKind::alert_received) << error.to_string();
  EXPECT_EQ(error.alert(), AlertDescription::unknown_ca);
  EXPECT_NE(error.reason().find("unknown_ca"), std::string::npos) << error.reason();
  EXPECT_NE(error.reason().find("the client refused our certificate"), std::string::npos)
      << error.reason();
  // The client ended the connection: nothing is sent back.
  EXPECT_EQ(pair->server.engine->pending_tls().size(), 0u);
}

TEST(EnginePlaintextAlert, ServerRefusesAnUnprotectedAlertAfterTheClientsFirstProtectedRecord) {
  auto pair = tls13_pair();
  const Bytes flight = run_to_server_flight(*pair);
  // The client's answer (its Finished, protected) completes the server's handshake.
  ASSERT_TRUE(deliver(flight, pair->client).has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  ASSERT_TRUE(pair->server.engine->io_state().handshake_complete);
  auto result = deliver(plaintext_record(ContentType::alert, kFatalUnknownCa), pair->server);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::peer_misbehaved) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
}

TEST(EnginePlaintextAlert, ServerRefusesAnUnprotectedCloseNotifyInTheWindow) {
  // Only a fatal alert is taken in the clear: an injected close_notify would otherwise stop
  // the handshake without an error.
  auto pair = tls13_pair();
  (void)run_to_server_flight(*pair);
  const Bytes close_notify = {0x01, static_cast<std::uint8_t>(AlertDescription::close_notify)};
  auto result = deliver(plaintext_record(ContentType::alert, close_notify), pair->server);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message)
      << result.error().to_string();
}

TEST(EnginePlaintextAlert, ClientRefusesAnUnprotectedAlertOnceItsReadKeyIsInstalled) {
  // Servers encrypt everything after their ServerHello, so a client has no such window.
  auto pair = tls13_pair();
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pair->client.engine->start().has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  Bytes flight = take_output(pair->server);
  const Bytes alert = plaintext_record(ContentType::alert, kFatalUnknownCa);
  flight.insert(flight.end(), alert.begin(), alert.end());
  auto result = deliver(flight, pair->client);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::peer_misbehaved) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
}

TEST(EnginePlaintextAlert, Tls12ServerNamesTheRefusedCertificateToo) {
  // Under TLS 1.2 the client's alert comes in the clear before any key, the ordinary way;
  // the reason carries the same hint.
  auto pair = std::make_unique<EnginePair>();
  const auto& provider = crypto::openssl::provider();
  pair->client.engine = std::make_unique<Engine>(
      Side::client, provider,
      std::make_unique<hs12::ClientHandshake>(handshake::testing::client_settings()));
  pair->server.engine = std::make_unique<Engine>(
      Side::server, provider,
      std::make_unique<handshake::VersionedServer>(
          handshake::testing::server_settings(handshake::testing::ec_credential())));
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pair->client.engine->start().has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  (void)take_output(pair->server);
  const Bytes bad_certificate = {0x02,
                                 static_cast<std::uint8_t>(AlertDescription::bad_certificate)};
  auto result = deliver(plaintext_record(ContentType::alert, bad_certificate), pair->server);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::alert_received) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::bad_certificate);
  EXPECT_NE(result.error().reason().find("the client refused our certificate"), std::string::npos)
      << result.error().reason();
}

}  // namespace
}  // namespace cpptls::conn::test
