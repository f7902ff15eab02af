#include "cpptls_pair.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cpptls_bench {
namespace {

[[noreturn]] void fail(const std::string& what, const cpptls::TlsError& error) {
  throw std::runtime_error("cpptls: " + what + ": " + error.to_string());
}

template <class T>
T take(cpptls::Result<T> result, const char* what) {
  if (!result) fail(what, result.error());
  return std::move(result).value();
}

// The bytes in flight between the two sides, as in a socket: each side's output is copied
// into it, and the receiver copies them out into its own buffer (read_tls), the same two copies
// that libssl's memory BIOs make (BIO_write by the sender, BIO_read by the receiver). One buffer
// shared by every pair, as the kernel's would be, so it is not counted as a connection's memory.
std::vector<std::uint8_t>& wire() {
  static std::vector<std::uint8_t> buffer = [] {
    std::vector<std::uint8_t> made;
    made.reserve(64 * 1024);  // a whole flight or a 16 KiB record, without growing
    return made;
  }();
  return buffer;
}

// Moves everything `from` has to send into the wire; returns the wire.
std::span<const std::uint8_t> send(cpptls::Connection& from) {
  const auto pending = from.pending_tls();
  wire().assign(pending.begin(), pending.end());
  from.consume_tls(pending.size());
  return wire();
}

// Offers everything `from` has to send to `to`; returns whether there was anything.
bool deliver(cpptls::Connection& from, cpptls::Connection& to) {
  std::span<const std::uint8_t> bytes = send(from);
  if (bytes.empty()) return false;
  while (!bytes.empty()) {
    const std::size_t taken = take(to.read_tls(bytes), "read_tls");
    // During the handshake nothing is held back for the application, so a whole flight is
    // always taken.
    if (taken == 0) throw std::runtime_error("cpptls: read_tls took nothing");
    bytes = bytes.subspan(taken);
  }
  return true;
}

}  // namespace

CpptlsConfigs cpptls_configs(const Scenario& scenario) {
  const Pki& keys = pki(scenario.key);
  const auto& provider = cpptls::openssl_provider();
  CpptlsConfigs configs;
  configs.client.provider = &provider;
  configs.client.trust = take(cpptls::TrustAnchors::from_pem(keys.root_pem), "trust anchors");
  configs.client.server_name = kHost;
  configs.client.cipher_suites = {scenario.suite};
  configs.client.groups = {scenario.group, kSecondGroup};
  configs.server.provider = &provider;
  configs.server.credentials.push_back(
      take(cpptls::Credential::from_pem(provider, keys.chain_pem, keys.key_pem), "credential"));
  configs.server.cipher_suites = {scenario.suite};
  configs.server.groups = {scenario.group, kSecondGroup};
  // The suite decides the version: a list without a TLS 1.3 suite leaves TLS 1.3 off.
  return configs;
}

CpptlsPair::CpptlsPair(const CpptlsConfigs& configs)
    : client_(take(cpptls::ClientConnection::create(configs.client), "client")),
      server_(take(cpptls::ServerConnection::create(configs.server), "server")) {}

void CpptlsPair::handshake() {
  for (int flight = 0; flight < 16; ++flight) {
    const bool to_server = deliver(client_, server_);
    const bool to_client = deliver(server_, client_);
    if (!to_server && !to_client) break;
  }
  if (!client_.is_handshake_complete() || !server_.is_handshake_complete()) {
    throw std::runtime_error("cpptls: the handshake did not complete (client in " +
                             std::string(client_.state_name()) + ", server in " +
                             std::string(server_.state_name()) + ")");
  }
}

void CpptlsPair::expect_negotiated(const Scenario& scenario) const {
  const std::string_view version = scenario.version == Version::tls12 ? "TLSv1.2" : "TLSv1.3";
  for (const cpptls::Connection* side : {static_cast<const cpptls::Connection*>(&client_),
                                         static_cast<const cpptls::Connection*>(&server_)}) {
    const cpptls::SessionInfo* session = side->session();
    if (session == nullptr || session->version != version ||
        session->cipher_suite != cpptls::name(scenario.suite) ||
        session->group !=
            (uses_key_transport(scenario.suite) ? "" : cpptls::name(scenario.group)) ||
        (scenario.version == Version::tls12 && !session->extended_master_secret) ||
        session->resumed) {
      throw std::runtime_error("cpptls: negotiated something else than " +
                               std::string(scenario.name));
    }
  }
  if (!client_.session()->peer_verified) {
    throw std::runtime_error("cpptls: the client did not verify the server");
  }
}

namespace {

// Writes `data` at `from` and reads it all at `to` into `scratch`; returns the plaintext bytes
// `to` read.
std::size_t transfer(cpptls::Connection& from, cpptls::Connection& to,
                     std::span<const std::uint8_t> data, std::span<std::uint8_t> scratch) {
  if (take(from.write(data), "write") != data.size()) {
    throw std::runtime_error("cpptls: short write");
  }
  std::span<const std::uint8_t> bytes = send(from);
  std::size_t received = 0;
  while (!bytes.empty()) {
    const std::size_t taken = take(to.read_tls(bytes), "read_tls");
    bytes = bytes.subspan(taken);
    std::size_t read_now = 0;
    while (const std::size_t read = take(to.read(scratch), "read"))
      read_now += read;
    received += read_now;
    if (taken == 0 && read_now == 0) {
      throw std::runtime_error("cpptls: the receiver took no bytes and has no plaintext");
    }
  }
  return received;
}

}  // namespace

std::size_t CpptlsPair::send_to_server(std::span<const std::uint8_t> data,
                                       std::span<std::uint8_t> scratch) {
  return transfer(client_, server_, data, scratch);
}

std::size_t CpptlsPair::send_to_client(std::span<const std::uint8_t> data,
                                       std::span<std::uint8_t> scratch) {
  return transfer(server_, client_, data, scratch);
}

}  // namespace cpptls_bench
