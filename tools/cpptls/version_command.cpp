#include <iostream>

#include "cpptls/version.hpp"

#include "commands.hpp"
#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls::tool {

int version_command(Args args) {
  if (!args.empty()) {
    std::cerr << "usage: cpptls --version\n";
    return 2;
  }
  const auto& provider = crypto::openssl::provider();
  std::cout << "cpptls " << kVersion << "\n"
            << "crypto provider: " << provider.name() << " (" << provider.version() << ")\n";
  return 0;
}

}  // namespace cpptls::tool
