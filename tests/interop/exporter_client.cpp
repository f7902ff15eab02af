// A client that exports keying material (Connection::export_keying_material, RFC 5705 and
// RFC 8446 7.5) from a connection to a real server, for tests/interop/interop.sh to compare
// with what `openssl s_server -keymatexport LABEL -keymatexportlen LENGTH` prints.
//
//   exporter_client PORT CAFILE tls12|tls13 LABEL LENGTH
//
// Connects to 127.0.0.1:PORT as "localhost", verifying against CAFILE, and prints one line
// "exported: HEX" (no context: s_server exports without one), or "error: REASON" and exits 1.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cpptls/cpptls.hpp"
#include "cpptls/io/socket.hpp"
#include "cpptls/io/tls_stream.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  if (argc != 6) {
    std::cerr << "usage: exporter_client PORT CAFILE tls12|tls13 LABEL LENGTH\n";
    return 2;
  }
  const std::string version = argv[3];
  auto anchors = cpptls::TrustAnchors::from_pem_file(argv[2]);
  if (!anchors) {
    std::cout << "error: " << anchors.error().to_string() << "\n";
    return 1;
  }
  cpptls::ClientConfig config;
  config.provider = &cpptls::openssl_provider();
  config.trust = *anchors;
  config.server_name = "localhost";
  config.min_version = config.max_version =
      version == "tls13" ? cpptls::ProtocolVersion::tls13 : cpptls::ProtocolVersion::tls12;
  auto socket =
      cpptls::io::connect_tcp("127.0.0.1", static_cast<std::uint16_t>(std::atoi(argv[1])), 10s);
  if (!socket) {
    std::cout << "error: " << socket.error().to_string() << "\n";
    return 1;
  }
  auto client = cpptls::ClientConnection::create(config);
  if (!client) {
    std::cout << "error: " << client.error().to_string() << "\n";
    return 1;
  }
  cpptls::io::TlsStream stream(std::move(*socket), std::move(*client));
  if (auto done = stream.handshake(); !done) {
    std::cout << "error: " << done.error().to_string() << "\n";
    return 1;
  }
  std::vector<std::uint8_t> out(static_cast<std::size_t>(std::atoi(argv[5])));
  if (auto done = stream.connection().export_keying_material(out, argv[4], std::nullopt); !done) {
    std::cout << "error: " << done.error().to_string() << "\n";
    return 1;
  }
  std::string hex;
  for (const std::uint8_t byte : out) {
    char text[3];
    std::snprintf(text, sizeof text, "%02X", byte);
    hex += text;
  }
  std::cout << "exported: " << hex << std::endl;
  (void)stream.close();
  return 0;
}
