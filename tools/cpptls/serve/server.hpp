#pragma once
// The listening side of `cpptls serve`: accepts connections and runs each as its own coroutine
// on one io_context, at most max_connections at a time (further clients wait in the kernel's
// backlog until one ends).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>

#include "serve/connection.hpp"

namespace cpptls::tool::serve {

class Server {
 public:
  // Binds and listens; throws boost::system::system_error when it cannot.
  Server(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, Site site,
         std::size_t max_connections);

  [[nodiscard]] boost::asio::ip::tcp::endpoint endpoint() const {
    return acceptor_.local_endpoint();
  }
  // Starts accepting (on the io_context).
  void start();
  // Stops accepting; connections in progress end with the io_context.
  void stop();

 private:
  [[nodiscard]] boost::asio::awaitable<void> accept_loop();
  [[nodiscard]] boost::asio::awaitable<void> wait_for_slot();

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer slot_freed_;
  Site site_;
  std::size_t max_connections_;
  std::size_t active_ = 0;
};

}  // namespace cpptls::tool::serve
