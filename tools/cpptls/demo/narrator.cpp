#include "narrator.hpp"

#include <algorithm>
#include <utility>

#include "base/hex.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/tls12_prf.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/client_key_exchange.hpp"
#include "wire/messages/encrypted_extensions.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/messages/server_hello.hpp"
#include "x509/certificate.hpp"
#include "x509/der/time.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::tool::demo {
namespace {

using wire::HandshakeType;

constexpr std::size_t kShownRecordBytes = 48;  // of a record's bytes, in hex
constexpr std::size_t kPremasterSize = 48;     // RFC 5246 7.4.7.1
constexpr std::size_t kMasterSecretSize = 48;  // RFC 5246 8.1

[[nodiscard]] std::string message_name(HandshakeType type) {
  switch (type) {
    case HandshakeType::client_hello:
      return "ClientHello";
    case HandshakeType::server_hello:
      return "ServerHello";
    case HandshakeType::new_session_ticket:
      return "NewSessionTicket";
    case HandshakeType::encrypted_extensions:
      return "EncryptedExtensions";
    case HandshakeType::certificate:
      return "Certificate";
    case HandshakeType::server_key_exchange:
      return "ServerKeyExchange";
    case HandshakeType::certificate_request:
      return "CertificateRequest";
    case HandshakeType::server_hello_done:
      return "ServerHelloDone";
    case HandshakeType::certificate_verify:
      return "CertificateVerify";
    case HandshakeType::client_key_exchange:
      return "ClientKeyExchange";
    case HandshakeType::finished:
      return "Finished";
    case HandshakeType::key_update:
      return "KeyUpdate";
    default:
      return wire::to_string(type);
  }
}

[[nodiscard]] std::string version_name(wire::ProtocolVersion version) {
  switch (version) {
    case wire::ProtocolVersion::tls12:
      return "TLSv1.2";
    case wire::ProtocolVersion::tls13:
      return "TLSv1.3";
    default:
      return wire::to_string(version);
  }
}

[[nodiscard]] std::string shown_hex(ByteView bytes) {
  if (bytes.size() <= kShownRecordBytes) return to_hex(bytes);
  return to_hex(bytes.first(kShownRecordBytes)) + "... (" + std::to_string(bytes.size()) +
         " bytes)";
}

template <class T, class Name>
[[nodiscard]] std::string join(const std::vector<T>& items, Name name) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += name(item);
  }
  return out;
}

[[nodiscard]] std::string printable(ByteView bytes) {
  std::string out;
  for (const std::uint8_t byte : bytes) {
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      out += ".";
    }
  }
  return out;
}

[[nodiscard]] Entry message_entry(const WireMessage& message, std::string title, int step) {
  Entry entry;
  entry.kind = message.sender == Sender::client ? Entry::Kind::client_to_server
                                                : Entry::Kind::server_to_client;
  entry.title = std::move(title);
  entry.step = step;
  entry.protection = message.key.empty() ? "in the clear" : "encrypted, " + message.key;
  return entry;
}

[[nodiscard]] Entry note(int step, std::string title) {
  Entry entry;
  entry.kind = Entry::Kind::note;
  entry.step = step;
  entry.title = std::move(title);
  return entry;
}

template <class T>
[[nodiscard]] Unexpected<Error> forward(Expected<T>& failed) {
  return Unexpected<Error>(std::move(failed.error()));
}

}  // namespace

Narrator::Narrator(NarratorInputs inputs, std::function<void(const Entry&)> on_entry)
    : in_(std::move(inputs)), on_entry_(std::move(on_entry)) {}

void Narrator::add(Entry entry) {
  if (on_entry_) on_entry_(entry);
  narration_.entries.push_back(std::move(entry));
}

Expected<void> Narrator::narrate(const std::vector<WireMessage>& messages) {
  for (const auto& message : messages) {
    switch (message.kind) {
      case WireMessage::Kind::handshake:
        if (auto done = narrate_handshake(message); !done) return done;
        break;
      case WireMessage::Kind::change_cipher_spec:
        add(change_cipher_spec(message));
        break;
      case WireMessage::Kind::application_data:
        add(application_data(message));
        break;
      case WireMessage::Kind::alert:
        add(alert(message));
        break;
    }
  }
  return {};
}

Expected<void> Narrator::narrate_handshake(const WireMessage& message) {
  const bool tls13 = in_.observer->tls13();
  if (!tls13) transcript_.insert(transcript_.end(), message.message.begin(), message.message.end());
  Expected<Entry> entry = Entry{};
  switch (message.type) {
    case HandshakeType::client_hello:
      entry = client_hello(message);
      break;
    case HandshakeType::server_hello:
      entry = server_hello(message);
      break;
    case HandshakeType::certificate:
      entry = certificate(message);
      break;
    case HandshakeType::client_key_exchange:
      entry = client_key_exchange(message);
      break;
    default:
      entry = other_handshake(message);
      break;
  }
  if (!entry) return forward(entry);
  add(std::move(*entry));

  // The notes that follow a message: what the receiver does with it.
  if (message.type == HandshakeType::server_hello && tls13) add(tls13_shared_secret_note());
  const bool server_authenticated = tls13 ? message.type == HandshakeType::certificate_verify
                                          : message.type == HandshakeType::server_hello_done;
  if (server_authenticated) {
    auto check = certificate_check();
    if (!check) return forward(check);
    add(std::move(*check));
  }
  if (message.type == HandshakeType::client_key_exchange) {
    auto master = master_secret_note(message);
    if (!master) return forward(master);
    add(std::move(*master));
    add(session_keys_note());
  }
  if (tls13 && message.type == HandshakeType::finished && message.sender == Sender::server) {
    add(tls13_traffic_keys_note());
  }
  return {};
}

Expected<Entry> Narrator::client_hello(const WireMessage& message) {
  auto hello = wire::ClientHello::decode(message.body);
  if (!hello) return forward(hello);
  client_version_ = static_cast<std::uint16_t>(hello->legacy_version);
  Entry entry = message_entry(message, "ClientHello", 1);
  std::string versions = version_name(hello->legacy_version) + " (legacy_version)";
  if (const auto* ext =
          wire::find_extension(hello->extensions, wire::ExtensionType::supported_versions)) {
    auto list = wire::SupportedVersionsClientHello::decode(ext->data);
    if (!list) return forward(list);
    versions = join(list->versions, version_name) + " (supported_versions)";
  }
  entry.details.push_back("versions offered: " + versions);
  entry.details.push_back("random: " + to_hex(hello->random));
  entry.details.push_back("cipher suites offered: " +
                          join(hello->cipher_suites, [](auto s) { return wire::to_string(s); }));
  if (const auto* ext =
          wire::find_extension(hello->extensions, wire::ExtensionType::supported_groups)) {
    auto groups = wire::NamedGroupList::decode(ext->data);
    if (!groups) return forward(groups);
    entry.details.push_back("groups: " +
                            join(groups->groups, [](auto g) { return wire::to_string(g); }));
  }
  if (const auto* ext = wire::find_extension(hello->extensions, wire::ExtensionType::key_share)) {
    auto shares = wire::KeyShareClientHello::decode(ext->data);
    if (!shares) return forward(shares);
    for (const auto& share : shares->shares) {
      entry.details.push_back("key_share " + wire::to_string(share.group) + ": " +
                              std::to_string(share.key_exchange.size()) +
                              "-byte ephemeral public key " + shown_hex(share.key_exchange));
    }
  }
  std::vector<std::string> names;
  for (const auto& ext : hello->extensions)
    names.push_back(wire::to_string(ext.type));
  entry.details.push_back("extensions: " + join(names, [](const auto& n) { return n; }));
  entry.details.push_back("server name (SNI): " + std::string(kDemoHost));
  return entry;
}

Expected<Entry> Narrator::server_hello(const WireMessage& message) {
  auto hello = wire::ServerHello::decode(message.body);
  if (!hello) return forward(hello);
  Entry entry = message_entry(message, "ServerHello", 2);
  std::string version = version_name(hello->legacy_version);
  if (const auto* ext =
          wire::find_extension(hello->extensions, wire::ExtensionType::supported_versions)) {
    auto chosen = wire::SupportedVersionsServerHello::decode(ext->data);
    if (!chosen) return forward(chosen);
    version = version_name(chosen->selected_version) + " (supported_versions; legacy_version " +
              version_name(hello->legacy_version) + ")";
  }
  entry.details.push_back("version chosen: " + version);
  entry.details.push_back("random: " + to_hex(hello->random));
  entry.details.push_back("cipher suite chosen: " + wire::to_string(hello->cipher_suite));
  if (const auto* ext = wire::find_extension(hello->extensions, wire::ExtensionType::key_share)) {
    auto share = wire::KeyShareServerHello::decode(ext->data);
    if (!share) return forward(share);
    entry.details.push_back("key_share " + wire::to_string(share->share.group) + ": " +
                            std::to_string(share->share.key_exchange.size()) +
                            "-byte ephemeral public key " + shown_hex(share->share.key_exchange));
  }
  extended_master_secret_ =
      wire::find_extension(hello->extensions, wire::ExtensionType::extended_master_secret) !=
      nullptr;
  if (!in_.observer->tls13()) {
    entry.details.push_back(std::string("extended master secret (RFC 7627): ") +
                            (extended_master_secret_ ? "yes" : "no"));
  }
  return entry;
}

Expected<Entry> Narrator::certificate(const WireMessage& message) {
  Entry entry = message_entry(message, "Certificate", 2);
  std::vector<ByteView> chain;
  if (in_.observer->tls13()) {
    auto parsed = wire::Certificate13::decode(message.body);
    if (!parsed) return forward(parsed);
    for (const auto& item : parsed->certificate_list)
      chain.push_back(item.cert_data);
  } else {
    auto parsed = wire::Certificate12::decode(message.body);
    if (!parsed) return forward(parsed);
    chain = parsed->certificate_list;
  }
  if (chain.empty()) return internal_failure("the server sent no certificate");
  leaf_der_.assign(chain.front().begin(), chain.front().end());
  intermediates_der_.clear();
  for (std::size_t i = 0; i < chain.size(); ++i) {
    auto cert = x509::Certificate::parse(chain[i]);
    if (!cert) return forward(cert);
    if (i > 0) intermediates_der_.emplace_back(chain[i].begin(), chain[i].end());
    const std::string which = i == 0 ? "certificate" : "then";
    entry.details.push_back(which + ": subject " + cert->subject().to_string() + ", issuer " +
                            cert->issuer().to_string());
    entry.details.push_back("    valid " + x509::der::format_time(cert->not_before()) + " to " +
                            x509::der::format_time(cert->not_after()) + ", key " +
                            cert->public_key().describe() + ", signed " +
                            cert->signature_algorithm().describe());
  }
  return entry;
}

Expected<Entry> Narrator::client_key_exchange(const WireMessage& message) {
  Entry entry = message_entry(message, "ClientKeyExchange", 4);
  auto exchange = wire::ClientKeyExchangeRsa::decode(message.body);
  if (!exchange) return forward(exchange);
  const std::size_t size = exchange->encrypted_pre_master_secret.size();
  entry.details.push_back("premaster secret: " + std::to_string(kPremasterSize) +
                          " bytes (client_version 0303 + 46 random bytes), made by the client");
  entry.details.push_back("encrypted with the server's " + in_.pki->key_description +
                          " public key (RSAES-PKCS1-v1_5): " + std::to_string(size) +
                          " bytes, the ClientKeyExchange body");
  entry.details.push_back("encrypted premaster: " +
                          shown_hex(exchange->encrypted_pre_master_secret));
  return entry;
}

Expected<Entry> Narrator::other_handshake(const WireMessage& message) {
  const bool tls13 = in_.observer->tls13();
  const bool client = message.sender == Sender::client;
  int step = 0;
  switch (message.type) {
    case HandshakeType::encrypted_extensions:
    case HandshakeType::server_hello_done:
    case HandshakeType::certificate_verify:
      step = 2;
      break;
    case HandshakeType::finished:
      step = client ? 8 : 10;
      break;
    default:
      break;
  }
  Entry entry = message_entry(message, message_name(message.type), step);
  switch (message.type) {
    case HandshakeType::server_hello_done:
      entry.details.push_back("the server's hello is complete; it waits for the client");
      break;
    case HandshakeType::encrypted_extensions: {
      auto parsed = wire::EncryptedExtensions::decode(message.body);
      if (!parsed) return forward(parsed);
      std::vector<std::string> names;
      for (const auto& ext : parsed->extensions)
        names.push_back(wire::to_string(ext.type));
      entry.details.push_back("extensions: " +
                              (names.empty() ? "none" : join(names, [](auto n) { return n; })));
      entry.details.push_back("what a TLS 1.2 ServerHello said in the clear, now encrypted");
      break;
    }
    case HandshakeType::certificate_verify: {
      auto parsed = wire::CertificateVerify::decode(message.body);
      if (!parsed) return forward(parsed);
      entry.details.push_back("signature scheme: " + wire::to_string(parsed->algorithm) + ", " +
                              std::to_string(parsed->signature.size()) + "-byte signature");
      entry.details.push_back(
          "the server signs the transcript so far with its certificate's private key: it "
          "proves it holds the key (TLS 1.2 RSA key transport proved it by decrypting the "
          "premaster)");
      break;
    }
    case HandshakeType::finished:
      entry.details.push_back("verify_data (" + std::to_string(message.body.size()) +
                              " bytes): " + to_hex(message.body));
      entry.details.push_back(
          tls13 ? "an HMAC over the transcript with the finished key of this side's handshake "
                  "traffic secret (RFC 8446 4.4.4)"
                : std::string("PRF(master secret, \"") + (client ? "client" : "server") +
                      " finished\", hash of the handshake messages) (RFC 5246 7.4.9)");
      entry.details.push_back("the record on the wire: " + shown_hex(message.record));
      break;
    case HandshakeType::new_session_ticket:
      entry.details.push_back(std::to_string(message.body.size()) +
                              " bytes: a ticket the client may use to resume later");
      break;
    default:
      entry.details.push_back(std::to_string(message.body.size()) + " bytes");
      break;
  }
  return entry;
}

Entry Narrator::change_cipher_spec(const WireMessage& message) const {
  const bool client = message.sender == Sender::client;
  Entry entry = message_entry(message, "ChangeCipherSpec", client ? 7 : 9);
  if (in_.observer->tls13()) {
    entry.details.push_back(
        "a no-op in TLS 1.3, sent only so middleboxes see a familiar handshake (RFC 8446 D.4); "
        "the keys changed at the ServerHello already");
  } else {
    entry.details.push_back(std::string("\"my next records are encrypted with the session "
                                        "keys\": from here on the ") +
                            (client ? "client" : "server") + " write key protects them");
  }
  return entry;
}

Entry Narrator::application_data(const WireMessage& message) const {
  Entry entry = message_entry(message, "application data", 11);
  entry.details.push_back("plaintext: \"" + printable(message.body) + "\" (" +
                          std::to_string(message.body.size()) + " bytes)");
  entry.details.push_back("ciphertext record: " + shown_hex(message.record));
  entry.details.push_back("record size " + std::to_string(message.record.size()) +
                          " bytes = 5 header + " +
                          (in_.observer->tls13() ? "data + 1 content type + 16 tag"
                                                 : "8 explicit nonce + data + 16 tag"));
  return entry;
}

Entry Narrator::alert(const WireMessage& message) const {
  Entry entry = message_entry(message, "Alert", 0);
  if (message.body.size() == 2) {
    entry.title = message.body[1] == 0 ? "Alert close_notify" : "Alert";
    entry.details.push_back("level " + std::to_string(message.body[0]) + ", description " +
                            std::to_string(message.body[1]));
  }
  return entry;
}

// Step 3: what the client did with the Certificate, checked again here the same way.
Expected<Entry> Narrator::certificate_check() {
  Entry entry = note(3, "the client authenticates the server");
  const bool accepted = !in_.client_ok || in_.client_ok();
  entry.details.push_back(accepted ? "the client accepted the certificate: its handshake went on"
                                   : "the client REFUSED the certificate");
  x509::TrustStore trust;
  if (auto added = trust.add_pem(in_.pki->ca_pem); !added) return forward(added);
  auto leaf = x509::ParsedCertificate::copy_of(leaf_der_);
  if (!leaf) return forward(leaf);
  std::vector<x509::ParsedCertificate> intermediates;
  for (const auto& der : intermediates_der_) {
    auto parsed = x509::ParsedCertificate::copy_of(der);
    if (!parsed) return forward(parsed);
    intermediates.push_back(std::move(*parsed));
  }
  x509::VerifyOptions options;
  options.time = in_.provider->now();
  options.host = std::string(kDemoHost);
  auto verified = x509::verify_certificate(*in_.provider, trust, *leaf, intermediates, options);
  if (!verified) {
    entry.details.push_back("checked again here: " + verified.error().reason());
    return entry;
  }
  std::string path;
  for (const auto& cert : verified->path()) {
    if (!path.empty()) path += "  ->  ";
    path += cert->subject().to_string();
  }
  entry.details.push_back("chain: " + path +
                          " (the throwaway CA is the client's only trust anchor)");
  entry.details.push_back("signature: the CA's " + verified->anchor()->public_key().describe() +
                          " key verified the certificate's " +
                          (*leaf)->signature_algorithm().describe() + " signature");
  entry.details.push_back("host name: \"" + std::string(kDemoHost) +
                          "\" matched the subjectAltName DNS:" + std::string(kDemoHost) +
                          " (RFC 9525)");
  entry.details.push_back("validity: now (" + x509::der::format_time(options.time) +
                          ") is inside notBefore..notAfter; extKeyUsage serverAuth present");
  return entry;
}

// Steps 4 and 5 seen from outside: decrypt the premaster with the server's key (the demo made
// that key), derive the master secret as RFC 5246 8.1 / RFC 7627 4 say, and compare it with
// what each side logged.
Expected<Entry> Narrator::master_secret_note(const WireMessage& key_exchange) {
  Entry entry = note(5, "both sides derive the master secret from the premaster secret");
  auto exchange = wire::ClientKeyExchangeRsa::decode(key_exchange.body);
  if (!exchange) return forward(exchange);
  // The server's key as the library reads it (the public PrivateKey only signs certificates).
  auto server_key = in_.provider->private_key_from_pem(in_.pki->server_key_pem);
  if (!server_key) return forward(server_key);
  auto premaster =
      (*server_key)->decrypt_premaster(exchange->encrypted_pre_master_secret, client_version_);
  if (!premaster) return forward(premaster);
  entry.details.push_back(
      "the server decrypts the 256-byte ClientKeyExchange with its private key: " +
      std::to_string(premaster->size()) + " bytes of premaster (" + "fingerprint " +
      fingerprint(*in_.provider, *premaster) + ")");
  const crypto::CipherSuiteInfo& suite = *in_.observer->suite();
  SecretBytes master(kMasterSecretSize);
  if (extended_master_secret_) {
    // RFC 7627 4: the session hash covers every message up to ClientKeyExchange.
    Bytes session_hash(32);
    if (suite.hash == crypto::HashAlgorithm::sha384) session_hash.resize(48);
    auto hashed = crypto::hash_once(*in_.provider, suite.hash, transcript_, session_hash);
    if (!hashed) return forward(hashed);
    auto made = crypto::tls12_prf(*in_.provider, suite.hash, *premaster, "extended master secret",
                                  session_hash, {}, master);
    if (!made) return forward(made);
    entry.details.push_back(
        "master secret = PRF(premaster, \"extended master secret\", hash of ClientHello.."
        "ClientKeyExchange) (RFC 7627 4), 48 bytes");
  } else {
    auto made =
        crypto::tls12_prf(*in_.provider, suite.hash, *premaster, "master secret",
                          in_.observer->client_random(), in_.observer->server_random(), master);
    if (!made) return forward(made);
    entry.details.push_back(
        "master secret = PRF(premaster, \"master secret\", client random + server random) "
        "(RFC 5246 8.1), 48 bytes");
  }
  entry.details.push_back("master secret fingerprints (SHA-256, first 8 bytes): " +
                          both_sides("CLIENT_RANDOM"));
  entry.details.push_back("recomputed here from the decrypted premaster: " +
                          fingerprint(*in_.provider, master));
  return entry;
}

Entry Narrator::session_keys_note() const {
  const crypto::CipherSuiteInfo& suite = *in_.observer->suite();
  const std::size_t key = crypto::aead_info(suite.aead).key_size;
  const std::size_t iv = suite.tls12_fixed_iv_size;
  Entry entry = note(6, "both sides make the session keys from the master secret");
  entry.details.push_back(
      "key block = PRF(master, \"key expansion\", server random + client "
      "random) (RFC 5246 6.3), " +
      std::to_string(2 * key + 2 * iv) + " bytes:");
  entry.details.push_back("client write key " + std::to_string(key) + " bytes, server write key " +
                          std::to_string(key) + " bytes, client and server IV salt " +
                          std::to_string(iv) + " bytes each (" +
                          std::string(crypto::aead_info(suite.aead).name) + ")");
  entry.details.push_back(
      "this observer derives the same keys from the key log, as Wireshark "
      "does, and decrypts every record below with them");
  return entry;
}

Entry Narrator::tls13_shared_secret_note() const {
  Entry entry = note(0, "instead of steps 4-6: an ephemeral x25519 exchange, no premaster sent");
  entry.details.push_back(
      "each side combines its own ephemeral private key with the other's key_share: the same "
      "shared secret, which never crosses the wire");
  entry.details.push_back("HKDF key schedule (RFC 8446 7.1) -> handshake traffic secrets");
  entry.details.push_back("client handshake traffic secret fingerprints: " +
                          both_sides("CLIENT_HANDSHAKE_TRAFFIC_SECRET"));
  entry.details.push_back("server handshake traffic secret fingerprints: " +
                          both_sides("SERVER_HANDSHAKE_TRAFFIC_SECRET"));
  entry.details.push_back("everything after the ServerHello is encrypted under these keys");
  return entry;
}

Entry Narrator::tls13_traffic_keys_note() const {
  Entry entry = note(6, "both sides make the session (application traffic) keys");
  entry.details.push_back("master secret -> application traffic secrets (RFC 8446 7.1)");
  entry.details.push_back("client application traffic secret fingerprints: " +
                          both_sides("CLIENT_TRAFFIC_SECRET_0"));
  entry.details.push_back("server application traffic secret fingerprints: " +
                          both_sides("SERVER_TRAFFIC_SECRET_0"));
  return entry;
}

std::string Narrator::both_sides(std::string_view label) const {
  const auto client = in_.logs->secret(Sender::client, label);
  const auto server = in_.logs->secret(Sender::server, label);
  const std::string c = client ? fingerprint(*in_.provider, *client) : "(not logged)";
  const std::string s = server ? fingerprint(*in_.provider, *server) : "(not logged)";
  const bool equal = client && server && c == s;
  return "client " + c + ", server " + s + (equal ? " (equal)" : " (DIFFERENT)");
}

}  // namespace cpptls::tool::demo
