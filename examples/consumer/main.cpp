// A client and a server of the installed cpptls, connected in memory through the public API
// only: a full handshake, then one message each way and close_notify.
//
//   consumer CHAIN.pem KEY.pem CA.pem
//
// CHAIN.pem and KEY.pem are the server's certificate chain (for "localhost") and private key;
// CA.pem the authority the client trusts. Prints "consumer: ok" and exits 0 on success;
// prints "consumer: error: REASON" and exits 1 otherwise.

#include <cstdint>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/cpptls.hpp"

namespace {

struct Failure {
  std::string reason;
};

template <class T>
T checked(cpptls::Result<T> result, std::string_view what) {
  if (!result) throw Failure{std::string(what) + ": " + result.error().to_string()};
  return std::move(result).value();
}

void checked(cpptls::Result<void> result, std::string_view what) {
  if (!result) throw Failure{std::string(what) + ": " + result.error().to_string()};
}

// Moves what `from` has to send into `to`, and appends the plaintext `to` then has to
// `received`. Returns whether any byte moved.
bool transfer(cpptls::Connection& from, cpptls::Connection& to, std::string& received) {
  const auto pending = from.pending_tls();
  const std::vector<std::uint8_t> bytes(pending.begin(), pending.end());
  from.consume_tls(bytes.size());
  std::span<const std::uint8_t> rest(bytes);
  std::vector<std::uint8_t> buffer(4096);
  while (!rest.empty()) {
    // read_tls takes no more while plaintext waits, so read it before offering the rest.
    const std::size_t taken = checked(to.read_tls(rest), "read_tls");
    rest = rest.subspan(taken);
    std::size_t plaintext = 0;
    while (const std::size_t got = checked(to.read(buffer), "read")) {
      received.append(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got));
      plaintext += got;
    }
    if (taken == 0 && plaintext == 0) throw Failure{"a connection took no bytes"};
  }
  return !bytes.empty();
}

// Moves bytes both ways until neither side has anything left to send.
void pump(cpptls::Connection& client, cpptls::Connection& server, std::string& client_received,
          std::string& server_received) {
  for (int round = 0; round < 32; ++round) {
    const bool to_server = transfer(client, server, server_received);
    const bool to_client = transfer(server, client, client_received);
    if (!to_server && !to_client) return;
  }
  throw Failure{"the connections did not settle"};
}

void run(const std::string& chain_file, const std::string& key_file, const std::string& ca_file) {
  const auto& provider = cpptls::openssl_provider();

  cpptls::ServerConfig server_config;
  server_config.provider = &provider;
  server_config.credentials.push_back(
      checked(cpptls::Credential::from_pem_files(provider, chain_file, key_file), "credential"));

  cpptls::ClientConfig client_config;
  client_config.provider = &provider;
  client_config.trust = checked(cpptls::TrustAnchors::from_pem_file(ca_file), "trust anchors");
  client_config.server_name = "localhost";

  auto client = checked(cpptls::ClientConnection::create(client_config), "client");
  auto server = checked(cpptls::ServerConnection::create(server_config), "server");
  std::string client_received;
  std::string server_received;
  pump(client, server, client_received, server_received);
  if (!client.is_handshake_complete() || !server.is_handshake_complete())
    throw Failure{"the handshake did not complete"};
  const cpptls::SessionInfo& session = *client.session();
  if (!session.peer_verified) throw Failure{"the server's certificate was not verified"};

  const std::string request = "hello from the consumer";
  const std::string reply = "hello from the server";
  checked(client.write(request), "client write");
  pump(client, server, client_received, server_received);
  checked(server.write(reply), "server write");
  checked(server.close(), "server close");
  pump(client, server, client_received, server_received);
  if (server_received != request) throw Failure{"the server received \"" + server_received + "\""};
  if (client_received != reply) throw Failure{"the client received \"" + client_received + "\""};
  if (!client.io_state().peer_closed) throw Failure{"the client saw no close_notify"};

  std::cout << "consumer: cpptls " << cpptls::kVersion << ", " << session.version << " "
            << session.cipher_suite << ", peer " << session.peer_subject << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: consumer CHAIN.pem KEY.pem CA.pem\n";
    return 2;
  }
  try {
    run(argv[1], argv[2], argv[3]);
  } catch (const Failure& failure) {
    std::cout << "consumer: error: " << failure.reason << "\n";
    return 1;
  }
  std::cout << "consumer: ok\n";
  return 0;
}
