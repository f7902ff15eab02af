// Every handshake message type in every state of the TLS 1.3 client: the ones RFC 8446 2 and 4
// allow there are taken, every other one is unexpected_message (and the failure sticks). And
// the change_cipher_spec rule of RFC 8446 5 and D.4: one between our ClientHello and the
// server's Finished, no more, no other time.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::hs13::client_test {
namespace {

using wire::HandshakeType;

// Advances a trace client into `state`.
std::unique_ptr<TraceClient> client_in(std::string_view state) {
  Output out;
  auto reach = [&](int section, std::string_view last) {
    auto trace = start_trace_client(section);
    if (!last.empty()) {
      auto fed = feed_server_flight(*trace, section, last, out);
      EXPECT_TRUE(fed) << fed.error().to_string();
    }
    EXPECT_EQ(trace->client->state_name(), state);
    return trace;
  };
  if (state == "ExpectServerHello") return reach(kSimple, "");
  if (state == "ExpectServerHelloAfterRetry") return reach(kRetry, "HelloRetryRequest");
  if (state == "ExpectEncryptedExtensions") return reach(kSimple, "ServerHello");
  if (state == "ExpectCertificateOrRequest") return reach(kSimple, "EncryptedExtensions");
  if (state == "ExpectCertificate") return reach(kClientAuth, "CertificateRequest");
  if (state == "ExpectCertificateVerify") return reach(kSimple, "Certificate");
  if (state == "ExpectFinished") return reach(kSimple, "CertificateVerify");
  return reach(kSimple, "Finished");
}

const std::map<std::string, std::set<HandshakeType>>& accepted() {
  static const std::map<std::string, std::set<HandshakeType>> table{
      {"ExpectServerHello", {HandshakeType::server_hello}},
      {"ExpectServerHelloAfterRetry", {HandshakeType::server_hello}},
      {"ExpectEncryptedExtensions", {HandshakeType::encrypted_extensions}},
      {"ExpectCertificateOrRequest",
       {HandshakeType::certificate_request, HandshakeType::certificate}},
      {"ExpectCertificate", {HandshakeType::certificate}},
      {"ExpectCertificateVerify", {HandshakeType::certificate_verify}},
      {"ExpectFinished", {HandshakeType::finished}},
      {"Connected", {HandshakeType::new_session_ticket, HandshakeType::key_update}},
  };
  return table;
}

constexpr HandshakeType kEveryType[] = {
    HandshakeType::hello_request,
    HandshakeType::client_hello,
    HandshakeType::server_hello,
    HandshakeType::new_session_ticket,
    HandshakeType::end_of_early_data,
    HandshakeType::encrypted_extensions,
    HandshakeType::certificate,
    HandshakeType::server_key_exchange,
    HandshakeType::certificate_request,
    HandshakeType::server_hello_done,
    HandshakeType::certificate_verify,
    HandshakeType::client_key_exchange,
    HandshakeType::finished,
    HandshakeType::certificate_status,
    HandshakeType::key_update,
    HandshakeType::message_hash,
    static_cast<HandshakeType>(99),
};

TEST(Client13StateTable, EveryStateRefusesEveryMessageItDoesNotExpect) {
  int checked = 0;
  for (const auto& [state, allowed] : accepted()) {
    for (const HandshakeType type : kEveryType) {
      if (allowed.count(type) != 0) continue;
      auto trace = client_in(state);
      Output out;
      const Bytes message = handshake_message(type, Bytes{0, 0});
      auto result = deliver(*trace->client, message, out);
      ASSERT_FALSE(result) << state << " took " << wire::to_string(type);
      EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message)
          << state << ", " << wire::to_string(type) << ": " << result.error().to_string();
      EXPECT_NE(result.error().reason().find(state), std::string::npos) << result.error().reason();
      EXPECT_TRUE(out.empty());
      EXPECT_EQ(trace->client->state_name(), "Failed");
      // The failure sticks, whatever comes next.
      auto again = deliver(*trace->client, trace_message(kSimple, "ServerHello"), out);
      ASSERT_FALSE(again);
      EXPECT_EQ(again.error().reason(), result.error().reason());
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8 * 17 - 10);
}

TEST(Client13StateTable, MessagesBeforeStartAreMisuse) {
  ClientHandshake client(handshake::testing::client_settings());
  Output out;
  auto result = deliver(client, trace_message(kSimple, "ServerHello"), out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::invalid_state);
}

TEST(Client13StateTable, SecondHelloRetryRequestIsUnexpected) {
  auto trace = client_in("ExpectServerHelloAfterRetry");
  Output out;
  auto result = deliver(*trace->client, trace_message(kRetry, "ServerHello"), out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(result.error().reason().find("second HelloRetryRequest"), std::string::npos);
}

TEST(Client13StateTable, OneChangeCipherSpecIsDroppedInEveryHandshakeState) {
  for (const auto& [state, allowed] : accepted()) {
    if (state == "Connected") continue;
    auto trace = client_in(state);
    Output out;
    auto first = trace->client->on_change_cipher_spec(out);
    EXPECT_TRUE(first) << state;
    EXPECT_TRUE(out.empty()) << state;
    EXPECT_EQ(trace->client->state_name(), state);
    auto second = trace->client->on_change_cipher_spec(out);
    ASSERT_FALSE(second) << state << " took two";
    EXPECT_EQ(second.error().alert(), AlertDescription::unexpected_message);
    EXPECT_EQ(trace->client->state_name(), "Failed");
  }
}

TEST(Client13StateTable, ChangeCipherSpecBeforeStartOrAfterTheHandshakeIsUnexpected) {
  ClientHandshake fresh(handshake::testing::client_settings());
  Output out;
  auto early = fresh.on_change_cipher_spec(out);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().alert(), AlertDescription::unexpected_message);

  auto trace = client_in("Connected");
  auto late = trace->client->on_change_cipher_spec(out);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().alert(), AlertDescription::unexpected_message);
}

TEST(Client13StateTable, ChangeCipherSpecAcrossTheFlightStillCountsOnce) {
  // Section 7's server sends its one after the ServerHello; a second before Finished fails.
  auto trace = start_trace_client(kCompatibility);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kCompatibility, "CertificateVerify", out));
  auto second = trace->client->on_change_cipher_spec(out);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), ErrorCode::unexpected_message);
}

}  // namespace
}  // namespace cpptls::hs13::client_test
