// Boost.Beast WebSocket over cpptls::asio::stream (cpptls/asio/websocket.hpp): the upgrade,
// a message each way, and the close handshake with the TLS teardown under it.

#include "cpptls/asio/websocket.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "asio_test_support.hpp"

namespace cpptls::asio_test {
namespace {

namespace websocket = boost::beast::websocket;
using boost::system::error_code;

TEST(AsioWebSocket, EchoAMessageThenCloseBothLayersCleanly) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);
  websocket::stream<tls_stream&> client(pair.client);
  websocket::stream<tls_stream&> server(pair.server);

  // The server: accept the upgrade, echo one message, then read until the client closes.
  boost::beast::flat_buffer server_buffer;
  std::optional<error_code> server_end;
  server.async_accept([&](error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    server.async_read(server_buffer, [&](error_code read, std::size_t) {
      ASSERT_FALSE(read) << read.message();
      server.text(true);
      server.async_write(server_buffer.data(), [&](error_code wrote, std::size_t) {
        ASSERT_FALSE(wrote) << wrote.message();
        server_buffer.consume(server_buffer.size());
        server.async_read(server_buffer, [&](error_code end, std::size_t) { server_end = end; });
      });
    });
  });

  boost::beast::flat_buffer client_buffer;
  const std::string message = "hello over cpptls";
  std::optional<error_code> client_closed;
  client.async_handshake("localhost", "/", [&](error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    client.async_write(boost::asio::buffer(message), [&](error_code wrote, std::size_t) {
      ASSERT_FALSE(wrote) << wrote.message();
      client.async_read(client_buffer, [&](error_code read, std::size_t) {
        ASSERT_FALSE(read) << read.message();
        client.async_close(websocket::close_code::normal,
                           [&](error_code closed) { client_closed = closed; });
      });
    });
  });

  ASSERT_TRUE(run_until(io, [&] { return client_closed && server_end; }));
  EXPECT_EQ(boost::beast::buffers_to_string(client_buffer.data()), message);
  EXPECT_FALSE(*client_closed) << client_closed->message();
  EXPECT_EQ(*server_end, websocket::error::closed) << server_end->message();
  // The TLS layer was closed with close_notify both ways, then TCP.
  EXPECT_TRUE(pair.client.connection().io_state().close_sent);
  EXPECT_TRUE(pair.client.connection().io_state().peer_closed);
  EXPECT_TRUE(pair.server.connection().io_state().close_sent);
  EXPECT_TRUE(pair.server.connection().io_state().peer_closed);
  EXPECT_FALSE(pair.client.next_layer().is_open());
  EXPECT_FALSE(pair.server.next_layer().is_open());
}

}  // namespace
}  // namespace cpptls::asio_test
