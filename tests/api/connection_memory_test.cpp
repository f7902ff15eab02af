// What an established connection pair holds on the heap (issue 13: at most 12 KB per pair
// after one application record each way, nothing pending), counted the way bench/memory_bench
// counts it: glibc's bytes in use (mallinfo2) before and after making and keeping the pairs.

#include <malloc.h>

#include <cstddef>
#include <vector>

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Heap per pair after the handshake and one short record each way; the configurations and
// the first pair (which fills caches and libcrypto's tables) are not counted.
std::size_t bytes_per_pair(const ClientConfig& client, const ServerConfig& server) {
  constexpr std::size_t kPairs = 20;
  const auto exchange = [](Pair& pair) {
    for (auto [from, to] : {std::pair{&pair.client, &pair.server}, {&pair.server, &pair.client}}) {
      const Bytes data = pattern(512);
      ASSERT_TRUE(from->connection->write(data).has_value());
      deliver(take_output(*from), *to);
      ASSERT_EQ(to->received.size(), 512u);
      to->received.clear();
      to->received.shrink_to_fit();
    }
  };
  {
    Pair warm_up = connected(client, server);
    exchange(warm_up);
  }
  std::vector<Pair> pairs;
  pairs.reserve(kPairs);
  const std::size_t before = heap_in_use();
  for (std::size_t i = 0; i < kPairs; ++i) {
    exchange(pairs.emplace_back(connected(client, server)));
  }
  return (heap_in_use() - before) / kPairs;
}

// TLS 1.3 keeps its handshake object for post-handshake messages; what it no longer needs
// (the configuration's lists and credentials, the ClientHello, the peer's chain where no ticket
// can be stored with it) is freed when the handshake completes.
TEST(ConnectionMemory, Tls13PairHoldsAtMost12KilobytesAfterARecordEachWay) {
  ClientConfig client = client_config();
  client.min_version = ProtocolVersion::tls13;
  const ServerConfig server = server_config(/*ec=*/true);
  EXPECT_LE(bytes_per_pair(client, server), 12000u);
}

TEST(ConnectionMemory, Tls12PairHoldsAtMost12KilobytesAfterARecordEachWay) {
  ClientConfig client = client_config();
  client.max_version = ProtocolVersion::tls12;
  const ServerConfig server = server_config(/*ec=*/true);
  EXPECT_LE(bytes_per_pair(client, server), 12000u);
}

}  // namespace
}  // namespace cpptls::api_test
