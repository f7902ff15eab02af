// The legal message order of the TLS 1.3 server written down as data (the oracle): each state
// is reached with a scripted client, then fed every handshake message type it does not accept,
// which it must refuse with unexpected_message (RFC 8446 4, 4.6.3: a KeyUpdate before the
// handshake completes is one of them). A change_cipher_spec is dropped once between the first
// ClientHello and the client's Finished (RFC 8446 5, D.4); a second one, or one before or
// after, is unexpected_message.
#include <set>

#include <gtest/gtest.h>

#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::NamedGroup;
using T = wire::HandshakeType;

// Every registered type, and a few that are not.
const std::vector<std::uint8_t>& all_types() {
  static const std::vector<std::uint8_t> types = {0,  1,  2,  3,  4,  5,  6,  8,  11,  12, 13,
                                                  14, 15, 16, 20, 21, 22, 24, 99, 254, 255};
  return types;
}

struct StateRow {
  std::string_view state;
  std::set<T> legal;  // handled by the state (tested elsewhere)
  bool takes_change_cipher_spec;
};

const std::vector<StateRow> kServerTable = {
    {"ExpectClientHello", {T::client_hello}, false},
    {"ExpectSecondClientHello", {T::client_hello}, true},
    {"ExpectCertificate", {T::certificate}, true},
    {"ExpectCertificateVerify", {T::certificate_verify}, true},
    {"ExpectFinished", {T::finished}, true},
    {"Connected", {T::key_update}, false},
};

Hello13 hello(bool with_share) {
  Hello13 out;
  if (with_share) out.shares->push_back(share_entry(NamedGroup::x25519));
  return out;
}

// A scripted client whose server is in `state`.
std::unique_ptr<ScriptedClient> client_in(std::string_view state) {
  ServerSettings settings = server_settings13(ec_credential());
  const bool client_auth = state == "ExpectCertificate" || state == "ExpectCertificateVerify";
  if (client_auth) {
    settings.client_auth = ClientAuth::request;
    settings.client_trust = client_trust();
  }
  auto client = std::make_unique<ScriptedClient>(settings);
  if (state == "ExpectClientHello") return client;
  EXPECT_TRUE(client->send(encode_hello13(hello(state != "ExpectSecondClientHello"))).has_value());
  if (state == "ExpectCertificateVerify") {
    EXPECT_TRUE(client->send(client->certificate(&client_rsa_credential())).has_value());
  }
  if (state == "Connected") {
    EXPECT_TRUE(client->send(client->finished()).has_value());
  }
  EXPECT_EQ(client->server().state_name(), state);
  return client;
}

Bytes bare_message(std::uint8_t type) {
  return {type, 0, 0, 0};
}

TEST(Server13StateTable, EveryStateRefusesEveryMessageItDoesNotAccept) {
  for (const StateRow& row : kServerTable) {
    for (const std::uint8_t type : all_types()) {
      if (row.legal.count(static_cast<T>(type)) != 0) continue;
      auto client = client_in(row.state);
      auto result = client->send(bare_message(type));
      ASSERT_FALSE(result.has_value()) << row.state << " accepted type " << int{type};
      EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message)
          << row.state << ", type " << int{type} << ": " << result.error().to_string();
      EXPECT_EQ(client->server().state_name(), "Failed");
      EXPECT_TRUE(client->last().order.empty()) << row.state << ": " << client->last().order;
    }
  }
}

TEST(Server13StateTable, ClientHelloOnEstablishedConnectionIsUnexpected) {
  auto client = client_in("Connected");
  auto result = client->send(encode_hello13(hello(true)));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(result.error().reason().find("4.1.2"), std::string::npos);
}

TEST(Server13StateTable, DropsOneChangeCipherSpecBetweenHelloAndFinished) {
  for (const StateRow& row : kServerTable) {
    auto client = client_in(row.state);
    auto first = client->send_change_cipher_spec();
    if (!row.takes_change_cipher_spec) {
      ASSERT_FALSE(first.has_value()) << row.state;
      EXPECT_EQ(first.error().alert(), AlertDescription::unexpected_message) << row.state;
      continue;
    }
    ASSERT_TRUE(first.has_value()) << row.state << ": " << first.error().to_string();
    EXPECT_TRUE(client->last().order.empty());
    EXPECT_EQ(client->server().state_name(), row.state);
    auto second = client->send_change_cipher_spec();
    ASSERT_FALSE(second.has_value()) << row.state;
    EXPECT_EQ(second.error().alert(), AlertDescription::unexpected_message) << row.state;
  }
}

TEST(Server13StateTable, ChangeCipherSpecCountsOnceAcrossTheHandshake) {
  // One after the retry, then another before the Finished: the second is refused.
  auto client = client_in("ExpectSecondClientHello");
  ASSERT_TRUE(client->send_change_cipher_spec().has_value());
  Hello13 second = hello(true);
  ASSERT_TRUE(client->send(encode_hello13(second)).has_value());
  auto again = client->send_change_cipher_spec();
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().alert(), AlertDescription::unexpected_message);
}

TEST(Server13StateTable, FailedStateRepeatsItsError) {
  auto client = client_in("ExpectFinished");
  auto first = client->send(bare_message(1));
  ASSERT_FALSE(first.has_value());
  auto again = client->send(client->finished());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().reason(), first.error().reason());
  Output out;
  EXPECT_FALSE(client->server().start(out).has_value());
  EXPECT_FALSE(client->server().on_change_cipher_spec(out).has_value());
  EXPECT_FALSE(client->server().update_write_key(false, out).has_value());
  EXPECT_TRUE(out.empty());
}

TEST(Server13StateTable, StartSendsNothing) {
  hs13::ServerHandshake server(server_settings13(ec_credential()));
  Output out;
  EXPECT_TRUE(server.start(out).has_value());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(server.state_name(), "ExpectClientHello");
  EXPECT_FALSE(server.is_complete());
}

}  // namespace
}  // namespace cpptls::handshake::testing
