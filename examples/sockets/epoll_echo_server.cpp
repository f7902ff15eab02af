// A TLS echo server on one thread: non-blocking sockets, epoll, and the sans-I/O
// cpptls::ServerConnection driven by hand, with no thread and no blocking call per client.
//
//   epoll_echo_server CERT KEY PORT [CLIENTS]
//
// Listens on 127.0.0.1:PORT (0: any free port) and prints `listening on 127.0.0.1:PORT`.
// Every client gets its bytes back; its close_notify is answered with ours. One line per
// client on stderr when it ends ("closed cleanly" or the reason). With CLIENTS, exits 0 after
// that many clients have ended; without, runs until killed.
//
// The loop per readable or writable client: read what the socket has, offer it to the
// connection (read_tls), echo the plaintext that came out (read, write), send what the
// connection has for the peer (pending_tls), and ask epoll for writability only while some of
// that is left.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/cpptls.hpp"

namespace {

struct Client {
  int fd;
  std::string peer;
  cpptls::ServerConnection tls;
  std::vector<std::uint8_t> received;  // from the socket, not yet taken by the connection
  bool want_write = false;             // EPOLLOUT is on
};

// Sends what the connection has for the peer until the socket would block; false on a
// socket error.
bool flush(Client& client) {
  while (!client.tls.pending_tls().empty()) {
    const auto pending = client.tls.pending_tls();
    const ssize_t sent = ::send(client.fd, pending.data(), pending.size(), MSG_NOSIGNAL);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    client.tls.consume_tls(static_cast<std::size_t>(sent));
  }
  return true;
}

// What happened to a client in one round: still going, or ended with this line.
using Outcome = std::optional<std::string>;

Outcome pump(Client& client) {
  std::array<std::uint8_t, 16384> buffer{};
  bool socket_closed = false;
  for (;;) {  // what the socket has now
    const ssize_t got = ::recv(client.fd, buffer.data(), buffer.size(), 0);
    if (got > 0) {
      client.received.insert(client.received.end(), buffer.begin(), buffer.begin() + got);
      continue;
    }
    if (got == 0)
      socket_closed = true;
    else if (errno != EAGAIN && errno != EWOULDBLOCK)
      return "recv: " + std::string(std::strerror(errno));
    break;
  }
  for (;;) {  // offer the bytes, echo the plaintext; the connection takes no more while
              // plaintext waits
    auto taken = client.tls.read_tls(client.received);
    if (!taken) {
      (void)flush(client);  // the alert that tells the peer why
      return taken.error().reason();
    }
    client.received.erase(client.received.begin(),
                          client.received.begin() + static_cast<std::ptrdiff_t>(*taken));
    auto plain = client.tls.read(buffer);
    if (!plain) return plain.error().reason();
    if (*plain > 0) {
      if (auto echoed = client.tls.write(std::span(buffer.data(), *plain)); !echoed) {
        return echoed.error().reason();
      }
    }
    if (*taken == 0 && *plain == 0) break;
  }
  const cpptls::IoState state = client.tls.io_state();
  if (state.peer_closed && !state.close_sent) (void)client.tls.close();  // answer close_notify
  if (!flush(client)) return "send: " + std::string(std::strerror(errno));
  if (state.peer_closed && client.tls.pending_tls().empty()) return "closed cleanly";
  if (socket_closed) return "the client closed TCP without close_notify";
  return std::nullopt;
}

int listen_on(std::uint16_t port, std::uint16_t& bound) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  bound = ntohs(address.sin_port);
  return fd;
}

bool parse_number(std::string_view text, unsigned& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
  unsigned port = 0;
  unsigned clients_to_serve = 0;
  if (argc < 4 || argc > 5 || !parse_number(argv[3], port) || port > 65535 ||
      (argc == 5 && (!parse_number(argv[4], clients_to_serve) || clients_to_serve == 0))) {
    std::cerr << "usage: epoll_echo_server CERT KEY PORT [CLIENTS]\n";
    return 2;
  }
  cpptls::ServerConfig config;
  config.provider = &cpptls::openssl_provider();
  auto credential = cpptls::Credential::from_pem_files(*config.provider, argv[1], argv[2]);
  if (!credential) {
    std::cerr << "error: " << credential.error().reason() << "\n";
    return 1;
  }
  config.credentials = {*credential};

  std::uint16_t bound = 0;
  const int listener = listen_on(static_cast<std::uint16_t>(port), bound);
  const int events = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event watch{};
  watch.events = EPOLLIN;
  watch.data.fd = listener;
  if (listener < 0 || events < 0 || ::epoll_ctl(events, EPOLL_CTL_ADD, listener, &watch) != 0) {
    std::cerr << "error: cannot listen on 127.0.0.1:" << port << ": " << std::strerror(errno)
              << "\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << bound << std::endl;

  std::map<int, Client> clients;
  unsigned ended = 0;
  std::array<epoll_event, 64> ready{};
  while (clients_to_serve == 0 || ended < clients_to_serve) {
    const int count = ::epoll_wait(events, ready.data(), static_cast<int>(ready.size()), -1);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return 1;
    for (int i = 0; i < count; ++i) {
      const int fd = ready[static_cast<std::size_t>(i)].data.fd;
      if (fd == listener) {
        sockaddr_in from{};
        socklen_t length = sizeof from;
        int accepted = 0;
        while ((accepted = ::accept4(listener, reinterpret_cast<sockaddr*>(&from), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
          auto tls = cpptls::ServerConnection::create(config);
          if (!tls) {
            ::close(accepted);
            continue;
          }
          const std::string peer =
              std::string(inet_ntoa(from.sin_addr)) + ":" + std::to_string(ntohs(from.sin_port));
          clients.emplace(accepted, Client{accepted, peer, std::move(*tls), {}, false});
          epoll_event client_watch{};
          client_watch.events = EPOLLIN;
          client_watch.data.fd = accepted;
          ::epoll_ctl(events, EPOLL_CTL_ADD, accepted, &client_watch);
        }
        continue;
      }
      auto found = clients.find(fd);
      if (found == clients.end()) continue;
      Client& client = found->second;
      if (const Outcome ended_with = pump(client)) {
        std::cerr << client.peer << ": " << *ended_with << "\n";
        ::epoll_ctl(events, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        clients.erase(found);
        ++ended;
        continue;
      }
      // Writability matters only while bytes for the peer are left over.
      const bool want_write = !client.tls.pending_tls().empty();
      if (want_write != client.want_write) {
        epoll_event client_watch{};
        client_watch.events = EPOLLIN | (want_write ? EPOLLOUT : 0U);
        client_watch.data.fd = fd;
        ::epoll_ctl(events, EPOLL_CTL_MOD, fd, &client_watch);
        client.want_write = want_write;
      }
    }
  }
  ::close(events);
  ::close(listener);
  return 0;
}
