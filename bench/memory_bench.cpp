// Heap held by one established client+server pair, cpptls (public API) beside OpenSSL's libssl
// in the same run (issue 4: target at most 1/4 of libssl's).
//
// Both are measured the same way, by glibc's own count of bytes in use (mallinfo2: uordblks
// plus mmapped blocks), which sees every allocation whoever makes it (operator new, OpenSSL's
// CRYPTO_malloc, the libraries' containers). After a warm-up pair (one-time caches filled, then
// freed), kPairs pairs are created and handshaken and kept alive; the growth divided by kPairs
// is bytes_per_pair. Freeing the servers then splits it into server_bytes and client_bytes.
// Configurations, contexts, certificates and trust stores are made before and shared, so they
// are not counted; libssl's memory BIOs are freed before the count (the transport is counted
// for neither).
//
// "-idle" rows: the connection's buffers released, as before waiting long for the peer:
// release_buffers() for cpptls, SSL_MODE_RELEASE_BUFFERS for libssl.
// "-after-data" rows: after the handshake, one application record each way (kRecord bytes
// from the client, read by the server, then the same back) with nothing left pending, and no
// buffers released by hand: what an established connection holds between requests.

#include <malloc.h>

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "support/cpptls_pair.hpp"
#include "support/libssl_pair.hpp"
#include "support/registration.hpp"

namespace cpptls_bench {
namespace {

constexpr int kPairs = 100;
constexpr std::size_t kRecord = 512;

enum class Buffers { kept, released, after_data };

// One record each way, read whole at the other side.
template <class Pair>
void exchange_one_record(Pair& pair) {
  static const std::vector<std::uint8_t> data(kRecord, 0x5a);
  static std::vector<std::uint8_t> scratch(16 * 1024);
  if (pair.send_to_server(data, scratch) != kRecord ||
      pair.send_to_client(data, scratch) != kRecord)
    throw std::runtime_error("a record went missing");
}

double heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);
}

struct Readings {
  double before = 0;
  double with_pairs = 0;
  double without_servers = 0;
};

void report(benchmark::State& state, const Readings& r) {
  state.counters["bytes_per_pair"] = (r.with_pairs - r.before) / kPairs;
  state.counters["server_bytes"] = (r.with_pairs - r.without_servers) / kPairs;
  state.counters["client_bytes"] = (r.without_servers - r.before) / kPairs;
}

void memory_cpptls(benchmark::State& state, const Scenario& scenario, Buffers buffers) {
  run_or_skip(state, [&] {
    const CpptlsConfigs configs = cpptls_configs(scenario);
    {
      CpptlsPair warm_up(configs);
      warm_up.handshake();
      warm_up.expect_negotiated(scenario);
    }
    std::vector<CpptlsPair> pairs;
    pairs.reserve(kPairs);
    for (auto _ : state) {
      Readings readings;
      readings.before = heap_in_use();
      for (int i = 0; i < kPairs; ++i) {
        CpptlsPair& pair = pairs.emplace_back(configs);
        pair.handshake();
        if (buffers == Buffers::after_data) exchange_one_record(pair);
        if (buffers == Buffers::released) {
          pair.client().release_buffers();
          pair.server().release_buffers();
        }
      }
      readings.with_pairs = heap_in_use();
      for (CpptlsPair& pair : pairs) {
        const cpptls::ServerConnection freed(std::move(pair.server()));
      }
      readings.without_servers = heap_in_use();
      pairs.clear();
      report(state, readings);
    }
  });
}

void memory_libssl(benchmark::State& state, const Scenario& scenario, Buffers buffers) {
  run_or_skip(state, [&] {
    const LibsslContexts contexts(scenario, buffers == Buffers::released);
    {
      LibsslPair warm_up(contexts);
      warm_up.handshake();
      warm_up.expect_negotiated(scenario);
    }
    std::vector<LibsslPair> pairs;
    pairs.reserve(kPairs);
    for (auto _ : state) {
      Readings readings;
      readings.before = heap_in_use();
      for (int i = 0; i < kPairs; ++i) {
        LibsslPair& pair = pairs.emplace_back(contexts);
        pair.handshake();
        if (buffers == Buffers::after_data) exchange_one_record(pair);
        pair.detach_transport();
      }
      readings.with_pairs = heap_in_use();
      for (LibsslPair& pair : pairs)
        pair.free_server();
      readings.without_servers = heap_in_use();
      pairs.clear();
      report(state, readings);
    }
  });
}

template <Buffers buffers>
void cpptls_with(benchmark::State& state, const Scenario& scenario) {
  memory_cpptls(state, scenario, buffers);
}

template <Buffers buffers>
void libssl_with(benchmark::State& state, const Scenario& scenario) {
  memory_libssl(state, scenario, buffers);
}

}  // namespace
}  // namespace cpptls_bench

int main(int argc, char** argv) {
  using namespace cpptls_bench;
  register_pairs("memory", kMemoryScenarios, cpptls_with<Buffers::kept>, libssl_with<Buffers::kept>,
                 "", 1);
  register_pairs("memory", kMemoryScenarios, cpptls_with<Buffers::released>,
                 libssl_with<Buffers::released>, "-idle", 1);
  register_pairs("memory", kMemoryScenarios, cpptls_with<Buffers::after_data>,
                 libssl_with<Buffers::after_data>, "-after-data", 1);
  return run_benchmarks(argc, argv);
}
