#pragma once
// How a step of the shim ended, and the exit code the runner reads from it
// (ssl/test/runner/runner.go runTest: 0 passed, 89 unimplemented, anything else failed).

#include <string>
#include <utility>

#include "cpptls/error.hpp"

namespace cpptls::bogo {

enum class Exit : int { ok = 0, failure = 1, unimplemented = 89 };

struct Status {
  Exit exit = Exit::ok;
  std::string message;

  [[nodiscard]] bool ok() const noexcept { return exit == Exit::ok; }
  [[nodiscard]] static Status success() { return {}; }
  [[nodiscard]] static Status failure(std::string why) { return {Exit::failure, std::move(why)}; }
  [[nodiscard]] static Status unimplemented(std::string why) {
    return {Exit::unimplemented, std::move(why)};
  }
  // A library error, spelled so that the runner's expected errors can be mapped onto it.
  [[nodiscard]] static Status tls_failure(const TlsError& error);
};

// Writes the status to stderr. The runner treats any stderr output of a passing shim as a
// failure, so nothing is written on success.
void report(const Status& status);

}  // namespace cpptls::bogo
