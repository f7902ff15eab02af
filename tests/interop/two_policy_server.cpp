// Two TLS servers in one process that share their session tickets (one ServerSessions), as
// servers behind one name often do, but not their client-auth policy: "open" asks for no
// client certificate, "strict" requires one. A real client (openssl s_client) takes a ticket
// from the first and offers it to the second, which must not let it skip the certificate
// (docs/design.md, security invariant 2). Used by tests/interop/interop.sh.
//
//   two_policy_server CHAIN KEY CLIENT_CA CONNECTIONS
//
// Prints "open 127.0.0.1:PORT" and "strict 127.0.0.1:PORT", then for each connection one line
// "NAME: resumed=yes|no peer=SUBJECT|- verified=yes|no" or "NAME: error: REASON", echoes one
// line of data back, and exits after CONNECTIONS connections (or 60 s).
#include <poll.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cpptls/cpptls.hpp"
#include "cpptls/io/socket.hpp"
#include "cpptls/io/tls_stream.hpp"

namespace {

using namespace std::chrono_literals;

struct Endpoint {
  std::string name;
  cpptls::ServerConfig config;
  std::optional<cpptls::io::Listener> listener;
};

void serve_one(Endpoint& endpoint) {
  auto socket = endpoint.listener->accept();
  if (!socket) return;
  auto connection = cpptls::ServerConnection::create(endpoint.config);
  if (!connection) {
    std::cout << endpoint.name << ": error: " << connection.error().to_string() << std::endl;
    return;
  }
  cpptls::io::TlsStream stream(std::move(*socket), std::move(*connection),
                               cpptls::io::Timeouts{5s, 5s, 5s});
  if (auto done = stream.handshake(); !done) {
    std::cout << endpoint.name << ": error: " << done.error().to_string() << std::endl;
    return;
  }
  const cpptls::SessionInfo& info = *stream.connection().session();
  std::cout << endpoint.name << ": resumed=" << (info.resumed ? "yes" : "no")
            << " peer=" << (info.peer_subject.empty() ? "-" : info.peer_subject)
            << " verified=" << (info.peer_verified ? "yes" : "no") << std::endl;
  std::array<std::uint8_t, 4096> buffer{};
  auto read = stream.read(buffer);
  if (read && *read > 0) (void)stream.write_all(std::span(buffer.data(), *read));
  (void)stream.close();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: two_policy_server CHAIN KEY CLIENT_CA CONNECTIONS\n";
    return 2;
  }
  const cpptls::crypto::Provider& provider = cpptls::openssl_provider();
  auto credential = cpptls::Credential::from_pem_files(provider, argv[1], argv[2]);
  auto client_ca = cpptls::TrustAnchors::from_pem_file(argv[3]);
  auto sessions = cpptls::ServerSessions::create(provider);
  if (!credential || !client_ca || !sessions) {
    std::cerr << "error: cannot load the credential, the client CA or make the sessions\n";
    return 1;
  }
  std::vector<Endpoint> endpoints(2);
  for (Endpoint& endpoint : endpoints) {
    endpoint.config.provider = &provider;
    endpoint.config.credentials = {*credential};
    endpoint.config.sessions = *sessions;
    auto listener = cpptls::io::Listener::open("127.0.0.1", 0);
    if (!listener) {
      std::cerr << "error: " << listener.error().to_string() << "\n";
      return 1;
    }
    endpoint.listener.emplace(std::move(*listener));
  }
  endpoints[0].name = "open";
  endpoints[1].name = "strict";
  endpoints[1].config.client_auth = cpptls::ServerConfig::ClientAuth::require;
  endpoints[1].config.client_trust = *client_ca;
  for (const Endpoint& endpoint : endpoints)
    std::cout << endpoint.name << " 127.0.0.1:" << endpoint.listener->port() << std::endl;

  const int wanted = std::atoi(argv[4]);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (int served = 0; served < wanted && std::chrono::steady_clock::now() < deadline;) {
    std::array<pollfd, 2> fds{};
    for (std::size_t i = 0; i < fds.size(); ++i)
      fds[i] = pollfd{endpoints[i].listener->fd(), POLLIN, 0};
    if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      serve_one(endpoints[i]);
      ++served;
    }
  }
  return 0;
}
