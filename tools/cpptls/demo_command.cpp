// `cpptls demo [--seed] [--html FILE]`
//
// Runs a TLS handshake between a client and a server of this library on 127.0.0.1 and tells
// it as the classic handshake does, in its eleven steps (docs/handshake-steps.md), with the real
// values. A throwaway CA and server certificate are made at run time. The client and the server are
// two public-API connections; this command carries their bytes over a TCP socket pair and reads
// them on the way, as Wireshark would with an SSLKEYLOGFILE: records are decrypted with keys
// derived from the key log lines each side gives, so every value shown was read off the wire.
//
// --seed   the classic handshake: TLS 1.2, RSA key transport (TLS_RSA_WITH_AES_128_GCM_SHA256),
//          an RSA-2048 certificate. Without it: TLS 1.3 with x25519, TLS_AES_128_GCM_SHA256 and
//          an ECDSA P-256 certificate, and where that differs from the classic handshake.
// --html   also writes FILE: a self-contained page with the handshake as a sequence diagram.

#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "cpptls/config.hpp"
#include "cpptls/connection.hpp"

#include "commands.hpp"
#include "demo/html_writer.hpp"
#include "demo/key_log_book.hpp"
#include "demo/loopback.hpp"
#include "demo/narration.hpp"
#include "demo/narrator.hpp"
#include "demo/throwaway_pki.hpp"
#include "demo/wire_observer.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

using demo::Sender;

constexpr std::string_view kDemoUsage =
    "usage: cpptls demo [--seed] [--html FILE]\n"
    "Runs a TLS handshake between a client and a server on 127.0.0.1 and narrates the eleven\n"
    "steps of the classic SSL/TLS handshake with the values read off the wire (a throwaway CA and "
    "certificate are made\n"
    "for the run and never saved).\n"
    "  --seed       TLS 1.2 with RSA key transport (TLS_RSA_WITH_AES_128_GCM_SHA256), the\n"
    "               classic handshake itself; default: TLS 1.3 (x25519, TLS_AES_128_GCM_SHA256)\n"
    "  --html FILE  also write the handshake as a sequence diagram to FILE (a standalone page)\n";

constexpr std::string_view kClientMessage = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
constexpr std::string_view kServerMessage = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";

struct DemoArgs {
  bool seed = false;
  std::optional<std::string> html;
};

// The two connections, the wire between them and the observer on it.
struct Stage {
  const crypto::Provider* provider = nullptr;
  demo::ThrowawayPki pki;
  demo::KeyLogBook logs;
  demo::Loopback wire;
  std::optional<ClientConnection> client;
  std::optional<ServerConnection> server;
  std::optional<demo::WireObserver> observer;
  std::optional<demo::Narrator> narrator;
  std::string received[2];  // plaintext each side read: [0] client, [1] server
};

[[nodiscard]] std::string describe(const TlsError& error) {
  return error.to_string();
}

// Reads the plaintext a connection has ready into `into`.
[[nodiscard]] bool drain_plaintext(Connection& connection, std::string& into) {
  std::uint8_t buffer[4096];
  while (connection.io_state().plaintext_bytes_to_read > 0) {
    auto n = connection.read(buffer);
    if (!n) return false;
    into.append(as_chars(ByteView(buffer, *n)));
  }
  return true;
}

// Moves what `sender` has pending across the wire, lets the observer read it, hands it to the
// receiver, then narrates it. Returns whether anything moved; an error string on failure.
[[nodiscard]] Expected<bool> move_flight(Stage& stage, Sender sender) {
  Connection& from = sender == Sender::client ? static_cast<Connection&>(*stage.client)
                                              : static_cast<Connection&>(*stage.server);
  Connection& to = sender == Sender::client ? static_cast<Connection&>(*stage.server)
                                            : static_cast<Connection&>(*stage.client);
  const auto pending = from.pending_tls();
  if (pending.empty()) return false;
  const Bytes flight(pending.begin(), pending.end());
  from.consume_tls(flight.size());
  const io::Socket& out = sender == Sender::client ? stage.wire.client : stage.wire.server;
  const io::Socket& in = sender == Sender::client ? stage.wire.server : stage.wire.client;
  auto received = demo::carry(out, in, flight);
  if (!received) return internal_failure("the wire: " + describe(received.error()));

  auto messages = stage.observer->observe(sender, *received);
  if (!messages) {
    return internal_failure("the observer could not read the wire: " + messages.error().reason());
  }
  std::string& plaintext = stage.received[sender == Sender::client ? 1 : 0];
  for (std::size_t offset = 0; offset < received->size();) {
    auto taken = to.read_tls(ByteView(*received).subspan(offset));
    if (!taken) return internal_failure(describe(taken.error()));
    offset += *taken;
    if (!drain_plaintext(to, plaintext)) return internal_failure("reading plaintext failed");
    if (*taken == 0 && offset < received->size() && to.io_state().peer_closed) break;
  }
  if (auto told = stage.narrator->narrate(*messages); !told) {
    return internal_failure("narrating: " + told.error().reason());
  }
  return true;
}

[[nodiscard]] Expected<void> exchange_until_quiet(Stage& stage) {
  while (true) {
    auto client_moved = move_flight(stage, Sender::client);
    if (!client_moved) return Unexpected<Error>(std::move(client_moved.error()));
    auto server_moved = move_flight(stage, Sender::server);
    if (!server_moved) return Unexpected<Error>(std::move(server_moved.error()));
    if (!*client_moved && !*server_moved) return {};
  }
}

[[nodiscard]] ClientConfig client_config(Stage& stage, bool seed, TrustAnchors trust) {
  ClientConfig config;
  config.provider = stage.provider;
  config.trust = std::move(trust);
  config.server_name = std::string(demo::kDemoHost);
  if (seed) {
    config.max_version = ProtocolVersion::tls12;
    config.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  }
  config.key_log = [&stage](std::string_view line) { stage.logs.add(Sender::client, line); };
  return config;
}

[[nodiscard]] ServerConfig server_config(Stage& stage, bool seed, Credential credential) {
  ServerConfig config;
  config.provider = stage.provider;
  config.credentials = {std::move(credential)};
  if (seed) {
    config.max_version = ProtocolVersion::tls12;
    config.enable_rsa_key_transport = true;
    config.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  }
  config.key_log = [&stage](std::string_view line) { stage.logs.add(Sender::server, line); };
  return config;
}

void describe_setup(demo::Narration& narration, const Stage& stage, bool seed) {
  narration.title =
      seed ? "cpptls demo --seed: the classic handshake, TLS 1.2 with RSA key transport"
           : "cpptls demo: a TLS 1.3 handshake, told against the classic eleven steps";
  narration.setup = {
      "server listening on " + stage.wire.address + ", client connected from " +
          stage.wire.client_address + " (real TCP on the loopback)",
      "throwaway CA \"" + stage.pki.ca_name + "\" made for this run; the client trusts only it",
      "server certificate for " + std::string(demo::kDemoHost) + " (" + stage.pki.key_description +
          "), signed by that CA; never written to disk",
      "what follows is read off the wire and decrypted with the key log secrets of each side"};
}

void describe_differences(demo::Narration& narration) {
  narration.differences = {
      "ephemeral keys: the client and the server each send a fresh x25519 public key "
      "(key_share) and derive the secret from both; no premaster secret is encrypted under the "
      "server's RSA key. Forward secrecy: a server key stolen later cannot decrypt this session.",
      "the certificate is encrypted: after the ServerHello everything is under the handshake "
      "traffic keys, so an eavesdropper no longer sees which certificate the server sent.",
      "the server proves it holds the certificate's key with a CertificateVerify signature, "
      "instead of by decrypting the premaster.",
      "one round trip (two in the classic handshake): the server sends its Certificate, "
      "CertificateVerify and "
      "Finished in its "
      "first flight (step 10 comes before step 7), and the client's Finished goes with its "
      "second flight, beside its first application data if it has some.",
      "ChangeCipherSpec is a no-op kept for middleboxes (RFC 8446 D.4); the keys change at "
      "fixed points instead, and the key schedule is HKDF rather than the TLS 1.2 PRF."};
}

int run_demo(const DemoArgs& args) {
  Stage stage;
  stage.provider = &openssl_provider();
  auto pki = demo::make_throwaway_pki(*stage.provider, args.seed);
  if (!pki) return fail("making the throwaway certificates: " + pki.error().reason());
  stage.pki = std::move(*pki);
  auto trust = TrustAnchors::from_pem(stage.pki.ca_pem);
  if (!trust) return fail(describe(trust.error()));
  auto credential =
      Credential::from_pem(*stage.provider, stage.pki.server_pem, stage.pki.server_key_pem);
  if (!credential) return fail(describe(credential.error()));

  auto wire = demo::open_loopback();
  if (!wire) return fail(describe(wire.error()));
  stage.wire = std::move(*wire);
  auto server = ServerConnection::create(server_config(stage, args.seed, *credential));
  if (!server) return fail(describe(server.error()));
  stage.server.emplace(std::move(*server));
  auto client = ClientConnection::create(client_config(stage, args.seed, *trust));
  if (!client) return fail(describe(client.error()));
  stage.client.emplace(std::move(*client));

  stage.observer.emplace(*stage.provider, [&stage](Sender side, std::string_view label) {
    return stage.logs.secret(side, label);
  });
  demo::NarratorInputs inputs{stage.provider, &stage.pki, &stage.logs, &*stage.observer,
                              [&stage] { return !stage.client->io_state().failed; }};
  stage.narrator.emplace(std::move(inputs),
                         [](const demo::Entry& entry) { demo::print_entry(std::cout, entry); });
  demo::Narration& narration = stage.narrator->narration();
  describe_setup(narration, stage, args.seed);
  if (!args.seed) describe_differences(narration);
  demo::print_header(std::cout, narration);

  if (auto done = exchange_until_quiet(stage); !done) return fail(done.error().reason());
  if (!stage.client->is_handshake_complete() || !stage.server->is_handshake_complete()) {
    return fail("the handshake did not complete");
  }
  // Step 11: data both ways under the session keys, then close_notify both ways.
  if (!stage.client->write(kClientMessage)) return fail("the client could not write");
  if (auto done = exchange_until_quiet(stage); !done) return fail(done.error().reason());
  if (!stage.server->write(kServerMessage)) return fail("the server could not write");
  if (auto done = exchange_until_quiet(stage); !done) return fail(done.error().reason());
  if (!stage.client->close() || !stage.server->close()) return fail("close failed");
  if (auto done = exchange_until_quiet(stage); !done) return fail(done.error().reason());

  if (stage.received[1] != kClientMessage || stage.received[0] != kServerMessage) {
    return fail("the data did not arrive intact");
  }
  print_differences(std::cout, narration);
  std::cout << "\nclient: " << session_line(*stage.client->session()) << "\n";
  std::cout << "server: " << session_line(*stage.server->session()) << "\n";
  if (args.html) {
    if (auto written = demo::write_html(*args.html, narration); !written) {
      return fail(written.error().reason());
    }
    std::cout << "wrote " << *args.html << "\n";
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int demo_command(Args args) {
  DemoArgs parsed;
  for (std::size_t i = 0; i < args.size();) {
    std::string error;
    if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kDemoUsage;
      return 0;
    }
    if (args[i] == "--seed") {
      parsed.seed = true;
      ++i;
      continue;
    }
    if (auto file = flag_value(args, i, "--html", error); file || !error.empty()) {
      if (!file || file->empty()) return usage_error("--html needs a FILE", kDemoUsage);
      parsed.html = *file;
      continue;
    }
    return usage_error("unknown argument " + std::string(args[i]), kDemoUsage);
  }
  return run_demo(parsed);
}

}  // namespace cpptls::tool
