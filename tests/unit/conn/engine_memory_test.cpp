// What an established connection keeps (design rule 10).

#include <array>
#include <cstdint>

#include <gtest/gtest.h>

#include "engine_pair.hpp"

namespace cpptls::conn::test {
namespace {

TEST(EngineMemory, ReleasesHandshakeBuffersWhenTheHandshakeCompletes) {
  FakeOptions options;
  options.certificate_size = 40000;  // forces reassembly across records
  auto pair = make_pair(options);
  run_handshake(*pair, 1000);
  for (auto* endpoint : {&pair->client, &pair->server}) {
    const auto& engine = *endpoint->engine;
    EXPECT_FALSE(engine.holds_record_buffer());
    EXPECT_EQ(engine.output_capacity(), 0u);
    EXPECT_EQ(engine.reassembly_capacity(), 0u);
    EXPECT_FALSE(engine.holds_handshake());
    EXPECT_EQ(engine.state_name(), "Connected");
  }
}

TEST(EngineMemory, KeepsOneRecordOfOutputCapacityAcrossWrites) {
  auto pair = make_pair();
  run_handshake(*pair);
  auto& client = *pair->client.engine;
  ASSERT_TRUE(client.write(pattern(16384)).has_value());
  (void)take_output(pair->client);
  const std::size_t capacity = client.output_capacity();
  EXPECT_GT(capacity, 16384u);
  ASSERT_TRUE(client.write(pattern(16384)).has_value());
  EXPECT_EQ(client.output_capacity(), capacity);  // no new allocation
  (void)take_output(pair->client);

  // A burst larger than a record is not kept once sent.
  ASSERT_TRUE(client.write(pattern(100000)).has_value());
  (void)take_output(pair->client);
  EXPECT_EQ(client.output_capacity(), 0u);
}

TEST(EngineMemory, ReleaseBuffersFreesTheRecordBufferWhenIdle) {
  auto pair = make_pair();
  run_handshake(*pair);
  // A full record: the buffer is kept for the next one (see below) until released by hand.
  ASSERT_TRUE(pair->client.engine->write(pattern(16384)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  auto& server = *pair->server.engine;
  EXPECT_TRUE(server.holds_record_buffer());
  server.release_buffers();
  EXPECT_FALSE(server.holds_record_buffer());
  EXPECT_EQ(server.output_capacity(), 0u);
  // And it comes back when needed.
  ASSERT_TRUE(pair->client.engine->write(pattern(10, 9)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_EQ(pair->server.received.size(), 16394u);
}

TEST(EngineMemory, HoldsNoBuffersAfterASmallRecordEachWay) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(512)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  ASSERT_TRUE(pair->server.engine->write(pattern(512, 7)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_EQ(pair->server.received, pattern(512));
  EXPECT_EQ(pair->client.received, pattern(512, 7));
  // Nothing pending either way: neither side keeps a record buffer or sealed bytes.
  for (auto* endpoint : {&pair->client, &pair->server}) {
    EXPECT_FALSE(endpoint->engine->holds_record_buffer());
    EXPECT_EQ(endpoint->engine->output_capacity(), 0u);
  }
}

TEST(EngineMemory, KeepsBothBuffersWhileFullRecordsFlowAndFreesThemAfterTheLast) {
  auto pair = make_pair();
  run_handshake(*pair);
  auto& client = *pair->client.engine;
  auto& server = *pair->server.engine;
  // A bulk transfer: each write fills a record; neither buffer is freed (and allocated again)
  // between records.
  std::size_t capacity = 0;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.write(pattern(16384, static_cast<std::uint8_t>(i))).has_value());
    ASSERT_TRUE(pump(*pair).has_value());
    EXPECT_TRUE(server.holds_record_buffer()) << "record " << i;
    EXPECT_GT(client.output_capacity(), 16384u) << "record " << i;
    if (i > 0) {
      EXPECT_EQ(client.output_capacity(), capacity);
    }
    capacity = client.output_capacity();
  }
  // The last, shorter record ends the burst: both are freed once it has been read.
  ASSERT_TRUE(client.write(pattern(100)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_FALSE(server.holds_record_buffer());
  EXPECT_EQ(client.output_capacity(), 0u);
  EXPECT_EQ(pair->server.received.size(), 3 * 16384u + 100u);
}

TEST(EngineMemory, KeepsTheRecordBufferWhilePlaintextWaitsToBeRead) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(300)).has_value());
  const Bytes record = take_output(pair->client);
  auto& server = *pair->server.engine;
  ASSERT_TRUE(server.read_tls(record).has_value());
  EXPECT_TRUE(server.holds_record_buffer());  // the plaintext is read from it
  std::array<std::uint8_t, 200> part{};
  ASSERT_EQ(server.read(part).value(), 200u);
  EXPECT_TRUE(server.holds_record_buffer());
  ASSERT_EQ(server.read(part).value(), 100u);
  EXPECT_FALSE(server.holds_record_buffer());
}

TEST(EngineMemory, KeepsPartialRecordAcrossReleaseBuffers) {
  auto pair = make_pair();
  run_handshake(*pair);
  ASSERT_TRUE(pair->client.engine->write(pattern(500)).has_value());
  const Bytes record = take_output(pair->client);
  auto& server = *pair->server.engine;
  ASSERT_TRUE(server.read_tls(ByteView(record).first(100)).has_value());
  server.release_buffers();
  EXPECT_TRUE(server.holds_record_buffer());
  ASSERT_TRUE(deliver(ByteView(record).subspan(100), pair->server).has_value());
  EXPECT_EQ(pair->server.received, pattern(500));
}

}  // namespace
}  // namespace cpptls::conn::test
