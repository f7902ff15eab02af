// Application data throughput of an established connection, cpptls (public API) beside
// OpenSSL's libssl in the same run (issue 4: target at least 1.0x libssl, that is raw AEAD
// speed).
//
// After one handshake (not timed), each iteration sends 16 MiB from the client to the server
// in 16 KiB writes (one full record each) and reads it all at the server.

#include <cstdint>
#include <stdexcept>
#include <vector>

#include <benchmark/benchmark.h>

#include "support/cpptls_pair.hpp"
#include "support/libssl_pair.hpp"
#include "support/registration.hpp"

namespace cpptls_bench {
namespace {

constexpr std::size_t kWrite = 16 * 1024;
constexpr std::size_t kPerIteration = 16 * 1024 * 1024;

std::vector<std::uint8_t> payload() {
  std::vector<std::uint8_t> data(kWrite);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return data;
}

// Sends one write and checks that the server read exactly those bytes.
template <class Pair>
void expect_delivered(Pair& pair, const std::vector<std::uint8_t>& data,
                      std::vector<std::uint8_t>& scratch) {
  if (pair.send_to_server(data, scratch) != data.size() || scratch != data) {
    throw std::runtime_error("the server did not read what the client wrote");
  }
}

template <class Pair>
void transfer(benchmark::State& state, Pair& pair) {
  const std::vector<std::uint8_t> data = payload();
  std::vector<std::uint8_t> scratch(kWrite);
  expect_delivered(pair, data, scratch);
  for (auto _ : state) {
    std::size_t received = 0;
    for (std::size_t sent = 0; sent < kPerIteration; sent += kWrite) {
      received += pair.send_to_server(data, scratch);
    }
    if (received != kPerIteration) throw std::runtime_error("bytes went missing");
    benchmark::DoNotOptimize(scratch.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPerIteration));
}

void bulk_cpptls(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const CpptlsConfigs configs = cpptls_configs(scenario);
    CpptlsPair pair(configs);
    pair.handshake();
    pair.expect_negotiated(scenario);
    transfer(state, pair);
  });
}

void bulk_libssl(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const LibsslContexts contexts(scenario);
    LibsslPair pair(contexts);
    pair.handshake();
    pair.expect_negotiated(scenario);
    transfer(state, pair);
  });
}

}  // namespace
}  // namespace cpptls_bench

int main(int argc, char** argv) {
  using namespace cpptls_bench;
  register_pairs("bulk", kBulkScenarios, bulk_cpptls, bulk_libssl);
  return run_benchmarks(argc, argv);
}
