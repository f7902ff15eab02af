#pragma once
// Helpers for the tests of the public API: the test PKI (made once per script version with
// make-tls-pki.sh), configurations over it, and a client and a server connected in memory.

#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "cpptls/cpptls.hpp"

namespace cpptls::api_test {

using Bytes = std::vector<std::uint8_t>;
inline constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();

// The directory of make-tls-pki.sh's files; fails the test if the script could not run.
[[nodiscard]] const std::filesystem::path& pki_dir();
[[nodiscard]] std::string pki(std::string_view file);  // full path of a PKI file

// A server credential from chain-NAME.pem and leaf-NAME.key ("rsa", "ec", "expired", ...).
[[nodiscard]] Credential credential(std::string_view name);
[[nodiscard]] TrustAnchors anchors(std::string_view root);  // root-NAME.pem

// A client trusting root-rsa and root-ec, for host "localhost".
[[nodiscard]] ClientConfig client_config();
// A server with chain-rsa, or chain-ec when `ec`.
[[nodiscard]] ServerConfig server_config(bool ec = false);

struct Peer {
  std::optional<Connection> connection;
  Bytes received;
  std::optional<TlsError> error;
};

struct Pair {
  Peer client;
  Peer server;
};

// Creates both sides; the test fails if either creation fails.
[[nodiscard]] Pair make_pair(const ClientConfig& client, const ServerConfig& server);

[[nodiscard]] Bytes take_output(Peer& from);
// Offers `data` to `to` in chunks, reading plaintext as it comes; records the first error.
void deliver(const Bytes& data, Peer& to, std::size_t chunk = kWhole);
// Moves bytes both ways until neither side has anything to send or one has failed.
void pump(Pair& pair, std::size_t chunk = kWhole);
// make_pair, then pump; asserts that both sides completed the handshake.
[[nodiscard]] Pair connected(const ClientConfig& client, const ServerConfig& server,
                             std::size_t chunk = kWhole);

[[nodiscard]] Bytes pattern(std::size_t size, std::uint8_t seed = 5);

}  // namespace cpptls::api_test
