#include "api_test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace cpptls::api_test {
namespace {

std::filesystem::path make_pki() {
  const std::filesystem::path script = CPPTLS_TLS_PKI_SCRIPT;
  std::ifstream in(script);
  std::stringstream content;
  content << in.rdbuf();
  const auto version = std::hash<std::string>{}(content.str());
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpptls-tls-pki-" + std::to_string(version));
  if (std::filesystem::exists(dir / "chain-other.pem")) return dir;
  // Made in a private directory and renamed into place, so that test processes running at
  // once never see a half-made PKI.
  const auto scratch =
      std::filesystem::temp_directory_path() / ("cpptls-tls-pki-tmp-" + std::to_string(::getpid()));
  std::filesystem::remove_all(scratch);
  const std::string command = "bash '" + script.string() + "' '" + scratch.string() + "'";
  if (std::system(command.c_str()) != 0) return {};
  std::error_code ignored;
  std::filesystem::rename(scratch, dir, ignored);
  std::filesystem::remove_all(scratch, ignored);  // another process won the race
  return std::filesystem::exists(dir / "chain-other.pem") ? dir : std::filesystem::path();
}

}  // namespace

const std::filesystem::path& pki_dir() {
  static const std::filesystem::path dir = make_pki();
  EXPECT_FALSE(dir.empty()) << "make-tls-pki.sh failed";
  return dir;
}

std::string pki(std::string_view file) {
  return (pki_dir() / file).string();
}

Credential credential(std::string_view name) {
  auto made =
      Credential::from_pem_files(openssl_provider(), pki("chain-" + std::string(name) + ".pem"),
                                 pki("leaf-" + std::string(name) + ".key"));
  EXPECT_TRUE(made.has_value()) << made.error().to_string();
  return std::move(made).value();
}

TrustAnchors anchors(std::string_view root) {
  auto made = TrustAnchors::from_pem_file(pki("root-" + std::string(root) + ".pem"));
  EXPECT_TRUE(made.has_value()) << made.error().to_string();
  return made ? *made : TrustAnchors();
}

ClientConfig client_config() {
  static const TrustAnchors both = [] {
    std::ifstream rsa(pki("root-rsa.pem"));
    std::ifstream ec(pki("root-ec.pem"));
    std::stringstream text;
    text << rsa.rdbuf() << ec.rdbuf();
    auto made = TrustAnchors::from_pem(text.str());
    EXPECT_TRUE(made.has_value());
    return made ? *made : TrustAnchors();
  }();
  ClientConfig config;
  config.provider = &openssl_provider();
  config.trust = both;
  config.server_name = "localhost";
  return config;
}

ServerConfig server_config(bool ec) {
  ServerConfig config;
  config.provider = &openssl_provider();
  config.credentials.push_back(credential(ec ? "ec" : "rsa"));
  return config;
}

Pair make_pair(const ClientConfig& client, const ServerConfig& server) {
  Pair pair;
  auto made_client = ClientConnection::create(client);
  EXPECT_TRUE(made_client.has_value()) << made_client.error().to_string();
  if (made_client) pair.client.connection.emplace(std::move(*made_client));
  auto made_server = ServerConnection::create(server);
  EXPECT_TRUE(made_server.has_value()) << made_server.error().to_string();
  if (made_server) pair.server.connection.emplace(std::move(*made_server));
  return pair;
}

Bytes take_output(Peer& from) {
  if (!from.connection) return {};
  const auto pending = from.connection->pending_tls();
  Bytes out(pending.begin(), pending.end());
  from.connection->consume_tls(out.size());
  return out;
}

void deliver(const Bytes& data, Peer& to, std::size_t chunk) {
  if (!to.connection || to.error) return;
  Bytes buffer(8192);
  std::size_t offset = 0;
  while (offset < data.size()) {
    const std::size_t length = std::min(chunk, data.size() - offset);
    std::span<const std::uint8_t> piece(data.data() + offset, length);
    while (!piece.empty()) {
      auto taken = to.connection->read_tls(piece);
      if (!taken) {
        to.error = taken.error();
        return;
      }
      piece = piece.subspan(*taken);
      while (true) {
        auto read = to.connection->read(buffer);
        if (!read) {
          to.error = read.error();
          return;
        }
        if (*read == 0) break;
        to.received.insert(to.received.end(), buffer.begin(),
                           buffer.begin() + static_cast<std::ptrdiff_t>(*read));
      }
      if (*taken == 0 && !piece.empty() && !to.connection->io_state().peer_closed) {
        ADD_FAILURE() << "the connection took no bytes and has no plaintext";
        return;
      }
    }
    offset += length;
  }
}

void pump(Pair& pair, std::size_t chunk) {
  for (int round = 0; round < 64; ++round) {
    const Bytes to_server = take_output(pair.client);
    const Bytes to_client = take_output(pair.server);
    if (to_server.empty() && to_client.empty()) return;
    deliver(to_server, pair.server, chunk);
    deliver(to_client, pair.client, chunk);
  }
  ADD_FAILURE() << "the pair did not settle";
}

Pair connected(const ClientConfig& client, const ServerConfig& server, std::size_t chunk) {
  Pair pair = make_pair(client, server);
  pump(pair, chunk);
  EXPECT_FALSE(pair.client.error) << pair.client.error->to_string();
  EXPECT_FALSE(pair.server.error) << pair.server.error->to_string();
  EXPECT_TRUE(pair.client.connection && pair.client.connection->is_handshake_complete());
  EXPECT_TRUE(pair.server.connection && pair.server.connection->is_handshake_complete());
  return pair;
}

Bytes pattern(std::size_t size, std::uint8_t seed) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<std::uint8_t>(seed * 13 + i * 5 + (i >> 9));
  return out;
}

}  // namespace cpptls::api_test
