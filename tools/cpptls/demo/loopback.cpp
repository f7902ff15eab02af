#include "loopback.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace cpptls::tool::demo {
namespace {

constexpr std::chrono::milliseconds kTimeout{5000};

}  // namespace

Result<Loopback> open_loopback() {
  auto listener = io::Listener::open("127.0.0.1", 0);
  if (!listener) return listener.error();
  auto client = io::connect_tcp("127.0.0.1", listener->port(), kTimeout);
  if (!client) return client.error();
  Loopback loopback;
  auto server = listener->accept(&loopback.client_address);
  if (!server) return server.error();
  loopback.client = std::move(*client);
  loopback.server = std::move(*server);
  loopback.address = io::host_port(listener->address(), listener->port());
  return loopback;
}

Result<Bytes> carry(const io::Socket& from, const io::Socket& to, ByteView bytes) {
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(from.fd(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io::io_error(TlsErrorCode::send_failed, std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  Bytes received(bytes.size());
  for (std::size_t got = 0; got < received.size();) {
    auto ready = io::wait_readable(to.fd(), kTimeout);
    if (!ready) return ready.error();
    if (!*ready) return io::io_error(TlsErrorCode::timeout, "the wire went quiet");
    const ssize_t n = ::recv(to.fd(), received.data() + got, received.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io::io_error(TlsErrorCode::receive_failed, "the other end closed");
    got += static_cast<std::size_t>(n);
  }
  return received;
}

}  // namespace cpptls::tool::demo
