#pragma once
// A cpptls client and server connected in memory through the public API (what users link,
// cpptls::cpptls): each side's pending_tls() is copied into a buffer standing for the socket,
// which is then offered to the other side's read_tls(), as a caller with a socket would do.
//
// Failures throw std::runtime_error with the library's reason; the benchmarks turn that into
// SkipWithError.

#include <cpptls/cpptls.hpp>
#include <cstddef>
#include <cstdint>
#include <span>

#include "scenarios.hpp"

namespace cpptls_bench {

struct CpptlsConfigs {
  cpptls::ClientConfig client;
  cpptls::ServerConfig server;
};

// Both sides offer only the scenario's suite and group; the client trusts the root of the
// scenario's PKI and checks kHost. Throws when the credential or anchors do not load.
[[nodiscard]] CpptlsConfigs cpptls_configs(const Scenario& scenario);

class CpptlsPair {
 public:
  // Creates both connections; the ClientHello is pending.
  explicit CpptlsPair(const CpptlsConfigs& configs);

  // Moves bytes both ways until both sides have completed the handshake.
  void handshake();
  // Throws unless both sides negotiated what `scenario` asks and the client verified the
  // server's chain.
  void expect_negotiated(const Scenario& scenario) const;

  // Writes `data` at the client and reads it all at the server into `scratch`; returns the
  // number of plaintext bytes the server read.
  std::size_t send_to_server(std::span<const std::uint8_t> data, std::span<std::uint8_t> scratch);
  // The same from the server to the client.
  std::size_t send_to_client(std::span<const std::uint8_t> data, std::span<std::uint8_t> scratch);

  cpptls::ClientConnection& client() { return client_; }
  cpptls::ServerConnection& server() { return server_; }

 private:
  cpptls::ClientConnection client_;
  cpptls::ServerConnection server_;
};

}  // namespace cpptls_bench
