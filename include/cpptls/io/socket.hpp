#pragma once
// Blocking TCP sockets (POSIX): connect with a timeout, listen, accept; what TlsStream
// (cpptls/io/tls_stream.hpp) runs on. Only these adapters do I/O; the library below them takes
// and gives bytes.
//
// Thread-safety: Socket and Listener are move-only owners of one descriptor, used by one thread
// at a time.

#include <chrono>
#include <cstdint>
#include <string>

#include "cpptls/result.hpp"

namespace cpptls::io {

// Owns a socket descriptor; closes it when destroyed.
class Socket {
 public:
  Socket() noexcept = default;
  explicit Socket(int fd) noexcept : fd_(fd) {}
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
  void reset() noexcept;

 private:
  int fd_ = -1;
};

// An error of kind io with this code and reason.
[[nodiscard]] TlsError io_error(TlsErrorCode code, std::string reason);

// Connects to host:port (a name or an address literal), trying each address in turn; each
// attempt may take `timeout`.
[[nodiscard]] Result<Socket> connect_tcp(const std::string& host, std::uint16_t port,
                                         std::chrono::milliseconds timeout);

class Listener {
 public:
  // Binds address:port (port 0 picks a free port) and listens.
  [[nodiscard]] static Result<Listener> open(const std::string& address, std::uint16_t port);

  // The address and port actually bound ("127.0.0.1", 4433).
  [[nodiscard]] const std::string& address() const noexcept { return address_; }
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  // For callers that wait on several listeners with poll().
  [[nodiscard]] int fd() const noexcept { return socket_.fd(); }

  // Waits for the next connection; "peer" receives "ADDR:PORT" of the client.
  [[nodiscard]] Result<Socket> accept(std::string* peer = nullptr);

 private:
  Listener(Socket socket, std::string address, std::uint16_t port) noexcept
      : socket_(std::move(socket)), address_(std::move(address)), port_(port) {}
  Socket socket_;
  std::string address_;
  std::uint16_t port_ = 0;
};

// "ADDR:PORT", with brackets around an IPv6 address.
[[nodiscard]] std::string host_port(const std::string& address, std::uint16_t port);

// Waits until `fd` is readable (or writable) or `timeout` passes; false on timeout.
[[nodiscard]] Result<bool> wait_readable(int fd, std::chrono::milliseconds timeout);
[[nodiscard]] Result<bool> wait_writable(int fd, std::chrono::milliseconds timeout);

}  // namespace cpptls::io
