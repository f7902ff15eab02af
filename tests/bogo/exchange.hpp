#pragma once
// One connection as the runner drives it: the handshake, the -expect-* checks, the echo of
// application data (each byte written back XOR 0xff, runner.go doExchange), and the shutdown.

#include "cpptls/connection.hpp"

#include "flags.hpp"
#include "status.hpp"
#include "transport.hpp"

namespace cpptls::bogo {

[[nodiscard]] Status run_exchange(Connection& connection, Transport& transport,
                                  const ConnectionFlags& flags, bool is_resume,
                                  std::uint16_t& session_signature);

}  // namespace cpptls::bogo
