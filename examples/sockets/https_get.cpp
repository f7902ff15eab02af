// An HTTPS GET over the blocking socket stream (include/cpptls/io), for a program without an
// event loop:
//
//   https_get HOST PORT PATH [CAFILE]
//
// The server's certificate must be valid for HOST and lead to a CA in CAFILE (else in the
// system's store). Prints the whole response on stdout and exits 0 once the server's
// close_notify ended it; any failure prints `error: REASON` and exits 1; a usage error exits 2.

#include <charconv>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/cpptls.hpp"
#include "cpptls/io/tls_stream.hpp"

namespace {

int fail(const cpptls::TlsError& error) {
  std::cerr << "error: " << error.reason() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  const std::string_view port_text = argc > 2 ? argv[2] : "";
  const auto parsed = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (argc < 4 || argc > 5 || parsed.ec != std::errc() || port == 0) {
    std::cerr << "usage: https_get HOST PORT PATH [CAFILE]\n";
    return 2;
  }
  const std::string host = argv[1];
  const std::string path = argv[3];

  cpptls::ClientConfig config;
  config.provider = &cpptls::openssl_provider();
  config.server_name = host;  // sent as SNI, and the name the certificate must be valid for
  config.alpn = {"http/1.1"};
  if (argc == 5) {
    auto anchors = cpptls::TrustAnchors::from_pem_file(argv[4]);
    if (!anchors) return fail(anchors.error());
    config.trust = std::move(*anchors);
  }

  auto socket = cpptls::io::connect_tcp(host, port, std::chrono::seconds(10));
  if (!socket) return fail(socket.error());
  auto connection = cpptls::ClientConnection::create(config);
  if (!connection) return fail(connection.error());
  cpptls::io::TlsStream stream(std::move(*socket), std::move(*connection));
  if (auto done = stream.handshake(); !done) return fail(done.error());
  const cpptls::SessionInfo& session = *stream.connection().session();
  std::cerr << "tls: " << session.version << " " << session.cipher_suite
            << " peer=" << session.peer_subject << "\n";

  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(request.data());
  if (auto sent = stream.write_all(std::span(bytes, request.size())); !sent) {
    return fail(sent.error());
  }
  // Read to the server's close_notify: a connection cut without it may have lost data
  // (TlsErrorCode::connection_truncated).
  std::vector<std::uint8_t> buffer(16384);
  for (;;) {
    auto got = stream.read(buffer);
    if (!got) return fail(got.error());
    if (*got == 0) break;
    std::cout.write(reinterpret_cast<const char*>(buffer.data()),
                    static_cast<std::streamsize>(*got));
  }
  std::cout.flush();
  if (auto closed = stream.close(); !closed) return fail(closed.error());
  return std::cout ? 0 : 1;
}
