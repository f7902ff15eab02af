#pragma once
// Turns one connection's flags into a cpptls configuration. Where the public API cannot
// express what a flag asks for, the result is "unimplemented" (the runner's exit 89).

#include <memory>

#include "cpptls/config.hpp"

#include "flags.hpp"
#include "status.hpp"
#include "verifier.hpp"

namespace cpptls::bogo {

// What lives across the first connection and its resumptions.
struct Sessions {
  std::shared_ptr<SessionCache> client;
  std::shared_ptr<ServerSessions> server;
  // What the verification of the current session found (-expect-verify-result).
  std::shared_ptr<VerifyRecord> verify = std::make_shared<VerifyRecord>();
  bool use_verifier = false;  // wants_verifier() of any connection of the test
};

[[nodiscard]] Status build_client_config(const ConnectionFlags& flags, const Sessions& sessions,
                                         ClientConfig& out);
[[nodiscard]] Status build_server_config(const ConnectionFlags& flags, const Sessions& sessions,
                                         ServerConfig& out);

}  // namespace cpptls::bogo
