#include "serve/connection.hpp"

#include <unistd.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <exception>
#include <iostream>
#include <memory>
#include <vector>

#include "cpptls/asio/stream.hpp"

#include "http/text.hpp"
#include "serve/request_handler.hpp"

namespace cpptls::tool::serve {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;
using TlsStream = cpptls::asio::stream<tcp::socket>;

constexpr std::size_t kReadBuffer = 16 * 1024;
constexpr std::size_t kFileChunk = 64 * 1024;

// What the session and its watchdog share; the last of the two to finish frees it.
struct ConnectionState {
  ConnectionState(tcp::socket socket, const ServerConfig& config)
      : stream(std::move(socket), config), timer(stream.get_executor()) {}

  // The current phase must end within `limit`.
  void arm(std::chrono::steady_clock::duration limit) { timer.expires_after(limit); }

  TlsStream stream;
  net::steady_timer timer;
  bool finished = false;
  bool timed_out = false;
};

// Closes the socket once the timer's expiry passes; each arm() moves the expiry and wakes it
// (operation_aborted), and it waits again.
net::awaitable<void> watchdog(std::shared_ptr<ConnectionState> state) {
  while (!state->finished) {
    error_code ec;
    co_await state->timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    if (state->finished) break;
    if (state->timer.expiry() <= std::chrono::steady_clock::now()) {
      state->timed_out = true;
      error_code ignored;
      state->stream.lowest_layer().close(ignored);  // pending operations end with an error
      break;
    }
  }
}

void log_request(const std::string& peer, const Request* request, const Reply& reply,
                 std::uint64_t bytes) {
  // The method and target are the client's: escaped so that they cannot drive the terminal.
  std::cerr << peer << " " << (request ? http::escaped(request->method) : "-") << " "
            << (request ? http::escaped(request->target) : "-") << " " << reply.head.status << " "
            << bytes;
  if (!reply.log_reason.empty()) std::cerr << " (" << http::escaped(reply.log_reason) << ")";
  std::cerr << "\n";
}

// Reads until the parser has a whole head (or refuses it). `pending` keeps what the client
// sent beyond it: the next pipelined request. Returns false when the connection ended.
net::awaitable<bool> read_head(ConnectionState& state, const ConnectionLimits& limits,
                               RequestParser& parser, std::vector<std::uint8_t>& pending,
                               HttpResult<RequestParser::State>& outcome) {
  std::array<std::uint8_t, kReadBuffer> buffer{};
  state.arm(limits.idle_timeout);
  bool request_started = false;
  while (true) {
    if (!pending.empty()) {
      std::size_t used = 0;
      outcome = parser.push(pending, used);
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(used));
      if (!outcome || *outcome == RequestParser::State::complete) co_return true;
    }
    // Once a request has begun, all of its head must come within the request timeout.
    if (parser.started() && !request_started) {
      request_started = true;
      state.arm(limits.request_timeout);
    }
    error_code ec;
    const std::size_t read = co_await state.stream.async_read_some(
        net::buffer(buffer), net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return false;  // the client left (close_notify or not), or a timeout fired
    pending.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(read));
  }
}

// Streams the reply's file, chunk by chunk: a large file never sits whole in memory.
net::awaitable<std::uint64_t> send_file(ConnectionState& state, const ConnectionLimits& limits,
                                        const Reply& reply, error_code& ec) {
  std::vector<std::uint8_t> chunk(kFileChunk);
  std::uint64_t sent = 0;
  while (sent < reply.head.content_length) {
    const std::uint64_t want =
        std::min<std::uint64_t>(chunk.size(), reply.head.content_length - sent);
    const ssize_t got = ::pread(reply.file.fd(), chunk.data(), want, static_cast<off_t>(sent));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      // The file shrank under us: the promised Content-Length cannot be kept, so the
      // connection must end for the client to notice (RFC 9112 6.3).
      ec = net::error::eof;
      co_return sent;
    }
    state.arm(limits.write_timeout);
    co_await net::async_write(state.stream,
                              net::buffer(chunk.data(), static_cast<std::size_t>(got)),
                              net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return sent;
    sent += static_cast<std::uint64_t>(got);
  }
  co_return sent;
}

// Sends the head and body of one reply. Returns the body bytes sent; `ec` says whether the
// connection is still usable.
net::awaitable<std::uint64_t> send_reply(ConnectionState& state, const ConnectionLimits& limits,
                                         const Reply& reply, error_code& ec) {
  std::string head = reply.head.serialize();
  const bool inline_body = reply.send_body && !reply.file.is_open();
  if (inline_body) head += reply.body;  // one write for small replies
  state.arm(limits.write_timeout);
  co_await net::async_write(state.stream, net::buffer(head),
                            net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return 0;
  if (inline_body) co_return reply.body.size();
  if (!reply.send_body) co_return 0;
  co_return co_await send_file(state, limits, reply, ec);
}

net::awaitable<void> run_session(std::shared_ptr<ConnectionState> state, const Site& site,
                                 std::string peer) {
  const ConnectionLimits& limits = site.limits;
  error_code ec;
  state->arm(limits.handshake_timeout);
  co_await state->stream.async_handshake(cpptls::asio::stream_base::server,
                                         net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    std::cerr << peer << " handshake failed: " << (state->timed_out ? "timed out" : ec.message())
              << "\n";
    co_return;
  }
  RequestParser parser;
  std::vector<std::uint8_t> pending;
  while (true) {
    parser.reset();
    HttpResult<RequestParser::State> outcome = RequestParser::State::need_more;
    if (!co_await read_head(*state, limits, parser, pending, outcome)) co_return;
    const Reply reply =
        outcome ? handle_request(parser.request(), *site.resolver) : failure_reply(outcome.error());
    const std::uint64_t sent = co_await send_reply(*state, limits, reply, ec);
    log_request(peer, outcome ? &parser.request() : nullptr, reply, sent);
    if (ec) co_return;
    if (!reply.head.keep_alive) break;
  }
  // Connection: close: say goodbye with close_notify and give the client a moment to answer,
  // so that closing the socket does not reset a response it has not read yet.
  state->arm(limits.close_timeout);
  co_await state->stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
}

}  // namespace

net::awaitable<void> serve_connection(tcp::socket socket, const Site& site) {
  error_code ignored;
  const tcp::endpoint remote = socket.remote_endpoint(ignored);
  const std::string peer = remote.address().to_string() + ":" + std::to_string(remote.port());
  // A response is one write; without this, Nagle's algorithm holds its last segment back until
  // the client's delayed ACK of the previous one (about 40 ms per keep-alive request).
  socket.set_option(tcp::no_delay(true), ignored);
  std::shared_ptr<ConnectionState> state;
  try {
    state = std::make_shared<ConnectionState>(std::move(socket), *site.config);
  } catch (const boost::system::system_error& error) {  // the configuration was refused
    std::cerr << peer << " " << error.code().message() << "\n";
    co_return;
  }
  state->arm(site.limits.handshake_timeout);
  net::co_spawn(state->stream.get_executor(), watchdog(state), net::detached);
  try {
    co_await run_session(state, site, peer);
  } catch (const std::exception& error) {
    std::cerr << peer << " " << error.what() << "\n";
  }
  state->finished = true;
  state->timer.cancel();
}

}  // namespace cpptls::tool::serve
