#include "transport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cpptls::bogo {
namespace {

[[nodiscard]] std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

[[nodiscard]] bool connect_loopback(int fd, int port, bool ipv6) {
  if (ipv6) {
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(static_cast<std::uint16_t>(port));
    address.sin6_addr = in6addr_loopback;
    return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

}  // namespace

std::optional<Transport> Transport::connect(int port, bool ipv6, std::uint64_t shim_id,
                                            Status& status) {
  const int fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    status = Status::failure(errno_text("socket"));
    return std::nullopt;
  }
  Transport transport(fd);
  if (!connect_loopback(fd, port, ipv6)) {
    status = Status::failure(errno_text("connect"));
    return std::nullopt;
  }
  // Small records must reach the runner at once: several tests time each flight.
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  std::uint8_t id[8];
  for (std::size_t i = 0; i < sizeof id; ++i)
    id[i] = static_cast<std::uint8_t>(shim_id >> (8 * i));
  status = transport.send_all(id);
  if (!status.ok()) return std::nullopt;
  return transport;
}

Transport::Transport(Transport&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

Transport::~Transport() {
  if (fd_ >= 0) ::close(fd_);
}

Status Transport::send_all(std::span<const std::uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return Status::failure(errno_text("send"));
    }
    bytes = bytes.subspan(static_cast<std::size_t>(sent));
  }
  return Status::success();
}

Status Transport::receive(std::span<std::uint8_t> buffer, std::size_t& received) {
  while (true) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (got >= 0) {
      received = static_cast<std::size_t>(got);
      return Status::success();
    }
    if (errno == EINTR) continue;
    // A reset after the runner's last record is a closed connection, not a shim failure.
    if (errno == ECONNRESET) {
      received = 0;
      return Status::success();
    }
    return Status::failure(errno_text("recv"));
  }
}

}  // namespace cpptls::bogo
