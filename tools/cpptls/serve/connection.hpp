#pragma once
// One HTTPS connection of `cpptls serve`, as a Boost.Asio coroutine over
// cpptls::asio::stream: the handshake, then requests one after another while the client keeps
// the connection alive (RFC 9112 9.3). A watchdog timer closes the socket when a phase takes
// too long: the handshake, the wait for a request (idle), reading a request's head once it
// has begun, or writing one chunk of a response.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string>

#include "cpptls/config.hpp"

#include "serve/path_resolver.hpp"

namespace cpptls::tool::serve {

struct ConnectionLimits {
  std::chrono::seconds handshake_timeout{10};
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds write_timeout{30};  // per chunk: a slow reader is fine, a stuck one not
  std::chrono::seconds close_timeout{2};   // waiting for the client's close_notify
};

struct Site {
  const PathResolver* resolver = nullptr;
  const ServerConfig* config = nullptr;
  ConnectionLimits limits;
};

// Serves `socket` until the client leaves, a limit is hit or an error occurs; logs one line per
// request on stderr ("PEER METHOD PATH STATUS BYTES"). Never throws.
[[nodiscard]] boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                                            const Site& site);

}  // namespace cpptls::tool::serve
