// What an established connection keeps (architecture rule 10).

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
  ASSERT_TRUE(pair->client.engine->write(pattern(5000)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  auto& server = *pair->server.engine;
  EXPECT_TRUE(server.holds_record_buffer());
  server.release_buffers();
  EXPECT_FALSE(server.holds_record_buffer());
  EXPECT_EQ(server.output_capacity(), 0u);
  // And it comes back when needed.
  ASSERT_TRUE(pair->client.engine->write(pattern(10, 9)).has_value());
  ASSERT_TRUE(pump(*pair).has_value());
  EXPECT_EQ(pair->server.received.size(), 5010u);
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
