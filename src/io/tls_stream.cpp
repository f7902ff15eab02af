#include "cpptls/io/tls_stream.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace cpptls::io {
namespace {

// One receive: a full record and some.
constexpr std::size_t kReceiveSize = 18 * 1024;

[[nodiscard]] std::string seconds(std::chrono::milliseconds duration) {
  return std::to_string(duration.count() / 1000.0).substr(0, 4) + " s";
}

}  // namespace

TlsStream::TlsStream(Socket socket, Connection connection, Timeouts timeouts)
    : socket_(std::move(socket)), connection_(std::move(connection)), timeouts_(timeouts) {}

bool TlsStream::peer_closed() const noexcept {
  return connection_.io_state().peer_closed;
}

TlsError TlsStream::fail(const TlsError& error) {
  // The connection's alert, if it queued one, tells the peer why. Never wait for it long.
  const auto pending = connection_.pending_tls();
  if (!pending.empty() && socket_.valid()) {
    (void)::send(socket_.fd(), pending.data(), pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    connection_.consume_tls(pending.size());
  }
  return error;
}

Result<void> TlsStream::flush() {
  while (true) {
    const auto pending = connection_.pending_tls();
    if (pending.empty()) return {};
    const ssize_t sent = ::send(socket_.fd(), pending.data(), pending.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      connection_.consume_tls(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto writable = wait_writable(socket_.fd(), timeouts_.write);
      if (!writable) return writable.error();
      if (!*writable) {
        return io_error(TlsErrorCode::timeout,
                        "the peer took no data for " + seconds(timeouts_.write));
      }
      continue;
    }
    return io_error(TlsErrorCode::send_failed, std::string("send: ") + std::strerror(errno));
  }
}

Result<void> TlsStream::feed() {
  while (input_begin_ < input_.size()) {
    const std::span<const std::uint8_t> rest(input_.data() + input_begin_,
                                             input_.size() - input_begin_);
    auto taken = connection_.read_tls(rest);
    if (!taken) return fail(taken.error());
    input_begin_ += *taken;
    if (*taken == 0) break;  // plaintext waits to be read first
  }
  if (input_begin_ == input_.size()) {
    input_.clear();
    input_begin_ = 0;
  }
  return {};
}

Result<bool> TlsStream::receive(std::chrono::milliseconds timeout) {
  if (auto fed = feed(); !fed) return fed.error();
  if (connection_.io_state().plaintext_bytes_to_read > 0 || peer_closed()) return true;
  if (socket_eof_) {
    return io_error(TlsErrorCode::connection_truncated,
                    connection_.is_handshake_complete()
                        ? "the peer closed the connection without close_notify"
                        : "the peer closed the connection during the handshake "
                          "(state " +
                              std::string(connection_.state_name()) + ")");
  }
  auto readable = wait_readable(socket_.fd(), std::chrono::milliseconds(0));
  if (!readable) return readable.error();
  if (!*readable && timeout.count() > 0) {
    // About to wait for the peer: give back the buffers that hold nothing meanwhile.
    connection_.release_buffers();
    readable = wait_readable(socket_.fd(), timeout);
    if (!readable) return readable.error();
  }
  if (!*readable) return false;

  const std::size_t start = input_.size();
  input_.resize(start + kReceiveSize);
  ssize_t received = 0;
  do {
    received = ::recv(socket_.fd(), input_.data() + start, kReceiveSize, 0);
  } while (received < 0 && errno == EINTR);
  if (received < 0) {
    input_.resize(start);
    return io_error(TlsErrorCode::receive_failed, std::string("recv: ") + std::strerror(errno));
  }
  input_.resize(start + static_cast<std::size_t>(received));
  if (received == 0) socket_eof_ = true;
  if (auto fed = feed(); !fed) return fed.error();
  // Answers the peer may need (handshake flights, alerts) go out at once.
  if (auto flushed = flush(); !flushed) return flushed.error();
  return true;
}

Result<void> TlsStream::handshake() {
  const auto deadline = std::chrono::steady_clock::now() + timeouts_.handshake;
  while (true) {
    if (auto flushed = flush(); !flushed) return flushed.error();
    if (connection_.is_handshake_complete()) return {};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return io_error(TlsErrorCode::timeout, "the handshake did not complete within " +
                                                 seconds(timeouts_.handshake) + " (state " +
                                                 std::string(connection_.state_name()) + ")");
    }
    auto received = receive(left);
    if (!received) return received.error();
    if (peer_closed() && !connection_.is_handshake_complete()) {
      return io_error(TlsErrorCode::closed_during_handshake,
                      "the peer sent close_notify during the handshake");
    }
  }
}

Result<std::size_t> TlsStream::read_buffered(std::span<std::uint8_t> out) {
  auto read = connection_.read(out);
  if (!read) return fail(read.error());
  if (*read > 0) {
    if (auto fed = feed(); !fed) return fed.error();
  }
  return *read;
}

Result<std::size_t> TlsStream::read(std::span<std::uint8_t> out) {
  while (true) {
    auto buffered = read_buffered(out);
    if (!buffered) return buffered;
    if (*buffered > 0 || peer_closed()) return *buffered;
    auto received = receive(timeouts_.read);
    if (!received) return received.error();
    if (!*received) {
      return io_error(TlsErrorCode::timeout,
                      "no data from the peer for " + seconds(timeouts_.read));
    }
  }
}

Result<void> TlsStream::write_all(std::span<const std::uint8_t> data) {
  // A few records at a time, so that the output buffer stays small.
  constexpr std::size_t kChunk = 4 * 16384;
  while (!data.empty()) {
    const auto piece = data.first(std::min(kChunk, data.size()));
    auto written = connection_.write(piece);
    if (!written) return fail(written.error());
    data = data.subspan(piece.size());
    if (auto flushed = flush(); !flushed) return flushed.error();
  }
  return {};
}

Result<void> TlsStream::close() {
  if (!connection_.io_state().close_sent) {
    auto closed = connection_.close();
    if (!closed) return fail(closed.error());
  }
  return flush();
}

Result<void> TlsStream::close_and_wait() {
  if (auto closed = close(); !closed) return closed;
  std::vector<std::uint8_t> discard(4096);
  while (!peer_closed()) {
    auto read = this->read(discard);
    if (!read) return read.error();
  }
  return {};
}

}  // namespace cpptls::io
