// Full TLS handshakes per second, client and server in one thread and in memory, cpptls
// (public API) beside OpenSSL's libssl in the same run (issue 4: target at least 1.5x libssl).
//
// One iteration creates a client and a server connection from configurations made once, runs
// the whole handshake (certificate chain and host name verified by the client) and frees both.
// Each side offers one suite and the same groups (support/scenarios.hpp); nothing is resumed.

#include <benchmark/benchmark.h>

#include "support/cpptls_pair.hpp"
#include "support/libssl_pair.hpp"
#include "support/registration.hpp"

namespace cpptls_bench {
namespace {

void handshake_cpptls(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const CpptlsConfigs configs = cpptls_configs(scenario);
    CpptlsPair first(configs);
    first.handshake();
    first.expect_negotiated(scenario);
    for (auto _ : state) {
      CpptlsPair pair(configs);
      pair.handshake();
      benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

void handshake_libssl(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const LibsslContexts contexts(scenario);
    LibsslPair first(contexts);
    first.handshake();
    first.expect_negotiated(scenario);
    for (auto _ : state) {
      LibsslPair pair(contexts);
      pair.handshake();
      benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

}  // namespace
}  // namespace cpptls_bench

int main(int argc, char** argv) {
  using namespace cpptls_bench;
  register_pairs("handshake", kHandshakeScenarios, handshake_cpptls, handshake_libssl);
  return run_benchmarks(argc, argv);
}
