// `cpptls serve` in a build without Boost.Asio (Debian libboost1.81-dev): it says so.

#include "commands.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {

bool serve_available() noexcept {
  return false;
}

int serve_command(Args) {
  return fail("cpptls was built without Boost.Asio, which `serve` needs (libboost1.81-dev)");
}

}  // namespace cpptls::tool
