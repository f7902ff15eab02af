// An HTTPS GET with Boost.Beast over cpptls::asio::stream, written with C++20 coroutines:
//
//   beast_https_client HOST PORT TARGET [CAFILE]
//
// The server's certificate must be valid for HOST and lead to a CA in CAFILE (else in the
// system's store). Prints the status code and the body on stdout and the TLS session on stderr;
// exits 0 for a 2xx answer, 1 with `error: REASON` on any failure, 2 on a usage error.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cpptls/asio/stream.hpp"
#include "cpptls/cpptls.hpp"

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

struct Request {
  std::string host;
  std::string port;
  std::string target;
};

net::awaitable<unsigned> get(const Request& request, const cpptls::ClientConfig& config) {
  const auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  const auto endpoints =
      co_await resolver.async_resolve(request.host, request.port, net::use_awaitable);

  // The host name is sent as SNI and the certificate is checked against it.
  cpptls::asio::stream<tcp::socket> stream(executor, request.host, config);
  co_await net::async_connect(stream.next_layer(), endpoints, net::use_awaitable);
  auto [handshake] = co_await stream.async_handshake(cpptls::asio::stream_base::client,
                                                     net::as_tuple(net::use_awaitable));
  if (handshake) {
    // The error code says what kind of failure this is; the connection's error says why, with
    // the values involved ("certificate for ... does not match host ...").
    if (const auto error = stream.connection().error()) throw std::runtime_error(error->reason());
    throw boost::system::system_error(handshake, "handshake");
  }
  const cpptls::SessionInfo& session = *stream.session();
  std::cerr << "tls: " << session.version << " " << session.cipher_suite
            << " peer=" << session.peer_subject
            << " alpn=" << (session.alpn.empty() ? "-" : session.alpn) << "\n";

  http::request<http::empty_body> get_request(http::verb::get, request.target, 11);
  get_request.set(http::field::host,
                  request.port == "443" ? request.host : request.host + ":" + request.port);
  get_request.set(http::field::user_agent, "cpptls-beast-example");
  co_await http::async_write(stream, get_request, net::use_awaitable);

  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, net::use_awaitable);
  std::cout << response.result_int() << "\n" << response.body();
  std::cout.flush();

  // close_notify both ways. A server that closes the connection without answering ours has
  // still sent the whole response (Beast read it to its announced end).
  auto [closed] = co_await stream.async_shutdown(net::as_tuple(net::use_awaitable));
  if (closed && closed != cpptls::asio::error::stream_truncated) {
    throw boost::system::system_error(closed, "shutdown");
  }
  co_return response.result_int();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::cerr << "usage: beast_https_client HOST PORT TARGET [CAFILE]\n";
    return 2;
  }
  const Request request{argv[1], argv[2], argv[3]};

  cpptls::ClientConfig config;
  config.provider = &cpptls::openssl_provider();
  config.alpn = {"http/1.1"};
  if (argc == 5) {
    auto anchors = cpptls::TrustAnchors::from_pem_file(argv[4]);
    if (!anchors) {
      std::cerr << "error: " << anchors.error().reason() << "\n";
      return 1;
    }
    config.trust = std::move(*anchors);
  }

  net::io_context io;
  int status = 1;
  // The whole exchange gets 30 seconds.
  net::steady_timer deadline(io, std::chrono::seconds(30));
  deadline.async_wait([&](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the exchange ended in time
    std::cerr << "error: no answer within 30 s\n";
    io.stop();
  });
  net::co_spawn(io, get(request, config), [&](std::exception_ptr failure, unsigned code) {
    deadline.cancel();
    if (!failure) {
      status = code >= 200 && code < 300 ? 0 : 1;
      return;
    }
    try {
      std::rethrow_exception(failure);
    } catch (const boost::system::system_error& error) {
      std::cerr << "error: " << error.code().message() << "\n";
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
    }
  });
  io.run();
  return status;
}
