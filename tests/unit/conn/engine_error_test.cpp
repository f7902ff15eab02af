// The engine's failures: what it refuses from the peer, the alert it sends, alerts it
// receives, and errors that stay.

#include <algorithm>

#include <gtest/gtest.h>

#include "engine_pair.hpp"
#include "wire/messages/alert_message.hpp"

namespace cpptls::conn::test {
namespace {

using wire::ContentType;

// Decodes the single alert record `engine` queued in the clear.
std::optional<wire::AlertMessage> queued_plaintext_alert(Endpoint& endpoint) {
  const Bytes out = take_output(endpoint);
  if (out.size() != 7 || out[0] != static_cast<std::uint8_t>(ContentType::alert)) {
    return std::nullopt;
  }
  auto alert = wire::AlertMessage::decode(ByteView(out).subspan(5));
  if (!alert) return std::nullopt;
  return *alert;
}

void started(EnginePair& pair) {
  ASSERT_TRUE(pair.server.engine->start().has_value());
  ASSERT_TRUE(pair.client.engine->start().has_value());
}

TEST(EngineErrors, TamperedRecordSendsBadRecordMacThatThePeerReportsByName) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(100)).has_value());
  Bytes record = take_output(pair->client);
  record[40] ^= 0x01;

  auto delivered = deliver(record, pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().code(), ErrorCode::bad_record_mac);
  EXPECT_EQ(delivered.error().alert(), AlertDescription::bad_record_mac);

  // The server's alert is protected; the client opens it and reports it.
  const Bytes alert = take_output(pair->server);
  ASSERT_FALSE(alert.empty());
  auto seen = deliver(alert, pair->client);
  ASSERT_FALSE(seen.has_value());
  EXPECT_EQ(seen.error().kind(), ErrorKind::alert_received);
  EXPECT_EQ(seen.error().alert(), AlertDescription::bad_record_mac);
  EXPECT_NE(seen.error().reason().find("bad_record_mac"), std::string::npos);
  // A received alert is not answered with one.
  EXPECT_TRUE(pair->client.engine->pending_tls().empty());
}

TEST(EngineErrors, ErrorIsStickyAndItsAlertIsSentOnce) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(100)).has_value());
  Bytes record = take_output(pair->client);
  record.back() ^= 0x80;
  auto& server = *pair->server.engine;
  ASSERT_FALSE(server.read_tls(record).has_value());
  const std::size_t alert_size = server.pending_tls().size();
  EXPECT_GT(alert_size, 0u);

  Bytes buffer(10);
  for (int i = 0; i < 3; ++i) {
    auto taken = server.read_tls(pattern(10));
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().code(), ErrorCode::bad_record_mac);
    auto read = server.read(buffer);
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code(), ErrorCode::bad_record_mac);
    auto written = server.write(pattern(10));
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().code(), ErrorCode::bad_record_mac);
    auto closed = server.close();
    ASSERT_FALSE(closed.has_value());
    EXPECT_EQ(closed.error().code(), ErrorCode::bad_record_mac);
  }
  EXPECT_EQ(server.pending_tls().size(), alert_size);
  EXPECT_TRUE(server.io_state().failed);
  EXPECT_FALSE(server.holds_record_buffer());
}

TEST(EngineErrors, HandshakeFailureSendsTheHandshakesAlert) {
  FakeOptions options;
  options.fail_on = wire::HandshakeType::client_hello;
  options.fail_alert = AlertDescription::protocol_version;
  auto pair = make_pair(options);
  started(*pair);
  auto delivered = deliver(take_output(pair->client), pair->server);
  ASSERT_FALSE(delivered.has_value());
  auto alert = queued_plaintext_alert(pair->server);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->level, AlertLevel::fatal);
  EXPECT_EQ(alert->description, AlertDescription::protocol_version);
}

TEST(EngineErrors, ReceivedFatalAlertIsReportedWithItsName) {
  auto pair = make_pair();
  started(*pair);
  (void)take_output(pair->client);
  const std::uint8_t alert[] = {2, 40};
  auto delivered = deliver(plaintext_record(ContentType::alert, alert), pair->client);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().kind(), ErrorKind::alert_received);
  EXPECT_EQ(delivered.error().alert(), AlertDescription::handshake_failure);
  EXPECT_NE(delivered.error().reason().find("handshake_failure"), std::string::npos);
  EXPECT_NE(delivered.error().reason().find("ExpectServerHello"), std::string::npos);
  EXPECT_TRUE(pair->client.engine->pending_tls().empty());
}

TEST(EngineErrors, RefusesApplicationDataBeforeTheHandshakeCompletes) {
  auto pair = make_pair();
  started(*pair);
  const std::uint8_t data[] = {1, 2, 3};
  auto delivered = deliver(plaintext_record(ContentType::application_data, data), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
  auto alert = queued_plaintext_alert(pair->server);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->description, AlertDescription::unexpected_message);
}

// The client's second flight (ClientKeyExchange, ChangeCipherSpec, Finished) with its
// change_cipher_spec record's content replaced, delivered when the server expects one.
Expected<void> deliver_with_ccs(EnginePair& pair, const Bytes& ccs_content) {
  started(pair);
  EXPECT_TRUE(deliver(take_output(pair.client), pair.server).has_value());
  EXPECT_TRUE(deliver(take_output(pair.server), pair.client).has_value());
  const Bytes flight = take_output(pair.client);
  Bytes changed;
  std::size_t offset = 0;
  while (offset + 5 <= flight.size()) {
    const std::size_t length = (std::size_t{flight[offset + 3]} << 8) | flight[offset + 4];
    const ByteView content = ByteView(flight).subspan(offset + 5, length);
    const Bytes record =
        flight[offset] == static_cast<std::uint8_t>(ContentType::change_cipher_spec)
            ? plaintext_record(ContentType::change_cipher_spec, ccs_content)
            : plaintext_record(static_cast<ContentType>(flight[offset]), content);
    changed.insert(changed.end(), record.begin(), record.end());
    offset += 5 + length;
  }
  EXPECT_EQ(offset, flight.size());
  return deliver(changed, pair.server);
}

TEST(EngineErrors, RefusesChangeCipherSpecOfTwoBytes) {
  auto pair = make_pair();
  auto delivered = deliver_with_ccs(*pair, {1, 1});
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::decode_error);
  EXPECT_NE(delivered.error().reason().find("2 bytes"), std::string::npos);
}

TEST(EngineErrors, RefusesChangeCipherSpecWithValueOtherThanOne) {
  auto pair = make_pair();
  auto delivered = deliver_with_ccs(*pair, {2});
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(delivered.error().reason().find("0x02"), std::string::npos);
}

TEST(EngineErrors, AcceptsTheSameFlightWithAProperChangeCipherSpec) {
  auto pair = make_pair();
  ASSERT_TRUE(deliver_with_ccs(*pair, {1}).has_value());
  EXPECT_TRUE(pair->server.engine->io_state().handshake_complete);
}

TEST(EngineErrors, RefusesChangeCipherSpecAfterTheHandshake) {
  auto pair = make_pair();
  run_handshake(*pair);
  const std::uint8_t ccs[] = {1};
  auto delivered =
      deliver(sealed_record(Side::client, 1, ContentType::change_cipher_spec, ccs), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
}

TEST(EngineErrors, RefusesAlertInTheMiddleOfAFragmentedHandshakeMessage) {
  auto pair = make_pair();
  started(*pair);
  const Bytes hello = take_output(pair->client);
  // The ClientHello's record cut in two records, with a warning alert between them.
  const ByteView message = ByteView(hello).subspan(5);
  Bytes stream = plaintext_record(ContentType::handshake, message.first(10));
  const std::uint8_t warning[] = {1, 112};
  const Bytes alert = plaintext_record(ContentType::alert, warning);
  stream.insert(stream.end(), alert.begin(), alert.end());
  const Bytes rest = plaintext_record(ContentType::handshake, message.subspan(10));
  stream.insert(stream.end(), rest.begin(), rest.end());
  auto delivered = deliver(stream, pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(delivered.error().reason().find("middle of a handshake message"), std::string::npos);
}

TEST(EngineErrors, RefusesHandshakeDataAfterTheMessageThatEndsThePeersFlight) {
  // The server answers the ClientHello with its flight; a ClientKeyExchange begun in the
  // ClientHello's record was written before the client could have read that flight.
  auto pair = make_pair();
  started(*pair);
  const Bytes hello = take_output(pair->client);
  Bytes content(hello.begin() + 5, hello.end());
  const std::uint8_t early_key_exchange[] = {16, 0, 0, 33, 1, 2, 3};
  content.insert(content.end(), std::begin(early_key_exchange), std::end(early_key_exchange));
  auto delivered = deliver(plaintext_record(ContentType::handshake, content), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(delivered.error().reason().find("ended the peer's flight"), std::string::npos)
      << delivered.error().reason();
  // Only the alert goes out, not the flight that would have answered the ClientHello: the
  // peer reads it where it waits for our flight.
  const auto alert = queued_plaintext_alert(pair->server);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->description, AlertDescription::unexpected_message);
}

TEST(EngineErrors, AcceptsMessagesCoalescedWithinAFlight) {
  // ServerHello, Certificate and ServerHelloDone in one record: only the last one is answered.
  auto pair = make_pair();
  started(*pair);
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  const Bytes flight = take_output(pair->server);
  ASSERT_TRUE(deliver(flight, pair->client).has_value());
  EXPECT_FALSE(take_output(pair->client).empty());
}

TEST(EngineErrors, RefusesHandshakeMessageLongerThan64KiBFromItsHeader) {
  auto pair = make_pair();
  started(*pair);
  // A ClientKeyExchange header declaring 64 KiB + 1: refused before any body byte arrives.
  const std::uint8_t header[] = {16, 0x01, 0x00, 0x01};
  auto delivered = deliver(plaintext_record(ContentType::handshake, header), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::decode_error);
  EXPECT_NE(delivered.error().reason().find("65537"), std::string::npos);
}

// A ClientHello with every vector at its longest (RFC 8446 4.1.2), in records of 2^14 bytes.
[[nodiscard]] Bytes client_hello_records(std::size_t body) {
  Bytes hello = {1, static_cast<std::uint8_t>(body >> 16), static_cast<std::uint8_t>(body >> 8),
                 static_cast<std::uint8_t>(body)};
  const Bytes content = pattern(body);
  hello.insert(hello.end(), content.begin(), content.end());
  Bytes out;
  for (std::size_t at = 0; at < hello.size(); at += 16384) {
    const Bytes record = plaintext_record(
        ContentType::handshake,
        ByteView(hello).subspan(at, std::min<std::size_t>(16384, hello.size() - at)));
    out.insert(out.end(), record.begin(), record.end());
  }
  return out;
}

TEST(EngineErrors, PassesTheLargestLegalClientHelloToTheHandshake) {
  auto pair = make_pair();
  started(*pair);
  // 131396 bytes: the handshake decides on it (the fake one answers any ClientHello).
  ASSERT_TRUE(deliver(client_hello_records(131396), pair->server).has_value());
  EXPECT_EQ(pair->server.engine->state_name(), "ExpectClientKeyExchange");
  EXPECT_FALSE(pair->server.engine->pending_tls().empty());
}

TEST(EngineErrors, RefusesAClientHelloLongerThanTheLargestLegalWithDecodeError) {
  auto pair = make_pair();
  started(*pair);
  auto delivered = deliver(client_hello_records(131397), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::decode_error);
  EXPECT_NE(delivered.error().reason().find("131397"), std::string::npos);
}

TEST(EngineErrors, RefusesCertificateMessageLongerThan256KiB) {
  FakeOptions options;
  options.certificate_size = 256 * 1024 + 1;
  auto pair = make_pair(options);
  started(*pair);
  auto pumped = pump(*pair);
  ASSERT_FALSE(pumped.has_value());
  EXPECT_EQ(pumped.error().alert(), AlertDescription::decode_error);
  EXPECT_TRUE(pair->client.engine->io_state().failed);
}

TEST(EngineErrors, IgnoresWarningAlertsInTls12) {
  auto pair = make_pair();
  run_handshake(*pair);
  const std::uint8_t warning[] = {1, 42};  // warning bad_certificate
  ASSERT_TRUE(deliver(sealed_record(Side::server, 1, ContentType::alert, warning), pair->client)
                  .has_value());
  const Bytes data = pattern(10);
  ASSERT_TRUE(
      deliver(sealed_record(Side::server, 2, ContentType::application_data, data), pair->client)
          .has_value());
  EXPECT_EQ(pair->client.received, data);
  EXPECT_TRUE(pair->client.engine->pending_tls().empty());  // no reply, even to this one
  const std::uint8_t no_renegotiation[] = {1, 100};
  ASSERT_TRUE(
      deliver(sealed_record(Side::server, 3, ContentType::alert, no_renegotiation), pair->client)
          .has_value());
  EXPECT_TRUE(pair->client.engine->pending_tls().empty());
}

TEST(EngineErrors, UserCanceledDuringTheHandshakeEndsIt) {
  auto pair = make_pair();
  started(*pair);
  const std::uint8_t canceled[] = {1, 90};
  auto delivered = deliver(plaintext_record(ContentType::alert, canceled), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().kind(), ErrorKind::alert_received);
  EXPECT_EQ(delivered.error().alert(), AlertDescription::user_canceled);
}

TEST(EngineErrors, RefusesEndlessEmptyRecords) {
  auto pair = make_pair();
  run_handshake(*pair);
  Bytes stream;
  for (std::uint64_t i = 0; i < 33; ++i) {
    const Bytes record = sealed_record(Side::client, 1 + i, ContentType::application_data, {});
    stream.insert(stream.end(), record.begin(), record.end());
  }
  auto delivered = deliver(stream, pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
}

TEST(EngineErrors, AcceptsSomeEmptyRecordsBetweenData) {
  auto pair = make_pair();
  run_handshake(*pair);
  Bytes stream;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Bytes record = sealed_record(Side::client, 1 + i, ContentType::application_data, {});
    stream.insert(stream.end(), record.begin(), record.end());
  }
  const Bytes data = pattern(5);
  const Bytes record = sealed_record(Side::client, 11, ContentType::application_data, data);
  stream.insert(stream.end(), record.begin(), record.end());
  ASSERT_TRUE(deliver(stream, pair->server).has_value());
  EXPECT_EQ(pair->server.received, data);
}

TEST(EngineErrors, ServerRefusesRenegotiationWithNoRenegotiationWarning) {
  auto pair = make_pair();
  run_handshake(*pair);
  const std::uint8_t client_hello[] = {1, 0, 0, 2, 3, 3};
  ASSERT_TRUE(
      deliver(sealed_record(Side::client, 1, ContentType::handshake, client_hello), pair->server)
          .has_value());
  EXPECT_FALSE(pair->server.engine->io_state().failed);
  ASSERT_FALSE(pair->server.engine->pending_tls().empty());
  // The client receives a warning no_renegotiation, ignores it, and data keeps flowing.
  ASSERT_TRUE(deliver(take_output(pair->server), pair->client).has_value());
  const auto& last = pair->client.events.back();
  EXPECT_EQ(last.content, ContentType::alert);
  EXPECT_EQ(last.alert, AlertDescription::no_renegotiation);
  EXPECT_EQ(last.alert_level, AlertLevel::warning);
  ASSERT_TRUE(pair->server.engine->write(pattern(7)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_EQ(pair->client.received, pattern(7));
}

TEST(EngineErrors, ClientRefusesHelloRequestWithNoRenegotiationWarning) {
  auto pair = make_pair();
  run_handshake(*pair);
  const std::uint8_t hello_request[] = {0, 0, 0, 0};
  ASSERT_TRUE(
      deliver(sealed_record(Side::server, 1, ContentType::handshake, hello_request), pair->client)
          .has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  EXPECT_EQ(pair->server.events.back().alert, AlertDescription::no_renegotiation);
  EXPECT_FALSE(pair->server.engine->io_state().failed);
}

TEST(EngineErrors, RefusesOtherHandshakeMessagesAfterTheHandshake) {
  auto pair = make_pair();
  run_handshake(*pair);
  const std::uint8_t finished[] = {20, 0, 0, 1, 0};
  auto delivered =
      deliver(sealed_record(Side::server, 1, ContentType::handshake, finished), pair->client);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
}

TEST(EngineErrors, MalformedAlertIsADecodeError) {
  auto pair = make_pair();
  started(*pair);
  const std::uint8_t three[] = {2, 40, 0};
  auto delivered = deliver(plaintext_record(ContentType::alert, three), pair->server);
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().alert(), AlertDescription::decode_error);
}

}  // namespace
}  // namespace cpptls::conn::test
