#include "cpptls/io/socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

namespace cpptls::io {
namespace {

[[nodiscard]] std::string errno_text(int error) {
  return std::strerror(error);
}

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const noexcept { ::freeaddrinfo(info); }
};

[[nodiscard]] std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  }
  return text;
}

[[nodiscard]] std::uint16_t port_of(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(address)->sin_port);
  }
  if (address->sa_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(address)->sin6_port);
  }
  return 0;
}

[[nodiscard]] Result<bool> wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  while (true) {
    const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR)
      return io_error(TlsErrorCode::socket_error, "poll failed: " + errno_text(errno));
  }
}

// One non-blocking connect attempt, finished within the timeout.
[[nodiscard]] Result<Socket> connect_one(const addrinfo& info, std::chrono::milliseconds timeout) {
  Socket socket(::socket(info.ai_family, info.ai_socktype | SOCK_CLOEXEC, info.ai_protocol));
  if (!socket.valid()) return io_error(TlsErrorCode::socket_error, "socket: " + errno_text(errno));
  const int flags = ::fcntl(socket.fd(), F_GETFL);
  ::fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
  if (::connect(socket.fd(), info.ai_addr, info.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return io_error(TlsErrorCode::connect_failed, errno_text(errno));
    auto writable = wait_writable(socket.fd(), timeout);
    if (!writable) return writable.error();
    if (!*writable) return io_error(TlsErrorCode::timeout, "timed out");
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return io_error(TlsErrorCode::connect_failed, errno_text(error));
  }
  ::fcntl(socket.fd(), F_SETFL, flags);
  const int one = 1;
  ::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return socket;
}

}  // namespace

Socket::Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Socket::~Socket() {
  reset();
}

void Socket::reset() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

TlsError io_error(TlsErrorCode code, std::string reason) {
  return TlsError(TlsErrorKind::io, code, 0, std::move(reason));
}

std::string host_port(const std::string& address, std::uint16_t port) {
  if (address.find(':') != std::string::npos) {
    return "[" + address + "]:" + std::to_string(port);
  }
  return address + ":" + std::to_string(port);
}

Result<bool> wait_readable(int fd, std::chrono::milliseconds timeout) {
  return wait_for(fd, POLLIN, timeout);
}

Result<bool> wait_writable(int fd, std::chrono::milliseconds timeout) {
  return wait_for(fd, POLLOUT, timeout);
}

Result<Socket> connect_tcp(const std::string& host, std::uint16_t port,
                           std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (status != 0) {
    return io_error(TlsErrorCode::resolve_failed,
                    "cannot resolve " + host + ": " + std::string(::gai_strerror(status)));
  }
  const std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  std::string last = "no address";
  for (const addrinfo* info = addresses.get(); info != nullptr; info = info->ai_next) {
    auto socket = connect_one(*info, timeout);
    if (socket) return socket;
    last = socket.error().reason();
  }
  return io_error(TlsErrorCode::connect_failed,
                  "cannot connect to " + host_port(host, port) + ": " + last);
}

Result<Listener> Listener::open(const std::string& address, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int status = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
  if (status != 0) {
    return io_error(TlsErrorCode::resolve_failed, "cannot listen on " + address + ": " +
                                                      std::string(::gai_strerror(status)) +
                                                      " (give a numeric address)");
  }
  const std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  const addrinfo& info = *addresses;
  Socket socket(::socket(info.ai_family, info.ai_socktype | SOCK_CLOEXEC, info.ai_protocol));
  if (!socket.valid()) return io_error(TlsErrorCode::socket_error, "socket: " + errno_text(errno));
  const int one = 1;
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(socket.fd(), info.ai_addr, info.ai_addrlen) != 0) {
    return io_error(TlsErrorCode::bind_failed,
                    "cannot listen on " + host_port(address, port) + ": " + errno_text(errno));
  }
  if (::listen(socket.fd(), 64) != 0) {
    return io_error(TlsErrorCode::listen_failed, "listen: " + errno_text(errno));
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&bound), &length);
  const auto* bound_address = reinterpret_cast<const sockaddr*>(&bound);
  return Listener(std::move(socket), address_text(bound_address), port_of(bound_address));
}

Result<Socket> Listener::accept(std::string* peer) {
  while (true) {
    sockaddr_storage from{};
    socklen_t length = sizeof from;
    const int fd =
        ::accept4(socket_.fd(), reinterpret_cast<sockaddr*>(&from), &length, SOCK_CLOEXEC);
    if (fd >= 0) {
      const auto* from_address = reinterpret_cast<const sockaddr*>(&from);
      if (peer != nullptr) *peer = host_port(address_text(from_address), port_of(from_address));
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return Socket(fd);
    }
    if (errno != EINTR && errno != ECONNABORTED) {
      return io_error(TlsErrorCode::accept_failed, "accept: " + errno_text(errno));
    }
  }
}

}  // namespace cpptls::io
