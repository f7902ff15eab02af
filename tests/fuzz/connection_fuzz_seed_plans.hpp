#pragma once
// The conversations the connection fuzz seeds record (connection_fuzz_seeds.hpp): for each, the
// profile of the engine under test, the real peer it talks to and how the peer's bytes reach
// it. Every plan goes through the whole handshake, data both ways and both closes; each
// varies one thing: suite, group, signature scheme, credential, extended master secret, ALPN
// and SNI, certificate verification, chunking, handshake records cut small, records the engine
// must pass over mid-handshake or after it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/alert.hpp"
#include "base/bytes.hpp"
#include "conn/side.hpp"
#include "connection_fuzz_config.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls12/server.hpp"
#include "wire/enums.hpp"

namespace cpptls::fuzz::seeds {

using MakeHandshake =
    std::function<std::unique_ptr<handshake::Handshake>(const crypto::Provider& provider)>;

// A real peer engine; any failure of it is a failure of the generator.
struct Plan {
  std::string name;
  std::uint8_t profile = 0;
  MakeHandshake peer;
  // How the peer's bytes arrive: as record ops, one per record (the default: the fuzzer can
  // then change what protected records carry), or as raw feed ops in chunks of these sizes,
  // taken in turn, which split records anywhere.
  bool as_records = true;
  std::vector<std::size_t> chunks = {0xffff};
  std::size_t refragment = 0;  // 0: handshake records as the peer sent them
  Bytes before_first_flight;   // plaintext records the peer sends before its first flight
  // Records (type, content) the peer sends right after the handshake, before its data.
  std::vector<std::pair<wire::ContentType, Bytes>> after_handshake;
  std::size_t peer_data = 1200;  // application data bytes the peer sends after the handshake
  std::uint16_t read_size = 0xffff;
  std::uint16_t our_data = 700;  // application data bytes the engine under test sends
  bool replays_to_connected = true;
};

// Plaintext records, as a peer sends them before its ChangeCipherSpec.
[[nodiscard]] inline Bytes plaintext_record(wire::ContentType type, ByteView content) {
  Bytes out = {static_cast<std::uint8_t>(type), 0x03, 0x03,
               static_cast<std::uint8_t>(content.size() >> 8),
               static_cast<std::uint8_t>(content.size() & 0xff)};
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

struct PeerServer {
  FixedKey key = FixedKey::ed25519;
  std::vector<crypto::CipherSuite> suites = all_tls12_suites();
  std::vector<crypto::NamedGroup> groups;
  std::vector<crypto::SignatureScheme> schemes;
  bool ems = true;
};

[[nodiscard]] inline PeerServer serving(
    FixedKey key, std::vector<crypto::CipherSuite> suites = all_tls12_suites(),
    std::vector<crypto::NamedGroup> groups = {},
    std::vector<crypto::SignatureScheme> schemes = {}) {
  PeerServer out;
  out.key = key;
  out.suites = std::move(suites);
  out.groups = std::move(groups);
  out.schemes = std::move(schemes);
  return out;
}

[[nodiscard]] inline MakeHandshake peer_server(PeerServer options) {
  return [options](const crypto::Provider& provider) -> std::unique_ptr<handshake::Handshake> {
    handshake::ServerSettings settings;
    settings.provider = &provider;
    settings.cipher_suites = options.suites;
    settings.groups = options.groups;
    settings.signature_schemes = options.schemes;
    settings.credentials.push_back(fixed_credential(options.key));
    settings.alpn = {"http/1.1", "h2"};
    settings.extended_master_secret = options.ems;
    settings.versions.tls13 = false;  // a TLS 1.2 peer: no downgrade sentinel (RFC 8446 4.1.3)
    return std::make_unique<hs12::ServerHandshake>(std::move(settings));
  };
}

struct PeerClient {
  std::vector<crypto::CipherSuite> suites = all_tls12_suites();
  std::vector<crypto::NamedGroup> groups;
  std::vector<crypto::SignatureScheme> schemes;
  std::string server_name = "fuzz.example";
  std::vector<std::string> alpn = {"http/1.1"};
};

[[nodiscard]] inline PeerClient offering(std::vector<crypto::CipherSuite> suites,
                                         std::vector<crypto::NamedGroup> groups = {},
                                         std::vector<crypto::SignatureScheme> schemes = {}) {
  PeerClient out;
  out.suites = std::move(suites);
  out.groups = std::move(groups);
  out.schemes = std::move(schemes);
  return out;
}

[[nodiscard]] inline MakeHandshake peer_client(PeerClient options) {
  return [options](const crypto::Provider& provider) -> std::unique_ptr<handshake::Handshake> {
    handshake::ClientSettings settings;
    settings.provider = &provider;
    settings.cipher_suites = options.suites;
    settings.groups = options.groups;
    settings.signature_schemes = options.schemes;
    settings.server_name = options.server_name;
    settings.alpn = options.alpn;
    settings.server_auth = handshake::ServerAuthPolicy::no_verification();
    settings.versions.tls13 = false;
    return std::make_unique<hs12::ClientHandshake>(std::move(settings));
  };
}

// A warning alert and, for a client, a HelloRequest: both must be passed over mid-handshake
// (RFC 5246 7.2, 7.4.1.1: HelloRequest is not part of the transcript).
[[nodiscard]] inline Bytes interjections(conn::Side side) {
  Bytes out;
  const std::uint8_t warning[] = {1, static_cast<std::uint8_t>(AlertDescription::no_renegotiation)};
  out = plaintext_record(wire::ContentType::alert, warning);
  if (side == conn::Side::client) {
    const std::uint8_t hello_request[] = {0, 0, 0, 0};
    const Bytes record = plaintext_record(wire::ContentType::handshake, hello_request);
    out.insert(out.end(), record.begin(), record.end());
  }
  return out;
}

// What a peer may send once connected, all of which the engine passes over: a renegotiation
// request (HelloRequest from a server, ClientHello from a client), refused with a
// no_renegotiation warning (RFC 5246 7.2.2, RFC 5746 4.2); warning alerts (RFC 5246 7.2); and
// an empty application data record (RFC 5246 6.2.1).
[[nodiscard]] inline std::vector<std::pair<wire::ContentType, Bytes>> after_handshake(
    conn::Side receiver) {
  std::vector<std::pair<wire::ContentType, Bytes>> out;
  if (receiver == conn::Side::client) {
    out.emplace_back(wire::ContentType::handshake, Bytes{0, 0, 0, 0});
  } else {
    // A ClientHello: version, random, no session id, one suite, null compression.
    Bytes hello = {1, 0, 0, 41, 3, 3};
    hello.insert(hello.end(), 32, 0x11);
    const Bytes rest = {0, 0, 2, 0xc0, 0x2b, 1, 0};
    hello.insert(hello.end(), rest.begin(), rest.end());
    out.emplace_back(wire::ContentType::handshake, hello);
  }
  out.emplace_back(wire::ContentType::alert,
                   Bytes{1, static_cast<std::uint8_t>(AlertDescription::no_renegotiation)});
  out.emplace_back(wire::ContentType::application_data, Bytes{});
  out.emplace_back(wire::ContentType::alert,
                   Bytes{1, static_cast<std::uint8_t>(AlertDescription::user_canceled)});
  return out;
}

inline const std::vector<std::size_t> kSmallChunks = {1, 4, 2, 9, 33, 3, 150, 5, 700, 7};

[[nodiscard]] inline std::vector<Plan> client_plans() {
  using crypto::CipherSuite;
  using crypto::NamedGroup;
  using crypto::SignatureScheme;
  const std::uint8_t plain = profile_byte(ClientProfile{});
  std::vector<Plan> plans;
  auto add = [&](std::string name, std::uint8_t profile, PeerServer server) -> Plan& {
    Plan plan;
    plan.name = std::move(name);
    plan.profile = profile;
    plan.peer = peer_server(std::move(server));
    plans.push_back(std::move(plan));
    return plans.back();
  };
  add("ed25519_x25519_aes128", plain, serving(FixedKey::ed25519));
  add("p256_ecdsa_chacha_secp256r1", plain,
      serving(FixedKey::p256, {CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256},
              {NamedGroup::secp256r1}));
  add("rsa_pss_aes256_secp384r1", plain,
      serving(FixedKey::rsa, {CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
              {NamedGroup::secp384r1}, {SignatureScheme::rsa_pss_rsae_sha384}));
  add("rsa_pkcs1_chacha", plain,
      serving(FixedKey::rsa, {CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}, {},
              {SignatureScheme::rsa_pkcs1_sha256}));
  // Our premaster encryption is randomised, so a replay stops at the server's Finished.
  add("rsa_key_transport", plain,
      serving(FixedKey::rsa, {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256}))
      .replays_to_connected = false;
  add("verify_ed25519_pinned", profile_byte(ClientProfile{true, false, true}),
      serving(FixedKey::ed25519));
  add("verify_rsa_pinned_require_ems", profile_byte(ClientProfile{true, true, true}),
      serving(FixedKey::rsa, {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}));
  PeerServer no_ems = serving(FixedKey::ed25519);
  no_ems.ems = false;
  add("server_without_ems_no_alpn", profile_byte(ClientProfile{false, false, false}), no_ems);
  Plan& chunked = add("ed25519_small_chunks", plain, serving(FixedKey::ed25519));
  chunked.as_records = false;
  chunked.chunks = kSmallChunks;
  chunked.read_size = 100;
  Plan& fragmented = add("p256_handshake_in_small_records", plain, serving(FixedKey::p256));
  fragmented.refragment = 37;
  Plan& interjected =
      add("warning_alert_and_hello_request_mid_handshake", plain, serving(FixedKey::ed25519));
  interjected.before_first_flight = interjections(conn::Side::client);
  Plan& renegotiation =
      add("hello_request_and_warnings_after_handshake", plain,
          serving(FixedKey::ed25519, {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}));
  renegotiation.after_handshake = after_handshake(conn::Side::client);
  // Two records of data; the input stays under 20000 bytes (fuzz-smoke.sh's max_len).
  Plan& bulk = add("ed25519_bulk_data", plain, serving(FixedKey::ed25519));
  bulk.as_records = false;
  bulk.peer_data = 16500;
  bulk.read_size = 5000;
  bulk.our_data = 0xffff;
  bulk.chunks = {6000, 20000};
  return plans;
}

[[nodiscard]] inline std::vector<Plan> server_plans() {
  using crypto::CipherSuite;
  using crypto::NamedGroup;
  using crypto::SignatureScheme;
  std::vector<Plan> plans;
  auto add = [&](std::string name, ServerProfile profile, PeerClient client) -> Plan& {
    Plan plan;
    plan.name = std::move(name);
    plan.profile = profile_byte(profile);
    plan.peer = peer_client(std::move(client));
    plans.push_back(std::move(plan));
    return plans.back();
  };
  ServerProfile ed25519;
  ServerProfile rsa;
  rsa.key = FixedKey::rsa;
  ServerProfile p256;
  p256.key = FixedKey::p256;
  ServerProfile ed25519_without_ems;
  ed25519_without_ems.ems = false;
  ServerProfile ed25519_without_alpn;
  ed25519_without_alpn.alpn = false;
  PeerClient no_sni_no_alpn = offering(all_tls12_suites());
  no_sni_no_alpn.server_name.clear();
  no_sni_no_alpn.alpn.clear();

  add("ed25519_x25519_aes128", ed25519, offering(all_tls12_suites()));
  add("rsa_pkcs1_chacha_secp256r1", rsa,
      offering({CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}, {NamedGroup::secp256r1},
               {SignatureScheme::rsa_pkcs1_sha256}));
  add("rsa_pkcs1_aes256_secp384r1", rsa,
      offering({CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}, {NamedGroup::secp384r1},
               {SignatureScheme::rsa_pkcs1_sha384}));
  add("rsa_key_transport", rsa, offering({CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384}));
  // Our ECDSA signature is randomised, so a replay stops at the client's Finished.
  add("p256_ecdsa", p256, offering(all_tls12_suites())).replays_to_connected = false;
  add("ed25519_without_ems", ed25519_without_ems, offering(all_tls12_suites()));
  add("ed25519_no_alpn_no_sni", ed25519_without_alpn, no_sni_no_alpn);
  Plan& chunked = add("ed25519_small_chunks", ed25519, offering(all_tls12_suites()));
  chunked.as_records = false;
  chunked.chunks = kSmallChunks;
  chunked.read_size = 100;
  Plan& fragmented = add("rsa_handshake_in_small_records", rsa,
                         offering({CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, {},
                                  {SignatureScheme::rsa_pkcs1_sha512}));
  fragmented.refragment = 29;
  Plan& interjected =
      add("warning_alert_before_client_hello", ed25519, offering(all_tls12_suites()));
  interjected.before_first_flight = interjections(conn::Side::server);
  Plan& renegotiation = add("client_hello_and_warnings_after_handshake", ed25519,
                            offering({CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}));
  renegotiation.after_handshake = after_handshake(conn::Side::server);
  Plan& bulk = add("ed25519_bulk_data", ed25519, offering(all_tls12_suites()));
  bulk.as_records = false;
  bulk.peer_data = 16500;
  bulk.read_size = 5000;
  bulk.our_data = 0xffff;
  bulk.chunks = {6000, 20000};
  return plans;
}

}  // namespace cpptls::fuzz::seeds
