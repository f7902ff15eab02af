#pragma once
// A blocking TLS stream over a connected socket (POSIX): it pumps a sans-I/O
// cpptls::Connection (handshake, read, write, close), waiting on the socket with a timeout at
// every step. Part of cpptls::cpptls; the core below it owns no socket.
//
//   auto socket = cpptls::io::connect_tcp(host, port, std::chrono::seconds(10));
//   auto client = cpptls::ClientConnection::create(config);
//   cpptls::io::TlsStream stream(std::move(*socket), std::move(*client));
//   if (auto done = stream.handshake(); !done) fail(done.error());
//   stream.write_all(request); n = stream.read(buffer); stream.close_and_wait();
//
// When the connection fails, the alert it queued is sent (best effort) before the error is
// returned. A peer that closes TCP without close_notify is reported as an io error
// (TlsErrorCode::connection_truncated), since an attacker can cut a connection short
// (RFC 5246 7.2.1); a wait that runs out is TlsErrorCode::timeout.
//
// Thread-safety: a TlsStream is used by one thread at a time (it owns its socket and
// connection); distinct streams are independent.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cpptls/connection.hpp"
#include "cpptls/io/socket.hpp"
#include "cpptls/result.hpp"

namespace cpptls::io {

struct Timeouts {
  std::chrono::milliseconds handshake{10000};
  std::chrono::milliseconds read{30000};   // each wait for data
  std::chrono::milliseconds write{30000};  // each wait for the socket to take bytes
};

class TlsStream {
 public:
  TlsStream(Socket socket, Connection connection, Timeouts timeouts = {});

  // Runs the handshake to completion.
  [[nodiscard]] Result<void> handshake();

  // Plaintext, waiting up to the read timeout for some; 0 once the peer has sent close_notify.
  [[nodiscard]] Result<std::size_t> read(std::span<std::uint8_t> out);
  // Plaintext already received, without waiting (0 if none).
  [[nodiscard]] Result<std::size_t> read_buffered(std::span<std::uint8_t> out);
  // Waits up to `timeout` for bytes from the peer and processes what arrived; false on
  // timeout. For callers that poll the socket themselves, with a zero timeout.
  [[nodiscard]] Result<bool> receive(std::chrono::milliseconds timeout);

  // Encrypts and sends all of `data`.
  [[nodiscard]] Result<void> write_all(std::span<const std::uint8_t> data);
  // Sends close_notify.
  [[nodiscard]] Result<void> close();
  // Sends close_notify (unless sent), then reads and discards until the peer's close_notify.
  [[nodiscard]] Result<void> close_and_wait();

  [[nodiscard]] bool peer_closed() const noexcept;
  [[nodiscard]] Connection& connection() noexcept { return connection_; }
  [[nodiscard]] int fd() const noexcept { return socket_.fd(); }

 private:
  // Sends everything pending; each wait bounded by the write timeout.
  [[nodiscard]] Result<void> flush();
  // On a connection error: sends its alert if the socket takes it at once, then the error.
  [[nodiscard]] TlsError fail(const TlsError& error);
  // Offers buffered socket bytes to the connection.
  [[nodiscard]] Result<void> feed();

  Socket socket_;
  Connection connection_;
  Timeouts timeouts_;
  std::vector<std::uint8_t> input_;  // received from the socket, not yet taken
  std::size_t input_begin_ = 0;
  bool socket_eof_ = false;
};

}  // namespace cpptls::io
