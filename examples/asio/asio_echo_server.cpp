// An asynchronous TLS echo server over cpptls::asio::stream, written with callbacks:
//
//   asio_echo_server CERT KEY PORT [ADDRESS]
//
// CERT holds the certificate chain (leaf first), KEY its private key. Listens on ADDRESS
// (default 127.0.0.1) and PORT (0 picks a free one), prints `listening on ADDRESS:PORT` when
// ready, and serves any number of connections at once on one thread: each handshakes, gets
// back every byte it sends, and when it sends close_notify gets ours. One line per connection
// that ends goes to stderr. SIGINT or SIGTERM stops the server (exit 0).

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>
#include <csignal>
#include <cstdint>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "cpptls/asio/stream.hpp"
#include "cpptls/cpptls.hpp"

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

// One connection, from handshake to close_notify. Each step's handler holds the session alive.
class EchoSession : public std::enable_shared_from_this<EchoSession> {
 public:
  EchoSession(tcp::socket socket, const cpptls::ServerConfig& config, std::string peer)
      : stream_(std::move(socket), config), peer_(std::move(peer)) {}

  void start() {
    stream_.async_handshake(cpptls::asio::stream_base::server,
                            [self = shared_from_this()](error_code ec) {
                              if (ec) return self->finish("handshake", ec);
                              self->read();
                            });
  }

 private:
  void read() {
    stream_.async_read_some(net::buffer(buffer_),
                            [self = shared_from_this()](error_code ec, std::size_t length) {
                              // The peer's close_notify: it sent everything; answer with ours.
                              if (ec == net::error::eof) return self->shut_down();
                              if (ec) return self->finish("read", ec);
                              self->echo(length);
                            });
  }

  void echo(std::size_t length) {
    net::async_write(stream_, net::buffer(buffer_.data(), length),
                     [self = shared_from_this()](error_code ec, std::size_t) {
                       if (ec) return self->finish("write", ec);
                       self->read();
                     });
  }

  void shut_down() {
    stream_.async_shutdown(
        [self = shared_from_this()](error_code ec) { self->finish("shutdown", ec); });
  }

  void finish(const char* step, const error_code& ec) {
    if (ec) {
      // A TLS failure's reason (with the values involved) is on the connection's error.
      const auto error = stream_.connection().error();
      std::cerr << peer_ << ": " << step << " failed: " << (error ? error->reason() : ec.message())
                << "\n";
    } else {
      std::cerr << peer_ << ": closed cleanly ("
                << (stream_.session() ? stream_.session()->version : "-") << ")\n";
    }
    // The socket closes when the last handler lets go of the session.
  }

  cpptls::asio::stream<tcp::socket> stream_;
  std::string peer_;
  std::array<std::uint8_t, 16384> buffer_{};
};

class Server {
 public:
  Server(net::io_context& io, const tcp::endpoint& endpoint, cpptls::ServerConfig config)
      : acceptor_(io, endpoint), config_(std::move(config)) {}

  [[nodiscard]] tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

  void accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;  // stopping
      if (!ec) start_session(std::move(socket));
      accept();
    });
  }

  void stop() { acceptor_.close(); }

 private:
  void start_session(tcp::socket socket) {
    error_code ignored;
    const auto remote = socket.remote_endpoint(ignored);
    const std::string peer = remote.address().to_string() + ":" + std::to_string(remote.port());
    try {
      std::make_shared<EchoSession>(std::move(socket), config_, peer)->start();
    } catch (const boost::system::system_error& error) {  // the configuration was refused
      std::cerr << peer << ": " << error.code().message() << "\n";
    }
  }

  tcp::acceptor acceptor_;
  cpptls::ServerConfig config_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::cerr << "usage: asio_echo_server CERT KEY PORT [ADDRESS]\n";
    return 2;
  }
  const cpptls::crypto::Provider& provider = cpptls::openssl_provider();
  auto credential = cpptls::Credential::from_pem_files(provider, argv[1], argv[2]);
  if (!credential) {
    std::cerr << "error: " << credential.error().reason() << "\n";
    return 1;
  }
  cpptls::ServerConfig config;
  config.provider = &provider;
  config.credentials = {*credential};

  const std::string port_text = argv[3];
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port_text) > 65535) {
    std::cerr << "error: PORT must be a number from 0 to 65535, got '" << port_text << "'\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::stoul(port_text));
  try {
    const auto address = net::ip::make_address(argc == 5 ? argv[4] : "127.0.0.1");
    net::io_context io;
    Server server(io, tcp::endpoint(address, port), std::move(config));
    server.accept();
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](error_code, int) {
      // Sessions in progress are dropped with the io_context.
      server.stop();
      io.stop();
    });
    std::cout << "listening on " << server.endpoint().address().to_string() << ":"
              << server.endpoint().port() << std::endl;
    io.run();
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
