#include "asio_test_support.hpp"

#include <optional>

#include <gtest/gtest.h>

namespace cpptls::asio_test {

std::pair<tcp::socket, tcp::socket> connected_sockets(boost::asio::io_context& io) {
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
  tcp::socket client(io);
  tcp::socket server(io);
  // The listening socket's backlog completes the connection before accept() is called.
  client.connect(acceptor.local_endpoint());
  acceptor.accept(server);
  return {std::move(client), std::move(server)};
}

StreamPair make_streams(boost::asio::io_context& io, const std::string& host,
                        const ClientConfig& client, const ServerConfig& server) {
  auto [client_socket, server_socket] = connected_sockets(io);
  return StreamPair{tls_stream(std::move(client_socket), host, client),
                    tls_stream(std::move(server_socket), server)};
}

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  io.restart();
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (io.run_one_for(std::chrono::milliseconds(100)) == 0 && io.stopped()) io.restart();
  }
  return true;
}

void handshake_both(boost::asio::io_context& io, StreamPair& pair) {
  std::optional<boost::system::error_code> client_done;
  std::optional<boost::system::error_code> server_done;
  pair.client.async_handshake(cpptls::asio::stream_base::client,
                              [&](boost::system::error_code ec) { client_done = ec; });
  pair.server.async_handshake(cpptls::asio::stream_base::server,
                              [&](boost::system::error_code ec) { server_done = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client_done && server_done; })) << "handshake timed out";
  ASSERT_FALSE(*client_done) << client_done->message();
  ASSERT_FALSE(*server_done) << server_done->message();
}

}  // namespace cpptls::asio_test
