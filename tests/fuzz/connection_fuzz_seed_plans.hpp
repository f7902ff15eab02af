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
#include "connection_fuzz.hpp"
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

// One operation of a plan's ending (connection_fuzz.hpp's Op, owning its data).
struct PlannedOp {
  OpKind kind = OpKind::feed;
  std::uint16_t length = 0;
  Bytes data;  // feed and record only; length is then its size
};

[[nodiscard]] inline PlannedOp record_op(wire::ContentType type, ByteView content) {
  PlannedOp op{OpKind::record, 0, {static_cast<std::uint8_t>(type)}};
  op.data.insert(op.data.end(), content.begin(), content.end());
  op.length = static_cast<std::uint16_t>(op.data.size());
  return op;
}

[[nodiscard]] inline PlannedOp feed_op(Bytes bytes) {
  const auto length = static_cast<std::uint16_t>(bytes.size());
  return PlannedOp{OpKind::feed, length, std::move(bytes)};
}

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
  // When not empty, these operations (record data is [content type][content]) end the
  // conversation right after the handshake, instead of the data and the closes; the engine
  // must then have failed with a reason holding `fails_with`, or not failed if it is empty.
  std::vector<PlannedOp> ending;
  std::string fails_with;
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
    settings.verify_schemes = options.schemes;
    settings.signing_schemes = options.schemes;
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
    settings.verify_schemes = options.schemes;
    settings.signing_schemes = options.schemes;
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

// What a peer may repeat without application data, `count` times each in a row: empty data
// records, warning alerts and renegotiation requests (conn/repeat_counter.hpp bounds each).
[[nodiscard]] inline PlannedOp empty_record_op() {
  return record_op(wire::ContentType::application_data, {});
}
[[nodiscard]] inline PlannedOp warning_alert_op() {
  const std::uint8_t warning[] = {1, static_cast<std::uint8_t>(AlertDescription::bad_certificate)};
  return record_op(wire::ContentType::alert, warning);
}
[[nodiscard]] inline PlannedOp renegotiation_op(conn::Side receiver) {
  const auto records = after_handshake(receiver);
  return record_op(records.front().first, records.front().second);
}

inline void repeat(std::vector<PlannedOp>& ops, const PlannedOp& op, std::size_t count) {
  ops.insert(ops.end(), count, op);
}

// The limit is 32 of each: 32 pass, the 33rd ends the connection.
inline constexpr std::size_t kRepeatLimit = 32;

// 32 of each kind, application data (which starts every count again), 32 of each again, and
// a read of the data: the connection stays up.
[[nodiscard]] inline std::vector<PlannedOp> repeats_reset_by_data(conn::Side receiver) {
  std::vector<PlannedOp> ops;
  for (int round = 0; round < 2; ++round) {
    repeat(ops, empty_record_op(), kRepeatLimit);
    repeat(ops, warning_alert_op(), kRepeatLimit);
    repeat(ops, renegotiation_op(receiver), kRepeatLimit);
    const std::uint8_t data[] = {'d', 'a', 't', 'a'};
    ops.push_back(record_op(wire::ContentType::application_data, data));
    ops.push_back(PlannedOp{OpKind::read, 0xffff, {}});
  }
  return ops;
}

// Two records of data arrive while the first waits to be read, then a record header the
// deframer refuses: read() returns the second record's data and leaves the failure for the
// next call, which the harness makes by offering its last byte.
[[nodiscard]] inline std::vector<PlannedOp> failure_behind_plaintext() {
  const std::uint8_t hello[] = {'h', 'e', 'l', 'l', 'o'};
  const std::uint8_t world[] = {'w', 'o', 'r', 'l', 'd'};
  return {record_op(wire::ContentType::application_data, hello),
          record_op(wire::ContentType::application_data, world),
          feed_op({23, 3, 3, 0xff, 0xff}),
          PlannedOp{OpKind::read, 0xffff, {}},
          feed_op({0}),
          PlannedOp{OpKind::read, 0xffff, {}}};
}

// The plans above that end the conversation on purpose, for either side.
inline void add_ending_plans(std::vector<Plan>& plans, conn::Side receiver, const Plan& base) {
  const std::string prefix =
      receiver == conn::Side::client ? "connection_client_" : "connection_server_";
  auto add = [&](std::string name, std::vector<PlannedOp> ending, std::string fails_with) {
    Plan plan = base;
    plan.name = prefix + std::move(name);
    plan.ending = std::move(ending);
    plan.fails_with = std::move(fails_with);
    plan.replays_to_connected = false;
    plans.push_back(std::move(plan));
  };
  std::vector<PlannedOp> empties;
  repeat(empties, empty_record_op(), kRepeatLimit + 1);
  add("empty_records_past_limit", std::move(empties), "too many empty application data records");
  std::vector<PlannedOp> warnings;
  repeat(warnings, warning_alert_op(), kRepeatLimit + 1);
  add("warning_alerts_past_limit", std::move(warnings), "too many warning alerts");
  std::vector<PlannedOp> renegotiations;
  repeat(renegotiations, renegotiation_op(receiver), kRepeatLimit + 1);
  add("renegotiation_requests_past_limit", std::move(renegotiations),
      "too many renegotiation requests");
  add("repeats_reset_by_application_data", repeats_reset_by_data(receiver), "");
  add("failure_behind_plaintext", failure_behind_plaintext(), "record_overflow");
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
  Plan ending;
  ending.profile = plain;
  ending.peer = peer_server(serving(FixedKey::ed25519));
  add_ending_plans(plans, conn::Side::client, ending);
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
  Plan ending;
  ending.profile = profile_byte(ed25519);
  ending.peer = peer_client(offering(all_tls12_suites()));
  add_ending_plans(plans, conn::Side::server, ending);
  return plans;
}

}  // namespace cpptls::fuzz::seeds
