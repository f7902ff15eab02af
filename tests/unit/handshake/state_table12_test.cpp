// The legal message order written down as data (the oracle): every state of both TLS 1.2
// machines is driven to, then fed every handshake message type it does not accept, and must
// refuse it with unexpected_message; a change_cipher_spec anywhere but ExpectChangeCipherSpec
// likewise.

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "unit/handshake/mutual12.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::handshake::testing {
namespace {

using T = wire::HandshakeType;

// Every registered type, and a few that are not.
const std::vector<std::uint8_t>& all_types() {
  static const std::vector<std::uint8_t> types = {0,  1,  2,  3,  4,  5,  8,  11,  12, 13,
                                                  14, 15, 16, 20, 22, 24, 99, 254, 255};
  return types;
}

struct StateRow {
  std::string_view state;
  std::set<T> legal;  // handled by the state (tested elsewhere)
  // Reached only when the server asks for a client certificate and the client has one.
  bool mutual = false;
};

// RFC 5246 7.3 for our full handshake; HelloRequest is ignored by a negotiating client
// (RFC 5246 7.4.1.1) and CertificateRequest may precede ServerHelloDone.
const std::vector<StateRow> kClientTable = {
    {"ExpectServerHello", {T::server_hello, T::hello_request}},
    {"ExpectCertificate", {T::certificate, T::hello_request}},
    {"ExpectServerKeyExchange", {T::server_key_exchange, T::hello_request}},
    {"ExpectServerHelloDone", {T::server_hello_done, T::certificate_request, T::hello_request}},
    {"ExpectChangeCipherSpec", {T::hello_request}},
    {"ExpectChangeCipherSpec", {T::hello_request}, true},
    {"ExpectFinished", {T::finished, T::hello_request}},
    {"Connected", {T::hello_request}},  // refused with no_renegotiation, below
};

// RFC 5246 7.3: with a CertificateRequest, the client's Certificate comes before its
// ClientKeyExchange and, when it held a certificate, CertificateVerify after (7.4.6, 7.4.8).
const std::vector<StateRow> kServerTable = {
    {"ExpectClientHello", {T::client_hello}},
    {"ExpectClientCertificate", {T::certificate}, true},
    {"ExpectClientKeyExchange", {T::client_key_exchange}},
    {"ExpectClientKeyExchange", {T::client_key_exchange}, true},
    {"ExpectCertificateVerify", {T::certificate_verify}, true},
    {"ExpectChangeCipherSpec", {}},
    {"ExpectChangeCipherSpec", {}, true},
    {"ExpectFinished", {T::finished}},
    {"Connected", {T::client_hello}},  // refused with no_renegotiation, below
};

// A fresh pair with `side` in `row.state`.
std::unique_ptr<Pair12> pair_in(Side side, const StateRow& row) {
  auto pair = row.mutual
                  ? std::make_unique<Pair12>(client_presenting(client_ec_credential()),
                                             server_asking(ClientAuth::require, {"root-ec"}))
                  : std::make_unique<Pair12>(client_settings(), server_settings(ec_credential()));
  if (side == Side::server && row.state == "ExpectClientHello") return pair;
  pair->pump.start();
  EXPECT_TRUE(pair->pump.run_until(side, row.state)) << row.state << ": " << pair->pump.describe();
  return pair;
}

Handshake& handshake_of(Pair12& pair, Side side) {
  if (side == Side::client) return pair.client;
  return pair.server;
}

void check_table(Side side, const std::vector<StateRow>& table) {
  for (const StateRow& row : table) {
    for (const std::uint8_t type : all_types()) {
      if (row.legal.contains(static_cast<T>(type))) continue;
      auto pair = pair_in(side, row);
      Handshake& handshake = handshake_of(*pair, side);
      ASSERT_EQ(handshake.state_name(), row.state);
      // A plausible body: a few bytes (the type decides nothing before the state does).
      const Bytes encoded = {type, 0, 0, 2, 0x03, 0x03};
      wire::Reader reader(encoded);
      auto message = wire::HandshakeMessage::decode(reader);
      ASSERT_TRUE(message);
      Output out;
      auto refused = handshake.on_message(*message, encoded, out);
      ASSERT_FALSE(refused) << row.state << " accepted type " << int{type};
      EXPECT_EQ(refused.error().alert(), AlertDescription::unexpected_message)
          << row.state << ", type " << int{type} << ": " << refused.error().to_string();
      EXPECT_EQ(refused.error().code(), ErrorCode::unexpected_message);
      EXPECT_TRUE(out.empty());
      EXPECT_EQ(handshake.state_name(), "Failed");
    }
  }
}

void check_change_cipher_spec(Side side, const std::vector<StateRow>& table) {
  for (const StateRow& row : table) {
    if (row.state == "ExpectChangeCipherSpec") continue;
    auto pair = pair_in(side, row);
    Handshake& handshake = handshake_of(*pair, side);
    ASSERT_EQ(handshake.state_name(), row.state);
    Output out;
    auto refused = handshake.on_change_cipher_spec(out);
    ASSERT_FALSE(refused) << row.state << " accepted change_cipher_spec";
    EXPECT_EQ(refused.error().alert(), AlertDescription::unexpected_message) << row.state;
    EXPECT_TRUE(out.empty());
  }
}

TEST(StateTable12, EveryClientStateRefusesEveryOtherMessageType) {
  check_table(Side::client, kClientTable);
}

TEST(StateTable12, EveryServerStateRefusesEveryOtherMessageType) {
  check_table(Side::server, kServerTable);
}

TEST(StateTable12, OnlyExpectChangeCipherSpecAcceptsChangeCipherSpec) {
  check_change_cipher_spec(Side::client, kClientTable);
  check_change_cipher_spec(Side::server, kServerTable);
}

TEST(StateTable12, ClientBeforeStartRefusesMessagesAsMisuse) {
  hs12::ClientHandshake client(client_settings());
  const Bytes encoded = {2, 0, 0, 0};
  wire::Reader reader(encoded);
  auto message = wire::HandshakeMessage::decode(reader);
  ASSERT_TRUE(message);
  Output out;
  auto refused = client.on_message(*message, encoded, out);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind(), ErrorKind::api_misuse);
}

TEST(StateTable12, TheLegalMessagesOfTheTableCompleteAHandshake) {
  // The oracle's positive half: walking the table's first legal message of each state, in
  // order, is exactly a successful handshake.
  auto pair = std::make_unique<Pair12>(client_settings(), server_settings(ec_credential()));
  pair->pump.run();
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  std::vector<T> client_received;
  for (const auto& [sender, event] : pair->pump.log()) {
    if (sender == Side::server && !event.is_change_cipher_spec())
      client_received.push_back(static_cast<T>(event.message[0]));
  }
  EXPECT_EQ(client_received,
            (std::vector<T>{T::server_hello, T::certificate, T::server_key_exchange,
                            T::server_hello_done, T::finished}));
}

TEST(StateTable12, TheLegalMessagesWithAClientCertificateCompleteAHandshake) {
  auto pair = std::make_unique<Pair12>(client_presenting(client_ec_credential()),
                                       server_asking(ClientAuth::require, {"root-ec"}));
  pair->pump.run();
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  std::vector<T> server_received;
  std::vector<T> client_received;
  for (const auto& [sender, event] : pair->pump.log()) {
    if (event.is_change_cipher_spec()) continue;
    (sender == Side::client ? server_received : client_received)
        .push_back(static_cast<T>(event.message[0]));
  }
  EXPECT_EQ(client_received,
            (std::vector<T>{T::server_hello, T::certificate, T::server_key_exchange,
                            T::certificate_request, T::server_hello_done, T::finished}));
  EXPECT_EQ(server_received,
            (std::vector<T>{T::client_hello, T::certificate, T::client_key_exchange,
                            T::certificate_verify, T::finished}));
}

}  // namespace
}  // namespace cpptls::handshake::testing
