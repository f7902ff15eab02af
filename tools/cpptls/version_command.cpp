#include <iostream>

#include "cpptls/provider.hpp"
#include "cpptls/version.hpp"

#include "commands.hpp"

namespace cpptls::tool {

int version_command(Args args) {
  if (!args.empty()) {
    std::cerr << "usage: cpptls --version\n";
    return 2;
  }
  std::cout << "cpptls " << kVersion << "\n"
            << "crypto provider: " << provider_description(openssl_provider()) << "\n";
  return 0;
}

}  // namespace cpptls::tool
