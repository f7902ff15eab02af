// The `cpptls` command: dispatches to one subcommand per file.

#include <iostream>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: cpptls <command> [options]\n"
    "\n"
    "commands:\n"
    "  --version    print the version and the crypto provider in use\n"
    "  client       connect to a TLS server: cpptls client HOST:PORT [options]\n"
    "  server       serve TLS: cpptls server --cert FILE --key FILE [options]\n"
    "  verify       verify a certificate: cpptls verify [--cafile FILE] [--host NAME] CERT.pem\n"
    "  get          an HTTPS GET: cpptls get URL [-o FILE] [-I] [-L] [-v] [--cafile FILE]\n"
    "  ca           a test CA: cpptls ca init DIR, cpptls ca issue DIR --name NAME\n";
// Only in a build that has it (Boost.Asio).
constexpr std::string_view kServeUsage =
    "  serve        a static HTTPS file server: cpptls serve [DIR] [--port N] [--cert F --key F]\n";
constexpr std::string_view kUsageEnd =
    "  demo         a handshake narrated from the wire: cpptls demo [--seed] [--html FILE]\n"
    "  help         print this text\n";

void print_usage(std::ostream& out) {
  out << kUsage;
  if (cpptls::tool::serve_available()) out << kServeUsage;
  out << kUsageEnd;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string_view command = args.front();
  const cpptls::tool::Args rest(args.data() + 1, args.size() - 1);
  if (command == "--version" || command == "version") return cpptls::tool::version_command(rest);
  if (command == "client") return cpptls::tool::client_command(rest);
  if (command == "server") return cpptls::tool::server_command(rest);
  if (command == "verify") return cpptls::tool::verify_command(rest);
  if (command == "get") return cpptls::tool::get_command(rest);
  if (command == "ca") return cpptls::tool::ca_command(rest);
  if (command == "serve") return cpptls::tool::serve_command(rest);
  if (command == "demo") return cpptls::tool::demo_command(rest);
  if (command == "help" || command == "--help" || command == "-h") {
    print_usage(std::cout);
    return 0;
  }
  std::cerr << "cpptls: unknown command '" << command << "'\n";
  print_usage(std::cerr);
  return 2;
}
