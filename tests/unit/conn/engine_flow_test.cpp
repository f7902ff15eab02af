// The engine's normal path: a handshake over the fake handshake, data both ways, records and
// handshake messages split in every way, close_notify.

#include <gtest/gtest.h>

#include "engine_pair.hpp"

namespace cpptls::conn::test {
namespace {

using crypto::AeadAlgorithm;
using wire::ContentType;
using wire::HandshakeType;

class EngineEverySuite : public ::testing::TestWithParam<AeadAlgorithm> {};

TEST_P(EngineEverySuite, CompletesHandshakeAndCarriesDataBothWays) {
  FakeOptions options;
  options.aead = GetParam();
  auto pair = make_pair(options);
  run_handshake(*pair);

  const Bytes request = pattern(1000, 1);
  const Bytes response = pattern(50000, 2);
  ASSERT_EQ(pair->client.engine->write(request).value_or(0), request.size());
  ASSERT_EQ(pair->server.engine->write(response).value_or(0), response.size());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_EQ(pair->server.received, request);
  EXPECT_EQ(pair->client.received, response);
  ASSERT_NE(pair->client.engine->session(), nullptr);
  EXPECT_TRUE(pair->client.engine->session()->extended_master_secret);
}

INSTANTIATE_TEST_SUITE_P(Aeads, EngineEverySuite,
                         ::testing::Values(AeadAlgorithm::aes_128_gcm, AeadAlgorithm::aes_256_gcm,
                                           AeadAlgorithm::chacha20_poly1305));

TEST(Engine, ClientsFirstClientHelloRecordCarries0x0301AndEveryLaterRecord0x0303) {
  // RFC 8446 5.1: 0x0301 only on the initial ClientHello's record, for old servers.
  auto pair = make_pair();
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pair->client.engine->start().has_value());
  const Bytes hello = take_output(pair->client);
  ASSERT_GE(hello.size(), 5U);
  EXPECT_EQ(hello[0], static_cast<std::uint8_t>(ContentType::handshake));
  EXPECT_EQ(hello[1], 0x03);
  EXPECT_EQ(hello[2], 0x01);
  ASSERT_TRUE(deliver(hello, pair->server).has_value());
  ASSERT_TRUE(deliver(take_output(pair->server), pair->client).has_value());
  // The client's second flight (ClientKeyExchange, change_cipher_spec, Finished).
  const Bytes flight = take_output(pair->client);
  ASSERT_GE(flight.size(), 5U);
  EXPECT_EQ(flight[1], 0x03);
  EXPECT_EQ(flight[2], 0x03);
}

TEST(Engine, ServersRecordsCarry0x0303) {
  auto pair = make_pair();
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pair->client.engine->start().has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());
  const Bytes flight = take_output(pair->server);
  ASSERT_GE(flight.size(), 5U);
  EXPECT_EQ(flight[1], 0x03);
  EXPECT_EQ(flight[2], 0x03);
}

TEST(Engine, FragmentsWritesIntoRecordsOfAtMost2To14Bytes) {
  auto pair = make_pair();
  run_handshake(*pair);
  const Bytes data = pattern(3 * 16384 + 5);
  ASSERT_TRUE(pair->client.engine->write(data).has_value());
  const Bytes wire_bytes = take_output(pair->client);
  // Walk the record headers: four records, none with more than 2^14 bytes of plaintext.
  std::size_t offset = 0;
  std::size_t records = 0;
  while (offset < wire_bytes.size()) {
    ASSERT_LE(offset + 5, wire_bytes.size());
    const std::size_t length = (std::size_t{wire_bytes[offset + 3]} << 8) | wire_bytes[offset + 4];
    EXPECT_EQ(wire_bytes[offset], static_cast<std::uint8_t>(ContentType::application_data));
    EXPECT_LE(length, 16384u + 8 + 16);
    offset += 5 + length;
    ++records;
  }
  EXPECT_EQ(records, 4u);
  ASSERT_TRUE(deliver(wire_bytes, pair->server).has_value());
  EXPECT_EQ(pair->server.received, data);
}

TEST(Engine, CompletesHandshakeWhenBytesArriveOneAtATime) {
  auto pair = make_pair();
  run_handshake(*pair, 1);
  const Bytes data = pattern(20000);
  ASSERT_TRUE(pair->server.engine->write(data).has_value());
  ASSERT_TRUE(pump(*pair, 1).has_value());
  EXPECT_EQ(pair->client.received, data);
}

// Every split of the client's second flight (ClientKeyExchange, CCS, Finished) and of a data
// record into two reads gives the same result.
TEST(Engine, AcceptsRecordsSplitAtEveryByte) {
  auto reference = make_pair();
  ASSERT_TRUE(reference->server.engine->start().has_value());
  ASSERT_TRUE(reference->client.engine->start().has_value());
  const Bytes hello = take_output(reference->client);
  for (std::size_t split = 0; split <= hello.size(); ++split) {
    auto pair = make_pair();
    ASSERT_TRUE(pair->server.engine->start().has_value());
    ASSERT_TRUE(pair->client.engine->start().has_value());
    const Bytes flight = take_output(pair->client);
    ASSERT_EQ(flight, hello);
    ASSERT_TRUE(deliver(ByteView(flight).first(split), pair->server).has_value());
    ASSERT_TRUE(deliver(ByteView(flight).subspan(split), pair->server).has_value());
    ASSERT_TRUE(pump(*pair).has_value()) << "split at " << split;
    ASSERT_TRUE(pair->server.engine->io_state().handshake_complete) << "split at " << split;

    const Bytes data = pattern(300);
    ASSERT_TRUE(pair->client.engine->write(data).has_value());
    const Bytes record = take_output(pair->client);
    const std::size_t at = split % (record.size() + 1);
    ASSERT_TRUE(deliver(ByteView(record).first(at), pair->server).has_value());
    ASSERT_TRUE(deliver(ByteView(record).subspan(at), pair->server).has_value());
    EXPECT_EQ(pair->server.received, data) << "record split at " << at;
  }
}

TEST(Engine, ReassemblesCertificateSpanningSeveralRecords) {
  FakeOptions options;
  options.certificate_size = 100000;  // seven records
  auto pair = make_pair(options);
  run_handshake(*pair);
}

TEST(Engine, AcceptsCertificateMessageOf256KiB) {
  FakeOptions options;
  options.certificate_size = 256 * 1024;
  auto pair = make_pair(options);
  run_handshake(*pair, 7000);
}

TEST(Engine, TakesNoBytesWhilePlaintextWaits) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(100, 1)).has_value());
  ASSERT_TRUE(pair->client.engine->write(pattern(100, 2)).has_value());
  const Bytes records = take_output(pair->client);
  auto& server = *pair->server.engine;
  auto taken = server.read_tls(records);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(*taken, records.size());  // both fit in the record buffer
  EXPECT_EQ(server.io_state().plaintext_bytes_to_read, 100u);
  EXPECT_FALSE(server.io_state().wants_read);
  EXPECT_EQ(server.read_tls(records).value_or(99), 0u);

  Bytes buffer(250);
  EXPECT_EQ(server.read(buffer).value_or(0), 200u);  // both records, in one call
  buffer.resize(200);
  Bytes expected = pattern(100, 1);
  const Bytes second = pattern(100, 2);
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(buffer, expected);
  EXPECT_TRUE(server.io_state().wants_read);
}

TEST(Engine, PeerCloseNotifyEndsItsData) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(10)).has_value());
  ASSERT_TRUE(pair->client.engine->close().has_value());
  EXPECT_TRUE(pair->client.engine->io_state().close_sent);
  EXPECT_FALSE(pair->client.engine->write(pattern(10)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());

  auto& server = *pair->server.engine;
  EXPECT_EQ(pair->server.received, pattern(10));
  EXPECT_TRUE(server.io_state().peer_closed);
  EXPECT_FALSE(server.io_state().failed);
  Bytes buffer(10);
  EXPECT_EQ(server.read(buffer).value_or(1), 0u);
  // Whatever follows a close_notify is ignored (RFC 5246 7.2.1).
  const Bytes junk = pattern(50);
  EXPECT_EQ(server.read_tls(junk).value_or(0), junk.size());
  // The server may still answer with its own close_notify.
  ASSERT_TRUE(server.close().has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_TRUE(pair->client.engine->io_state().peer_closed);
}

TEST(Engine, Tls12AnswersThePeersCloseNotifyAndRefusesLaterWrites) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->close().has_value());
  ASSERT_TRUE(deliver(take_output(pair->client), pair->server).has_value());

  // RFC 5246 7.2.1: the server's close_notify answers at once, without a call to close().
  auto& server = *pair->server.engine;
  EXPECT_TRUE(server.io_state().peer_closed);
  EXPECT_TRUE(server.io_state().close_sent);
  ASSERT_FALSE(server.pending_tls().empty());
  const std::size_t answer = server.pending_tls().size();
  auto written = server.write(pattern(10));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), ErrorKind::api_misuse);
  EXPECT_NE(written.error().reason().find("after the peer's close_notify"), std::string::npos)
      << written.error().reason();
  EXPECT_FALSE(server.io_state().failed);
  EXPECT_EQ(server.pending_tls().size(), answer);  // nothing but the answer
  ASSERT_TRUE(server.close().has_value());         // already done: nothing more is queued
  EXPECT_EQ(server.pending_tls().size(), answer);

  ASSERT_TRUE(deliver(take_output(pair->server), pair->client).has_value());
  EXPECT_TRUE(pair->client.engine->io_state().peer_closed);
  EXPECT_EQ(pair->client.events.back().alert, AlertDescription::close_notify);
  EXPECT_FALSE(pair->client.engine->io_state().failed);
}

TEST(Engine, EmptyWriteSendsNothing) {
  auto pair = make_pair();
  run_handshake(*pair);
  EXPECT_EQ(pair->client.engine->write({}).value_or(1), 0u);
  EXPECT_TRUE(pair->client.engine->pending_tls().empty());
}

TEST(Engine, WriteBeforeHandshakeIsRefusedWithoutEndingTheConnection) {
  auto pair = make_pair();
  ASSERT_TRUE(pair->client.engine->start().has_value());
  auto written = pair->client.engine->write(pattern(5));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), ErrorKind::api_misuse);
  EXPECT_FALSE(pair->client.engine->io_state().failed);
  ASSERT_TRUE(pair->server.engine->start().has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_TRUE(pair->client.engine->io_state().handshake_complete);
}

TEST(Engine, TracesEveryMessageWithItsSeedStep) {
  auto pair = make_pair();
  run_handshake(*pair);
  struct Seen {
    bool sent;
    ContentType content;
    HandshakeType message;
    int step;
  };
  std::vector<Seen> seen;
  for (const auto& event : pair->client.events) {
    seen.push_back(
        {event.sent, event.content,
         event.content == ContentType::handshake ? event.message : HandshakeType::hello_request,
         event.handshake_step});
  }
  const std::vector<Seen> expected = {
      {true, ContentType::handshake, HandshakeType::client_hello, 1},
      {false, ContentType::handshake, HandshakeType::server_hello, 2},
      {false, ContentType::handshake, HandshakeType::certificate, 2},
      {false, ContentType::handshake, HandshakeType::server_hello_done, 2},
      {true, ContentType::handshake, HandshakeType::client_key_exchange, 4},
      {true, ContentType::change_cipher_spec, HandshakeType::hello_request, 7},
      {true, ContentType::handshake, HandshakeType::finished, 8},
      {false, ContentType::change_cipher_spec, HandshakeType::hello_request, 9},
      {false, ContentType::handshake, HandshakeType::finished, 10},
  };
  ASSERT_EQ(seen.size(), expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].sent, expected[i].sent) << i;
    EXPECT_EQ(seen[i].content, expected[i].content) << i;
    EXPECT_EQ(seen[i].message, expected[i].message) << i;
    EXPECT_EQ(seen[i].step, expected[i].step) << i;
  }
  EXPECT_EQ(pair->client.events[0].state, "ExpectServerHello");
  EXPECT_EQ(describe(pair->client.events[0]),
            "sent client_hello (44 bytes) [handshake step 1] state=ExpectServerHello");
}

}  // namespace
}  // namespace cpptls::conn::test
