// cpptls::asio::stream moving data: asynchronous handshake, reads and writes in flight together
// on each side, close_notify both ways, and the same through blocking calls and other
// completion tokens.

#include <array>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "asio_test_support.hpp"

namespace cpptls::asio_test {
namespace {

using boost::system::error_code;
constexpr std::size_t kMebibyte = std::size_t{1} << 20;

// What one side of a full-duplex transfer saw.
struct Side {
  Bytes received;
  std::optional<error_code> wrote;
  std::optional<error_code> read;
  std::optional<error_code> shut_down;
  std::size_t bytes_written = 0;
  std::size_t bytes_read = 0;
};

// Writes `data` while reading as much from the peer, then shuts down once both are done.
void exchange(tls_stream& stream, const Bytes& data, Side& side) {
  side.received.resize(data.size());
  auto shut_down_when_done = [&stream, &side] {
    if (!side.wrote || !side.read) return;
    stream.async_shutdown([&side](error_code ec) { side.shut_down = ec; });
  };
  boost::asio::async_write(stream, boost::asio::buffer(data),
                           [&side, shut_down_when_done](error_code ec, std::size_t n) {
                             side.wrote = ec;
                             side.bytes_written = n;
                             shut_down_when_done();
                           });
  boost::asio::async_read(stream, boost::asio::buffer(side.received),
                          [&side, shut_down_when_done](error_code ec, std::size_t n) {
                            side.read = ec;
                            side.bytes_read = n;
                            shut_down_when_done();
                          });
}

class AsioStreamVersions : public testing::TestWithParam<ProtocolVersion> {};

TEST_P(AsioStreamVersions, TransferOneMebibyteEachWayAtOnceThenBothShutDownCleanly) {
  boost::asio::io_context io;
  ClientConfig config = client_config();
  config.min_version = config.max_version = GetParam();
  StreamPair pair = make_streams(io, "localhost", config);
  handshake_both(io, pair);
  EXPECT_EQ(pair.client.session()->version,
            GetParam() == ProtocolVersion::tls13 ? "TLSv1.3" : "TLSv1.2");

  const Bytes to_server = pattern(kMebibyte, 1);
  const Bytes to_client = pattern(kMebibyte, 2);
  Side client;
  Side server;
  exchange(pair.client, to_server, client);
  exchange(pair.server, to_client, server);
  ASSERT_TRUE(run_until(io, [&] { return client.shut_down && server.shut_down; }))
      << "wrote " << client.bytes_written << "/" << server.bytes_written << ", read "
      << client.bytes_read << "/" << server.bytes_read;

  for (const Side* side : {&client, &server}) {
    EXPECT_FALSE(*side->wrote) << side->wrote->message();
    EXPECT_FALSE(*side->read) << side->read->message();
    EXPECT_FALSE(*side->shut_down) << side->shut_down->message();
  }
  EXPECT_EQ(client.received, to_client);
  EXPECT_EQ(server.received, to_server);

  const SessionInfo* session = pair.client.session();
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(session->peer_verified);
  EXPECT_EQ(session->server_name, "localhost");
  ASSERT_NE(pair.server.session(), nullptr);
  EXPECT_EQ(pair.server.session()->server_name, "localhost");  // SNI was sent
  EXPECT_EQ(pair.server.session()->version, session->version);

  // After both close_notify alerts, a read reports the clean end of the stream.
  std::array<char, 16> buffer{};
  std::optional<error_code> after;
  pair.client.async_read_some(boost::asio::buffer(buffer),
                              [&](error_code ec, std::size_t) { after = ec; });
  ASSERT_TRUE(run_until(io, [&] { return after.has_value(); }));
  EXPECT_EQ(*after, boost::asio::error::eof);
}

INSTANTIATE_TEST_SUITE_P(Tls, AsioStreamVersions,
                         testing::Values(ProtocolVersion::tls12, ProtocolVersion::tls13),
                         [](const testing::TestParamInfo<ProtocolVersion>& version) {
                           return version.param == ProtocolVersion::tls13 ? "Tls13" : "Tls12";
                         });

TEST(AsioStream, ReadAfterThePeersCloseNotifyGetsTheDataThenEof) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);

  const std::string message = "last words";
  std::optional<error_code> server_done;
  boost::asio::async_write(pair.server, boost::asio::buffer(message),
                           [&](error_code ec, std::size_t) {
                             ASSERT_FALSE(ec) << ec.message();
                             pair.server.async_shutdown([&](error_code e) { server_done = e; });
                           });
  std::string received(message.size(), '\0');
  std::optional<error_code> read;
  std::optional<error_code> after;
  std::optional<error_code> client_done;
  std::array<char, 16> more{};
  boost::asio::async_read(
      pair.client, boost::asio::buffer(received), [&](error_code ec, std::size_t) {
        read = ec;
        pair.client.async_read_some(boost::asio::buffer(more), [&](error_code e, std::size_t) {
          after = e;
          pair.client.async_shutdown([&](error_code s) { client_done = s; });
        });
      });
  ASSERT_TRUE(run_until(io, [&] { return server_done && client_done; }));
  EXPECT_FALSE(*read);
  EXPECT_EQ(received, message);
  EXPECT_EQ(*after, boost::asio::error::eof) << after->message();
  EXPECT_FALSE(*client_done) << client_done->message();  // the peer's close_notify was here
  EXPECT_FALSE(*server_done) << server_done->message();
}

TEST(AsioStream, TransportEndWithoutCloseNotifyIsStreamTruncated) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);

  const std::string message = "cut short";
  std::optional<error_code> wrote;
  boost::asio::async_write(pair.server, boost::asio::buffer(message),
                           [&](error_code ec, std::size_t) {
                             wrote = ec;
                             // An attacker's FIN: the TCP connection ends, no close_notify.
                             pair.server.next_layer().shutdown(tcp::socket::shutdown_send);
                           });
  std::string received(message.size(), '\0');
  std::array<char, 16> more{};
  std::optional<error_code> read;
  std::optional<error_code> after;
  boost::asio::async_read(
      pair.client, boost::asio::buffer(received), [&](error_code ec, std::size_t) {
        read = ec;
        pair.client.async_read_some(boost::asio::buffer(more),
                                    [&](error_code e, std::size_t) { after = e; });
      });
  ASSERT_TRUE(run_until(io, [&] { return after.has_value(); }));
  EXPECT_FALSE(*wrote);
  EXPECT_FALSE(*read);
  EXPECT_EQ(received, message);
  EXPECT_EQ(*after, cpptls::asio::error::stream_truncated) << after->message();
  EXPECT_NE(after->message().find("without close_notify"), std::string::npos) << after->message();

  // Shutting down then cannot get the peer's close_notify either.
  std::optional<error_code> shut_down;
  pair.client.async_shutdown([&](error_code ec) { shut_down = ec; });
  ASSERT_TRUE(run_until(io, [&] { return shut_down.has_value(); }));
  EXPECT_EQ(*shut_down, cpptls::asio::error::stream_truncated) << shut_down->message();
}

// The server side of the two tests below: reads until the client's close_notify, then
// answers with its own.
struct ClosingPeer {
  std::string received;
  std::array<char, 64> buffer{};
  std::optional<error_code> end;
  std::optional<error_code> shut_down;

  void read(tls_stream& stream) {
    stream.async_read_some(boost::asio::buffer(buffer),
                           [this, &stream](error_code ec, std::size_t n) {
                             if (ec) {
                               end = ec;
                               stream.async_shutdown([this](error_code e) { shut_down = e; });
                               return;
                             }
                             received.append(buffer.data(), n);
                             read(stream);
                           });
  }
};

TEST(AsioStream, ShutdownWaitsForTheWriteInFlightThenSendsCloseNotifyAfterIt) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);
  ClosingPeer server;
  server.read(pair.server);

  const std::string message = "before the end";
  std::optional<error_code> wrote;
  std::size_t written = 0;
  std::optional<error_code> shut_down;
  pair.client.async_write_some(boost::asio::buffer(message), [&](error_code ec, std::size_t n) {
    wrote = ec;
    written = n;
  });
  // The write's transport write is in flight now: the shutdown must queue behind it.
  pair.client.async_shutdown([&](error_code ec) { shut_down = ec; });
  ASSERT_TRUE(run_until(io, [&] { return shut_down && server.shut_down; }));
  EXPECT_FALSE(*wrote) << wrote->message();
  EXPECT_EQ(written, message.size());
  EXPECT_FALSE(*shut_down) << shut_down->message();
  EXPECT_EQ(server.received, message);
  EXPECT_EQ(*server.end, boost::asio::error::eof) << server.end->message();
  EXPECT_FALSE(*server.shut_down) << server.shut_down->message();
}

TEST(AsioStream, ShutdownWhileAReadIsPendingLetsTheReadSeeTheEnd) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);
  ClosingPeer server;
  server.read(pair.server);

  std::array<char, 16> buffer{};
  std::optional<error_code> read;
  std::optional<error_code> shut_down;
  pair.client.async_read_some(boost::asio::buffer(buffer),
                              [&](error_code ec, std::size_t) { read = ec; });
  // The read's transport read is in flight: the shutdown sends close_notify, then waits for
  // that read to bring the server's.
  pair.client.async_shutdown([&](error_code ec) { shut_down = ec; });
  ASSERT_TRUE(run_until(io, [&] { return read && shut_down && server.shut_down; }));
  EXPECT_EQ(*read, boost::asio::error::eof) << read->message();
  EXPECT_FALSE(*shut_down) << shut_down->message();
  EXPECT_EQ(*server.end, boost::asio::error::eof) << server.end->message();
  EXPECT_FALSE(*server.shut_down) << server.shut_down->message();
}

TEST(AsioStream, WritesGatherSmallBuffersIntoOneRecord) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);

  const std::string head = "GET / HTTP/1.1\r\n";
  const std::string host = "Host: localhost\r\n";
  const std::string end = "\r\n";
  const std::array<boost::asio::const_buffer, 3> pieces = {
      boost::asio::buffer(head), boost::asio::buffer(host), boost::asio::buffer(end)};
  const std::size_t total = head.size() + host.size() + end.size();

  std::optional<error_code> wrote;
  std::size_t written = 0;
  pair.client.async_write_some(pieces, [&](error_code ec, std::size_t n) {
    wrote = ec;
    written = n;
  });
  std::string received(total, '\0');
  std::optional<error_code> read;
  boost::asio::async_read(pair.server, boost::asio::buffer(received),
                          [&](error_code ec, std::size_t) { read = ec; });
  ASSERT_TRUE(run_until(io, [&] { return wrote && read; }));
  EXPECT_FALSE(*wrote);
  EXPECT_EQ(written, total) << "one write_some takes every piece, not just the first";
  EXPECT_EQ(received, head + host + end);
}

TEST(AsioStream, OneWriteSomeSendsAtMostOneRecord) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);

  const Bytes data = pattern(100000, 3);
  std::optional<error_code> wrote;
  std::size_t written = 0;
  pair.client.async_write_some(boost::asio::buffer(data), [&](error_code ec, std::size_t n) {
    wrote = ec;
    written = n;
  });
  ASSERT_TRUE(run_until(io, [&] { return wrote.has_value(); }));
  EXPECT_FALSE(*wrote);
  EXPECT_EQ(written, 16384U);
}

TEST(AsioStream, BlockingClientAgainstAsynchronousServer) {
  boost::asio::io_context server_io;
  boost::asio::io_context client_io;
  tcp::acceptor acceptor(server_io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
  const auto endpoint = acceptor.local_endpoint();

  // The server echoes everything until the client's close_notify, then closes too.
  std::optional<tls_stream> server;
  std::array<std::uint8_t, 8192> echo_buffer{};
  std::optional<error_code> server_end;
  std::function<void()> echo = [&] {
    server->async_read_some(boost::asio::buffer(echo_buffer), [&](error_code ec, std::size_t n) {
      if (ec) {
        if (ec != boost::asio::error::eof) {
          server_end = ec;
          return;
        }
        server->async_shutdown([&](error_code e) { server_end = e; });
        return;
      }
      boost::asio::async_write(*server, boost::asio::buffer(echo_buffer.data(), n),
                               [&](error_code e, std::size_t) {
                                 if (e) {
                                   server_end = e;
                                   return;
                                 }
                                 echo();
                               });
    });
  };
  acceptor.async_accept([&](error_code ec, tcp::socket socket) {
    ASSERT_FALSE(ec);
    server.emplace(std::move(socket), server_config());
    server->async_handshake(cpptls::asio::stream_base::server, [&](error_code e) {
      if (e) {
        server_end = e;
        return;
      }
      echo();
    });
  });

  const Bytes data = pattern(100000, 4);
  Bytes echoed(data.size());
  std::promise<void> client_finished;
  std::thread client_thread([&] {
    try {
      tls_stream client(client_io, "127.0.0.1", client_config());
      client.next_layer().connect(endpoint);
      client.handshake(cpptls::asio::stream_base::client);
      // In pieces small enough that the echo never fills both socket buffers.
      for (std::size_t offset = 0; offset < data.size(); offset += 20000) {
        const std::size_t length = std::min<std::size_t>(20000, data.size() - offset);
        boost::asio::write(client, boost::asio::buffer(data.data() + offset, length));
        boost::asio::read(client, boost::asio::buffer(echoed.data() + offset, length));
      }
      client.shutdown();
      client_finished.set_value();
    } catch (...) {
      client_finished.set_exception(std::current_exception());
    }
  });
  auto finished = client_finished.get_future();
  const bool done = run_until(server_io, [&] {
    return server_end.has_value() &&
           finished.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
  client_thread.join();
  ASSERT_TRUE(done);
  EXPECT_NO_THROW(finished.get());
  EXPECT_FALSE(*server_end) << server_end->message();
  EXPECT_EQ(echoed, data);
}

TEST(AsioStream, FuturesAndCoroutinesAsCompletionTokens) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  std::optional<std::string> server_got;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        co_await pair.server.async_handshake(cpptls::asio::stream_base::server,
                                             boost::asio::use_awaitable);
        std::string text(5, '\0');
        co_await boost::asio::async_read(pair.server, boost::asio::buffer(text),
                                         boost::asio::use_awaitable);
        co_await boost::asio::async_write(pair.server, boost::asio::buffer(text),
                                          boost::asio::use_awaitable);
        server_got = text;
        co_await pair.server.async_shutdown(boost::asio::use_awaitable);
      },
      boost::asio::detached);
  // The io_context runs on its own thread while this one waits on futures.
  std::atomic<bool> stop = false;
  std::thread runner([&] { (void)run_until(io, [&] { return stop.load(); }); });

  auto handshake =
      pair.client.async_handshake(cpptls::asio::stream_base::client, boost::asio::use_future);
  const std::string hello = "hello";
  std::string back(5, '\0');
  if (handshake.wait_for(std::chrono::seconds(20)) == std::future_status::ready) {
    EXPECT_NO_THROW(handshake.get());
    auto wrote =
        boost::asio::async_write(pair.client, boost::asio::buffer(hello), boost::asio::use_future);
    EXPECT_EQ(wrote.get(), hello.size());
    auto read =
        boost::asio::async_read(pair.client, boost::asio::buffer(back), boost::asio::use_future);
    EXPECT_EQ(read.get(), back.size());
    auto closed = pair.client.async_shutdown(boost::asio::use_future);
    EXPECT_NO_THROW(closed.get());
  } else {
    ADD_FAILURE() << "the handshake did not complete";
  }
  stop = true;
  runner.join();
  EXPECT_EQ(back, hello);
  EXPECT_EQ(server_got, hello);
}

// TLS 1.3 only (RFC 8446 4.6.3): a KeyUpdate asked of the peer, with data flowing both ways;
// the answer goes out from inside the peer's reads and writes.
TEST(AsioStream, KeyUpdateInTheMiddleOfATransferKeepsBothDirectionsWorking) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  handshake_both(io, pair);
  if (pair.client.session()->version != "TLSv1.3") {
    GTEST_SKIP() << "negotiated " << pair.client.session()->version << ": KeyUpdate is TLS 1.3";
  }
  auto updated = pair.client.connection().key_update(/*request_peer_update=*/true);
  ASSERT_TRUE(updated) << updated.error().to_string();

  const Bytes to_server = pattern(kMebibyte / 4, 5);
  const Bytes to_client = pattern(kMebibyte / 4, 6);
  Side client;
  Side server;
  exchange(pair.client, to_server, client);
  exchange(pair.server, to_client, server);
  ASSERT_TRUE(run_until(io, [&] { return client.shut_down && server.shut_down; }));
  EXPECT_FALSE(*client.read) << client.read->message();
  EXPECT_FALSE(*server.read) << server.read->message();
  EXPECT_FALSE(*client.shut_down) << client.shut_down->message();
  EXPECT_FALSE(*server.shut_down) << server.shut_down->message();
  EXPECT_EQ(client.received, to_client);
  EXPECT_EQ(server.received, to_server);
}

}  // namespace
}  // namespace cpptls::asio_test
