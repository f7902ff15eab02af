#pragma once
// cpptls::asio::stream<NextLayer>: TLS over any Boost.Asio stream (a tcp::socket, a
// beast::tcp_stream, ...), shaped like boost::asio::ssl::stream, on top of the sans-I/O
// cpptls::Connection. It is an AsyncReadStream and AsyncWriteStream (and a SyncReadStream and
// SyncWriteStream), so boost::asio::async_read / async_write and Boost.Beast's HTTP layer run
// over it, and WebSocket too with cpptls/asio/websocket.hpp; every asynchronous call takes any
// completion token (callbacks, use_future, use_awaitable, yield_context).
//
//   cpptls::ClientConfig config;
//   config.provider = &cpptls::openssl_provider();
//   cpptls::asio::stream<tcp::socket> tls(io_context, "example.com", config);
//   boost::asio::connect(tls.next_layer(), resolver.resolve("example.com", "443"));
//   tls.handshake(cpptls::asio::stream_base::client);  // certificate checked for example.com
//   boost::asio::write(tls, boost::asio::buffer(request));
//   ... tls.read_some(buffer) ...                        // boost::asio::error::eof at the end
//   tls.shutdown();
//
//   cpptls::asio::stream<tcp::socket> tls(std::move(accepted_socket), server_config);
//   co_await tls.async_handshake(cpptls::asio::stream_base::server, use_awaitable);
//
// A client stream is made with the server's host name: it is sent as SNI and the server's
// certificate must be valid for it (RFC 9525); an empty name is refused unless the
// configuration says insecure_skip_verification.
//
// Errors (error.hpp): a TLS failure is the TlsError's error code, equal to its kind and its
// code; stream.connection().error()->reason() says why. The peer's close_notify ends reads with
// boost::asio::error::eof, a transport that ends without
// it with cpptls::asio::error::stream_truncated. Functions without an error_code argument
// throw boost::system::system_error, as asio's do. After a TLS failure the alert that tells the
// peer why is sent before the operation completes.
//
// Operations and threads: one read-side operation (handshake, read, shutdown) and one write at
// a time, as with any asio stream, and like any asio I/O object a stream is not thread-safe:
// run its handlers in one strand; a read and a write may be in flight together. Writes send at most
// one record (16 KiB) per write_some: use boost::asio::write / async_write for more. The stream
// must not move while an operation is in flight. TLS 1.2 and 1.3 are alike to it: session tickets
// and KeyUpdate messages after the handshake are handled inside reads.
//
// Memory: besides the connection's own, the stream holds an 18 KiB receive buffer, a buffer for
// the transport write in flight (one record) and, once a write gathers several small buffers
// into one record, a 16 KiB gather buffer; all are reused for the stream's whole life, so a
// warm stream allocates nothing per read or write (asio recycles its handlers' memory).

// clang-format off: the version check comes before any other Boost header, so that an
// old Boost stops with its message, not somewhere inside Asio.
#include "cpptls/asio/detail/boost_version.hpp"
// clang-format on

#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>
#include <concepts>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "cpptls/asio/detail/async_op.hpp"
#include "cpptls/asio/detail/core.hpp"
#include "cpptls/asio/detail/operations.hpp"
#include "cpptls/asio/error.hpp"
#include "cpptls/config.hpp"
#include "cpptls/connection.hpp"

namespace cpptls::asio {

class stream_base {
 public:
  // Which side a handshake takes; it must be the side the stream was made for.
  enum handshake_type { client, server };

 protected:
  ~stream_base() = default;
};

namespace detail {

// The lowest layer of the next layer when it has one (a socket), else the next layer itself
// (beast::tcp_stream has none; Beast's get_lowest_layer() finds it through next_layer()).
template <class T>
struct lowest_layer_of {
  using type = T;
  static type& get(T& layer) noexcept { return layer; }
  static const type& get(const T& layer) noexcept { return layer; }
};
template <class T>
requires requires(T& layer) {
  typename T::lowest_layer_type;
  layer.lowest_layer();
}
struct lowest_layer_of<T> {
  using type = typename T::lowest_layer_type;
  static type& get(T& layer) noexcept { return layer.lowest_layer(); }
  static const type& get(const T& layer) noexcept { return layer.lowest_layer(); }
};

[[noreturn]] inline void throw_error(const boost::system::error_code& ec, const char* what) {
  boost::throw_exception(boost::system::system_error(ec, what));
}

// A client connection for `host`, with the safe default spelled out: no host, no stream,
// unless certificate verification was turned off on purpose.
[[nodiscard]] inline Connection make_client(std::string host, ClientConfig config) {
  if (host.empty() && !config.insecure_skip_verification) {
    throw_error(error::host_name_required, "cpptls::asio::stream");
  }
  config.server_name = std::move(host);
  auto created = ClientConnection::create(config);
  if (!created) throw_error(make_error_code(created.error()), "cpptls::asio::stream");
  return std::move(*created);
}

[[nodiscard]] inline Connection make_server(const ServerConfig& config) {
  auto created = ServerConnection::create(config);
  if (!created) throw_error(make_error_code(created.error()), "cpptls::asio::stream");
  return std::move(*created);
}

}  // namespace detail

template <class NextLayer>
class stream : public stream_base {
 public:
  using next_layer_type = std::remove_reference_t<NextLayer>;
  using lowest_layer_type = typename detail::lowest_layer_of<next_layer_type>::type;
  using executor_type = typename next_layer_type::executor_type;

  // A client for `host` (a DNS name, or an IP address, which is checked but not sent as SNI);
  // it replaces config.server_name. `arg` constructs the next layer (an executor, an
  // io_context, a connected socket to move in). Throws boost::system::system_error when the
  // host is empty without config.insecure_skip_verification, or the configuration is invalid.
  template <class Arg>
  stream(Arg&& arg, std::string host, ClientConfig config)
      : next_layer_(std::forward<Arg>(arg)),
        core_(detail::make_client(std::move(host), std::move(config)), next_layer_.get_executor()) {
  }

  // A server. Throws boost::system::system_error when the configuration is invalid.
  template <class Arg>
  stream(Arg&& arg, const ServerConfig& config)
      : next_layer_(std::forward<Arg>(arg)),
        core_(detail::make_server(config), next_layer_.get_executor()) {}

  // A client names the host it expects: stream(arg, "example.com", config).
  template <class Arg>
  stream(Arg&& arg, const ClientConfig& config) = delete;

  stream(stream&& other) = default;
  stream& operator=(stream&& other) = default;
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;
  ~stream() = default;

  [[nodiscard]] executor_type get_executor() noexcept { return next_layer_.get_executor(); }
  [[nodiscard]] next_layer_type& next_layer() noexcept { return next_layer_; }
  [[nodiscard]] const next_layer_type& next_layer() const noexcept { return next_layer_; }
  [[nodiscard]] lowest_layer_type& lowest_layer() noexcept {
    return detail::lowest_layer_of<next_layer_type>::get(next_layer_);
  }
  [[nodiscard]] const lowest_layer_type& lowest_layer() const noexcept {
    return detail::lowest_layer_of<next_layer_type>::get(next_layer_);
  }

  // The connection underneath: session(), error(), key_update(). Data must go through the
  // stream, not through it.
  [[nodiscard]] Connection& connection() noexcept { return core_.connection(); }
  [[nodiscard]] const Connection& connection() const noexcept { return core_.connection(); }
  // What the handshake established; null before it completed.
  [[nodiscard]] const SessionInfo* session() const noexcept { return connection().session(); }

  // Handshake: runs until both sides hold the traffic keys (and, for a client, the server's
  // certificate has been verified).
  void handshake(handshake_type type) {
    boost::system::error_code ec;
    handshake(type, ec);
    if (ec) detail::throw_error(ec, "handshake");
  }
  BOOST_ASIO_SYNC_OP_VOID handshake(handshake_type type, boost::system::error_code& ec) {
    ec = detail::run_sync(next_layer_, core_, handshake_op(type)).ec;
    BOOST_ASIO_SYNC_OP_VOID_RETURN(ec);
  }
  template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(boost::system::error_code))
                HandshakeToken = boost::asio::default_completion_token_t<executor_type>>
  auto async_handshake(
      handshake_type type,
      HandshakeToken&& token = boost::asio::default_completion_token_t<executor_type>()) {
    return boost::asio::async_compose<HandshakeToken, void(boost::system::error_code)>(
        async(handshake_op(type)), token, next_layer_);
  }

  // Reads at least one byte of plaintext (0 only for empty buffers). boost::asio::error::eof
  // after the peer's close_notify; error::stream_truncated if the transport ends without it.
  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    const std::size_t read = read_some(buffers, ec);
    if (ec) detail::throw_error(ec, "read_some");
    return read;
  }
  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    const detail::outcome done =
        detail::run_sync(next_layer_, core_, detail::read_op<MutableBufferSequence>{buffers});
    ec = done.ec;
    return done.bytes;
  }
  template <class MutableBufferSequence,
            BOOST_ASIO_COMPLETION_TOKEN_FOR(void(boost::system::error_code, std::size_t))
                ReadToken = boost::asio::default_completion_token_t<executor_type>>
  auto async_read_some(
      const MutableBufferSequence& buffers,
      ReadToken&& token = boost::asio::default_completion_token_t<executor_type>()) {
    return boost::asio::async_compose<ReadToken, void(boost::system::error_code, std::size_t)>(
        async(detail::read_op<MutableBufferSequence>{buffers}), token, next_layer_);
  }

  // Encrypts up to one record (16 KiB) of the buffers, sends it, and returns how many
  // plaintext bytes it took.
  template <class ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers) {
    boost::system::error_code ec;
    const std::size_t written = write_some(buffers, ec);
    if (ec) detail::throw_error(ec, "write_some");
    return written;
  }
  template <class ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
    const detail::outcome done =
        detail::run_sync(next_layer_, core_, detail::write_op<ConstBufferSequence>{buffers});
    ec = done.ec;
    return done.ec ? 0 : done.bytes;
  }
  template <class ConstBufferSequence,
            BOOST_ASIO_COMPLETION_TOKEN_FOR(void(boost::system::error_code, std::size_t))
                WriteToken = boost::asio::default_completion_token_t<executor_type>>
  auto async_write_some(
      const ConstBufferSequence& buffers,
      WriteToken&& token = boost::asio::default_completion_token_t<executor_type>()) {
    return boost::asio::async_compose<WriteToken, void(boost::system::error_code, std::size_t)>(
        async(detail::write_op<ConstBufferSequence>{buffers}), token, next_layer_);
  }

  // Sends close_notify and waits for the peer's. A peer that closes the transport instead
  // gives error::stream_truncated, which a caller that only wanted to say goodbye may ignore.
  void shutdown() {
    boost::system::error_code ec;
    shutdown(ec);
    if (ec) detail::throw_error(ec, "shutdown");
  }
  BOOST_ASIO_SYNC_OP_VOID shutdown(boost::system::error_code& ec) {
    ec = detail::run_sync(next_layer_, core_, detail::shutdown_op{}).ec;
    BOOST_ASIO_SYNC_OP_VOID_RETURN(ec);
  }
  template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(boost::system::error_code))
                ShutdownToken = boost::asio::default_completion_token_t<executor_type>>
  auto async_shutdown(
      ShutdownToken&& token = boost::asio::default_completion_token_t<executor_type>()) {
    return boost::asio::async_compose<ShutdownToken, void(boost::system::error_code)>(
        async(detail::shutdown_op{}), token, next_layer_);
  }

 private:
  using core_type = detail::core<executor_type>;

  [[nodiscard]] detail::handshake_op handshake_op(handshake_type type) const noexcept {
    return detail::handshake_op{(type == client) == connection().is_client()};
  }

  template <class Op>
  [[nodiscard]] detail::async_op<next_layer_type, core_type, Op> async(Op op) {
    return {next_layer_, core_, std::move(op)};
  }

  NextLayer next_layer_;
  core_type core_;
};

}  // namespace cpptls::asio
