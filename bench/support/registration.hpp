#pragma once
// Registers one cpptls and one libssl benchmark per scenario, named
// "<kind>/<scenario><suffix>/cpptls" and ".../libssl" so that bench/ratios.py pairs them, and
// turns a failed setup or check into SkipWithError instead of a number.

#include <exception>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "scenarios.hpp"

namespace cpptls_bench {

template <class Body>
void run_or_skip(benchmark::State& state, Body&& body) {
  try {
    body();
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}

// `iterations` > 0 fixes the iteration count (for measurements that are not timings).
template <class Scenarios, class Cpptls, class Libssl>
void register_pairs(std::string_view kind, const Scenarios& scenarios, Cpptls cpptls, Libssl libssl,
                    std::string_view suffix = "", int iterations = 0) {
  for (const Scenario& scenario : scenarios) {
    const std::string subject =
        std::string(kind) + "/" + std::string(scenario.name) + std::string(suffix);
    auto* ours = benchmark::RegisterBenchmark((subject + "/cpptls").c_str(), cpptls, scenario);
    auto* theirs = benchmark::RegisterBenchmark((subject + "/libssl").c_str(), libssl, scenario);
    if (iterations > 0) {
      ours->Iterations(iterations);
      theirs->Iterations(iterations);
    }
  }
}

// The main() of each benchmark file, after its registrations.
inline int run_benchmarks(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace cpptls_bench
