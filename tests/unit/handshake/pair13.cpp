#include "unit/handshake/pair13.hpp"

#include <fstream>
#include <string_view>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/tls13/protocol.hpp"
#include "unit/handshake/test_pki.hpp"
#include "unit/wire_messages/test_support.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/finished.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"
#include "wire/reader.hpp"

namespace cpptls::handshake::testing {
namespace {

using wire::ExtensionType;

// Raw extension bodies for ExtensionBuilder.
struct RawBody {
  Bytes bytes;
  void encode(wire::Writer& writer) const { writer.bytes(bytes); }
};

// A tiny DER writer: enough for an RSAPrivateKey inside a PKCS#8 PrivateKeyInfo.
Bytes der(std::uint8_t tag, const Bytes& content) {
  Bytes out{tag};
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n <= 0xff) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes der_sequence(std::initializer_list<Bytes> parts) {
  Bytes content;
  for (const Bytes& part : parts)
    content.insert(content.end(), part.begin(), part.end());
  return der(0x30, content);
}

// A positive INTEGER from big-endian magnitude bytes.
Bytes der_integer(Bytes magnitude) {
  while (magnitude.size() > 1 && magnitude.front() == 0)
    magnitude.erase(magnitude.begin());
  if (magnitude.empty()) magnitude.push_back(0);
  if ((magnitude.front() & 0x80) != 0) magnitude.insert(magnitude.begin(), 0);
  return der(0x02, magnitude);
}

// Section 2 of the trace prints the key as "label:  hex" with hex continuation lines, without
// the "(N octets)" the wire tests' reader expects, so it is read here.
std::map<std::string, Bytes> trace_private_key_parts() {
  const std::string path =
      CPPTLS_SHARED_DIR "/testdata/tls13-traces/draft-ietf-tls-tls13-vectors.txt";
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "cannot read " << path;
  static const std::vector<std::string> kLabels = {
      "modulus (public)", "public exponent", "private exponent", "prime1",
      "prime2",           "exponent1",       "exponent2",        "coefficient"};
  std::map<std::string, Bytes> parts;
  std::string current;
  bool in_section = false;
  for (std::string line; std::getline(file, line);) {
    if (line.rfind("2.  Private Keys", 0) == 0) in_section = true;
    if (line.rfind("3.  ", 0) == 0) break;
    if (!in_section) continue;
    const std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const std::string_view text = std::string_view(line).substr(first);
    const std::size_t colon = text.find(":  ");
    if (colon != std::string_view::npos) {
      const std::string label(text.substr(0, colon));
      if (std::find(kLabels.begin(), kLabels.end(), label) != kLabels.end()) {
        current = label;
        auto bytes = from_hex(text.substr(colon + 3));
        EXPECT_TRUE(bytes.has_value()) << line;
        if (bytes) parts[current] = *bytes;
        continue;
      }
    }
    if (current.empty()) continue;
    if (auto more = from_hex(text)) {
      Bytes& value = parts[current];
      value.insert(value.end(), more->begin(), more->end());
    }
  }
  EXPECT_EQ(parts.size(), kLabels.size()) << "the trace's RSA key is incomplete";
  return parts;
}

std::string type_name(wire::HandshakeType type) {
  return wire::to_string(type);
}

Credential load(std::string_view leaf, std::vector<std::string_view> chain) {
  Credential credential;
  credential.chain.push_back(pki_certificate(leaf));
  for (const std::string_view name : chain)
    credential.chain.push_back(pki_certificate(name));
  credential.key = pki_key(leaf);
  return credential;
}

}  // namespace

Bytes encode_hello13(const Hello13& spec) {
  wire::ClientHello hello;
  hello.legacy_version = wire::ProtocolVersion::tls12;
  hello.random = spec.random;
  hello.legacy_session_id = spec.session_id;
  hello.cipher_suites = spec.suites;
  hello.legacy_compression_methods = spec.compression;
  ExtensionBuilder extensions;
  if (spec.server_name)
    extensions.add(ExtensionType::server_name, wire::ServerNameList{as_bytes(*spec.server_name)});
  if (spec.groups)
    extensions.add(ExtensionType::supported_groups, wire::NamedGroupList{*spec.groups});
  if (spec.schemes)
    extensions.add(ExtensionType::signature_algorithms, wire::SignatureSchemeList{*spec.schemes});
  if (spec.alpn) {
    wire::ProtocolNameList list;
    for (const std::string& name : *spec.alpn)
      list.protocols.push_back(as_bytes(name));
    extensions.add(ExtensionType::application_layer_protocol_negotiation, list);
  }
  if (spec.shares) {
    wire::KeyShareClientHello shares;
    for (const auto& [group, value] : *spec.shares)
      shares.shares.push_back(wire::KeyShareEntry{group, value});
    extensions.add(ExtensionType::key_share, shares);
  }
  if (spec.versions) {
    extensions.add(ExtensionType::supported_versions,
                   wire::SupportedVersionsClientHello{*spec.versions});
  }
  if (spec.psk_modes) {
    extensions.add(ExtensionType::psk_key_exchange_modes,
                   wire::PskKeyExchangeModes{{wire::PskKeyExchangeMode::psk_dhe_ke}});
  }
  if (spec.early_data) extensions.add(ExtensionType::early_data, wire::EarlyDataIndication{});
  if (spec.cookie) extensions.add(ExtensionType::cookie, RawBody{{0, 3, 1, 2, 3}});
  for (const auto& [type, body] : spec.extra)
    extensions.add(type, RawBody{body});
  EXPECT_TRUE(extensions.ok());
  hello.extensions = extensions.list();
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(hello, out).has_value());
  return out;
}

std::unique_ptr<crypto::KeyShare> make_share(crypto::NamedGroup group) {
  auto share = real_provider().generate_key_share(group);
  EXPECT_TRUE(share.has_value()) << share.error().to_string();
  return share ? std::move(*share) : nullptr;
}

std::pair<crypto::NamedGroup, Bytes> share_entry(crypto::NamedGroup group) {
  auto share = make_share(group);
  if (share == nullptr) return {group, {}};
  const ByteView value = share->public_value();
  return {group, Bytes(value.begin(), value.end())};
}

Bytes Actions::message(wire::HandshakeType type) const {
  for (const Bytes& message : messages) {
    if (!message.empty() && message[0] == static_cast<std::uint8_t>(type)) return message;
  }
  return {};
}

Bytes Actions::all() const {
  Bytes out;
  for (const Bytes& message : messages)
    out.insert(out.end(), message.begin(), message.end());
  return out;
}

Actions collect(Output& out) {
  Actions actions;
  const auto note = [&actions](const std::string& text) {
    if (!actions.order.empty()) actions.order += ' ';
    actions.order += text;
  };
  for (Action& action : out.actions()) {
    if (auto* send = std::get_if<SendHandshake>(&action)) {
      wire::Reader reader(send->messages);
      std::string names;
      while (!reader.empty()) {
        const std::size_t start = reader.offset();
        auto message = wire::HandshakeMessage::decode(reader);
        if (!message) {
          ADD_FAILURE() << "a SendHandshake does not hold whole messages";
          break;
        }
        const ByteView whole = ByteView(send->messages).subspan(start, reader.offset() - start);
        actions.messages.emplace_back(whole.begin(), whole.end());
        names += (names.empty() ? "" : ",") + type_name(message->type);
      }
      note("send(" + names + ")");
    } else if (std::holds_alternative<SendChangeCipherSpec>(action)) {
      note("ccs");
    } else if (auto* install = std::get_if<InstallKeys>(&action)) {
      note(install->direction == Direction::write ? "install(write)" : "install(read)");
      actions.installs.push_back(std::move(*install));
    } else if (std::holds_alternative<SkipEarlyData>(action)) {
      note("skip(early_data)");
    } else {
      note("complete");
      actions.complete = true;
    }
  }
  out.clear();
  return actions;
}

Expected<void> feed(Handshake& handshake, ByteView message, Output& out) {
  wire::Reader reader(message);
  auto decoded = wire::HandshakeMessage::decode(reader);
  if (!decoded) return Unexpected<Error>(std::move(decoded.error()));
  EXPECT_TRUE(reader.empty()) << "feed() takes one whole message";
  return handshake.on_message(*decoded, message, out);
}

Bytes trace_rsa_private_key_pkcs8() {
  std::map<std::string, Bytes> parts = trace_private_key_parts();
  const Bytes rsa_private_key = der_sequence({
      der_integer({0}),  // version two-prime
      der_integer(parts["modulus (public)"]),
      der_integer(parts["public exponent"]),
      der_integer(parts["private exponent"]),
      der_integer(parts["prime1"]),
      der_integer(parts["prime2"]),
      der_integer(parts["exponent1"]),
      der_integer(parts["exponent2"]),
      der_integer(parts["coefficient"]),
  });
  // PrivateKeyInfo (RFC 5208 5) with rsaEncryption (1.2.840.113549.1.1.1) and NULL parameters.
  const Bytes rsa_encryption = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
  return der_sequence({der_integer({0}), der_sequence({rsa_encryption, Bytes{0x05, 0x00}}),
                       der(0x04, rsa_private_key)});
}

Credential trace_credential(const crypto::Provider& provider) {
  Credential credential;
  const Bytes body = wire::test::trace_handshake_body(3, "Certificate", 11);
  auto message = wire::Certificate13::decode(body);
  EXPECT_TRUE(message.has_value() && message->certificate_list.size() == 1);
  if (message && !message->certificate_list.empty()) {
    auto certificate = x509::ParsedCertificate::copy_of(message->certificate_list[0].cert_data);
    EXPECT_TRUE(certificate.has_value()) << certificate.error().to_string();
    if (certificate) credential.chain.push_back(std::move(*certificate));
  }
  auto key = provider.private_key_from_der(trace_rsa_private_key_pkcs8());
  EXPECT_TRUE(key.has_value()) << key.error().to_string();
  if (key) credential.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
  return credential;
}

KeyLogCallback KeyLog::callback() {
  return [this](std::string_view label, ByteView random, ByteView secret) {
    secrets[std::string(label)] = Bytes(secret.begin(), secret.end());
    client_random.assign(random.begin(), random.end());
  };
}

const Credential& client_rsa_credential() {
  static const Credential credential = load("leaf-rsa", {"int-rsa"});
  return credential;
}

std::shared_ptr<const x509::TrustStore> client_trust() {
  auto store = std::make_shared<x509::TrustStore>();
  store->add(pki_certificate("root-rsa"));
  return store;
}

const Credential& p384_credential() {
  static const Credential credential = load("leaf-p384", {});
  return credential;
}

const Credential& ed25519_credential() {
  static const Credential credential = load("leaf-ed25519", {"root-ed25519"});
  return credential;
}

ClientSettings client_settings13() {
  ClientSettings settings = client_settings();
  settings.versions.tls12 = false;
  return settings;
}

ServerSettings server_settings13(const Credential& credential) {
  ServerSettings settings = server_settings(credential);
  settings.versions.tls12 = false;
  return settings;
}

ScriptedClient::ScriptedClient(ServerSettings settings) : log_(std::make_unique<KeyLog>()) {
  settings.key_log = log_->callback();
  server_ = std::make_unique<hs13::ServerHandshake>(std::move(settings));
}

crypto::HashAlgorithm ScriptedClient::hash() const {
  const crypto::CipherSuiteInfo* suite = crypto::find_suite(suite_);
  return suite != nullptr ? suite->hash : crypto::HashAlgorithm::sha256;
}

Bytes ScriptedClient::transcript_hash() const {
  Bytes digest(crypto::digest_size(hash()));
  EXPECT_TRUE(crypto::hash_once(real_provider(), hash(), transcript_, digest).has_value());
  return digest;
}

Expected<void> ScriptedClient::send(ByteView message) {
  Output out;
  auto sent = feed(*server_, message, out);
  last_ = collect(out);
  if (!sent) return sent;
  transcript_.insert(transcript_.end(), message.begin(), message.end());
  for (const Bytes& reply : last_.messages) {
    if (!reply.empty() &&
        reply[0] == static_cast<std::uint8_t>(wire::HandshakeType::server_hello)) {
      auto hello = wire::ServerHello::decode(ByteView(reply).subspan(wire::kHandshakeHeaderSize));
      EXPECT_TRUE(hello.has_value());
      if (hello) suite_ = hello->cipher_suite;
      if (hello && hello->is_hello_retry_request()) {
        // RFC 8446 4.4.1: ClientHello1 becomes message_hash(Hash(ClientHello1)).
        transcript_ = hs13::message_hash_message(transcript_hash());
      }
    }
    transcript_.insert(transcript_.end(), reply.begin(), reply.end());
  }
  return {};
}

Expected<void> ScriptedClient::send_change_cipher_spec() {
  Output out;
  auto sent = server_->on_change_cipher_spec(out);
  last_ = collect(out);
  return sent;
}

Bytes ScriptedClient::certificate(const Credential* credential, ByteView context) const {
  wire::Certificate13 message;
  message.certificate_request_context = context;
  if (credential != nullptr) {
    for (const x509::ParsedCertificate& entry : credential->chain)
      message.certificate_list.push_back(wire::CertificateEntry{entry.der(), {}});
  }
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(message, out).has_value());
  return out;
}

Bytes ScriptedClient::certificate_verify(const crypto::PrivateKey& key,
                                         crypto::SignatureScheme scheme) const {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  EXPECT_NE(info, nullptr);
  if (info == nullptr) return {};
  auto signature = key.sign(
      info->algorithm, hs13::certificate_verify_content(hs13::Signer::client, transcript_hash()));
  EXPECT_TRUE(signature.has_value()) << signature.error().to_string();
  if (!signature) return {};
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(wire::CertificateVerify{scheme, *signature}, out).has_value());
  return out;
}

Bytes ScriptedClient::finished() const {
  const auto found = log_->secrets.find(std::string(hs13::kLogClientHandshake));
  EXPECT_NE(found, log_->secrets.end()) << "the server logged no client handshake secret";
  if (found == log_->secrets.end()) return {};
  const hs13::TrafficSecret secret({&real_provider(), hash()},
                                   SecretBytes(found->second.begin(), found->second.end()));
  auto verify_data = secret.finished_verify_data(transcript_hash());
  EXPECT_TRUE(verify_data.has_value());
  if (!verify_data) return {};
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(wire::Finished{verify_data->view()}, out).has_value());
  return out;
}

bool ScriptedClient::connect(const Hello13& hello, const Credential* credential) {
  if (auto sent = send(encode_hello13(hello)); !sent) {
    ADD_FAILURE() << "ClientHello refused: " << sent.error().to_string();
    return false;
  }
  if (server_->state_name() == "ExpectCertificate") {
    if (auto sent = send(certificate(credential)); !sent) {
      ADD_FAILURE() << "Certificate refused: " << sent.error().to_string();
      return false;
    }
    if (credential != nullptr) {
      auto scheme = hs13::choose_tls13_signature_scheme(
          std::vector{crypto::SignatureScheme::ecdsa_secp256r1_sha256,
                      crypto::SignatureScheme::ecdsa_secp384r1_sha384,
                      crypto::SignatureScheme::rsa_pss_rsae_sha256,
                      crypto::SignatureScheme::ed25519},
          std::vector{crypto::SignatureScheme::ecdsa_secp256r1_sha256,
                      crypto::SignatureScheme::ecdsa_secp384r1_sha384,
                      crypto::SignatureScheme::rsa_pss_rsae_sha256,
                      crypto::SignatureScheme::ed25519},
          credential->key->type(), credential->key->bits());
      if (auto sent = send(certificate_verify(*credential->key, *scheme)); !sent) {
        ADD_FAILURE() << "CertificateVerify refused: " << sent.error().to_string();
        return false;
      }
    }
  }
  if (auto sent = send(finished()); !sent) {
    ADD_FAILURE() << "Finished refused: " << sent.error().to_string();
    return false;
  }
  return server_->is_complete();
}

std::unique_ptr<Pair13> run13(ClientSettings client, ServerSettings server, Tamper tamper) {
  auto pair = std::make_unique<Pair13>(std::move(client), std::move(server), std::move(tamper));
  pair->pump.run();
  return pair;
}

}  // namespace cpptls::handshake::testing
