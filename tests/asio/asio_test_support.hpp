#pragma once
// Helpers for the tests of cpptls::asio::stream: a client and a server stream over a TCP
// connection on 127.0.0.1 (an ephemeral port), in one io_context, and a bounded run of it.
// Certificates come from the API tests' PKI (make-tls-pki.sh): the server serves chain-rsa
// (localhost, 127.0.0.1) and the client trusts root-rsa and root-ec.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cpptls/asio/stream.hpp"
#include "cpptls/cpptls.hpp"

#include "api/api_test_support.hpp"

namespace cpptls::asio_test {

using tcp = boost::asio::ip::tcp;
using tls_stream = cpptls::asio::stream<tcp::socket>;
using Bytes = std::vector<std::uint8_t>;
using api_test::client_config;
using api_test::pattern;
using api_test::server_config;

// Two connected sockets on 127.0.0.1: first the client's end, then the server's.
[[nodiscard]] std::pair<tcp::socket, tcp::socket> connected_sockets(boost::asio::io_context& io);

struct StreamPair {
  tls_stream client;
  tls_stream server;
};

// A client stream for `host` and a server stream, connected.
[[nodiscard]] StreamPair make_streams(boost::asio::io_context& io, const std::string& host,
                                      const ClientConfig& client = client_config(),
                                      const ServerConfig& server = server_config());

// Runs `io` until `done()` or 20 s have passed; false on timeout.
[[nodiscard]] bool run_until(boost::asio::io_context& io, const std::function<bool()>& done);

// Handshakes both streams asynchronously; asserts success.
void handshake_both(boost::asio::io_context& io, StreamPair& pair);

}  // namespace cpptls::asio_test
