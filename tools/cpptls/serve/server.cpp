#include "serve/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <ctime>
#include <exception>
#include <iostream>

#include "cpptls/session.hpp"

namespace cpptls::tool::serve {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

// After accept() fails for want of descriptors (EMFILE), a pause before trying again instead
// of spinning.
constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

Server::Server(net::io_context& io, const tcp::endpoint& endpoint, Site site,
               std::size_t max_connections)
    : acceptor_(io, endpoint), slot_freed_(io), site_(site), max_connections_(max_connections) {}

void Server::start() {
  net::co_spawn(acceptor_.get_executor(), accept_loop(), net::detached);
}

void Server::stop() {
  error_code ignored;
  acceptor_.close(ignored);
  slot_freed_.cancel();
}

net::awaitable<void> Server::wait_for_slot() {
  while (active_ >= max_connections_ && acceptor_.is_open()) {
    slot_freed_.expires_at(net::steady_timer::time_point::max());
    error_code ec;  // operation_aborted: a connection ended
    co_await slot_freed_.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
}

net::awaitable<void> Server::accept_loop() {
  while (acceptor_.is_open()) {
    co_await wait_for_slot();
    auto [ec, socket] = co_await acceptor_.async_accept(net::as_tuple(net::use_awaitable));
    if (!acceptor_.is_open() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      std::cerr << "accept failed: " << ec.message() << "\n";
      net::steady_timer pause(acceptor_.get_executor(), kAcceptRetry);
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    // Before the handshake, so that no ticket key outlives its two intervals
    // (cpptls/session.hpp); a failure to draw a new key keeps the old ones a little longer.
    if (site_.config->sessions) {
      if (auto rotated = site_.config->sessions->rotate_if_due(std::time(nullptr)); !rotated) {
        std::cerr << "ticket key rotation failed: " << rotated.error().reason() << "\n";
      }
    }
    ++active_;
    net::co_spawn(acceptor_.get_executor(), serve_connection(std::move(socket), site_),
                  [this](const std::exception_ptr&) {
                    --active_;
                    slot_freed_.cancel();
                  });
  }
}

}  // namespace cpptls::tool::serve
