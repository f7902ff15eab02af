// Memory: once a stream is warm, moving data allocates nothing per record or per operation
// (asio recycles the memory of its handlers; the stream reuses its own buffers).

#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <optional>

#include <gtest/gtest.h>

#include "asio_test_support.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

// g++ 12 at -O2 pairs the inlined delete below with its own idea of operator new and warns
// (-Wmismatched-new-delete); both are the replacements defined here, so the pair matches.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// Counts every allocation of this test binary.
void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
  std::free(memory);
}

namespace cpptls::asio_test {
namespace {

using boost::system::error_code;

// Sends `data` both ways at once; true when all of it arrived intact.
bool transfer(boost::asio::io_context& io, StreamPair& pair, const Bytes& data, Bytes& at_client,
              Bytes& at_server) {
  std::optional<error_code> wrote[2];
  std::optional<error_code> read[2];
  boost::asio::async_write(pair.client, boost::asio::buffer(data),
                           [&](error_code ec, std::size_t) { wrote[0] = ec; });
  boost::asio::async_write(pair.server, boost::asio::buffer(data),
                           [&](error_code ec, std::size_t) { wrote[1] = ec; });
  boost::asio::async_read(pair.client, boost::asio::buffer(at_client),
                          [&](error_code ec, std::size_t) { read[0] = ec; });
  boost::asio::async_read(pair.server, boost::asio::buffer(at_server),
                          [&](error_code ec, std::size_t) { read[1] = ec; });
  const bool done = run_until(io, [&] { return wrote[0] && wrote[1] && read[0] && read[1]; });
  return done && !*wrote[0] && !*wrote[1] && !*read[0] && !*read[1] && at_client == data &&
         at_server == data;
}

TEST(AsioMemory, AWarmStreamAllocatesNothingPerRecord) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);
  const Bytes data = pattern(std::size_t{1} << 20, 7);  // 64 records each way
  Bytes at_client(data.size());
  Bytes at_server(data.size());
  ASSERT_TRUE(transfer(io, pair, data, at_client, at_server));  // warms everything up

  const std::size_t before = allocations.load();
  ASSERT_TRUE(transfer(io, pair, data, at_client, at_server));
  const std::size_t during = allocations.load() - before;
  // 128 records and hundreds of operations: none allocates (measured: 0 allocations in all).
  // One per record or per operation would be over a hundred.
  EXPECT_LT(during, 8U) << during << " allocations for 1 MiB each way";
}

}  // namespace
}  // namespace cpptls::asio_test
