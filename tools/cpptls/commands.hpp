#pragma once
// Each subcommand of the `cpptls` tool is one function: it takes the arguments after its
// name and returns the process exit code (0 success, 1 failure, 2 usage error).

#include <span>
#include <string_view>

namespace cpptls::tool {

using Args = std::span<const std::string_view>;

int version_command(Args args);
int client_command(Args args);
int server_command(Args args);
int verify_command(Args args);
int get_command(Args args);
int ca_command(Args args);
int serve_command(Args args);
// Whether this build has `serve` (it needs Boost.Asio); the usage text lists it only then.
[[nodiscard]] bool serve_available() noexcept;
int demo_command(Args args);

}  // namespace cpptls::tool
