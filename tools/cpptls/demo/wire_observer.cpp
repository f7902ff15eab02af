#include "wire_observer.hpp"

#include <algorithm>
#include <utility>

#include "base/hex.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/tls12_prf.hpp"
#include "record/header.hpp"
#include "record/limits.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"
#include "wire/reader.hpp"

namespace cpptls::tool::demo {
namespace {

constexpr std::size_t kFingerprintSize = 8;

[[nodiscard]] std::string_view side_name(Sender sender) noexcept {
  return sender == Sender::client ? "client" : "server";
}

[[nodiscard]] Unexpected<Error> missing_secret(Sender sender, std::string_view label) {
  return internal_failure("the " + std::string(side_name(sender)) + " logged no " +
                          std::string(label) + " line before sending protected records");
}

}  // namespace

std::string fingerprint(const crypto::Provider& provider, ByteView secret) {
  std::array<std::uint8_t, 32> digest{};
  if (!crypto::hash_once(provider, crypto::HashAlgorithm::sha256, secret, digest)) return "?";
  return to_hex(ByteView(digest).first(kFingerprintSize));
}

WireObserver::WireObserver(const crypto::Provider& provider, SecretLookup secrets)
    : provider_(provider), secrets_(std::move(secrets)) {}

Expected<std::vector<WireMessage>> WireObserver::observe(Sender sender, ByteView bytes) {
  Direction& dir = direction(sender);
  dir.pending.insert(dir.pending.end(), bytes.begin(), bytes.end());
  std::vector<WireMessage> out;
  std::size_t used = 0;
  while (dir.pending.size() - used >= record::kHeaderSize) {
    wire::Reader reader(ByteView(dir.pending).subspan(used));
    auto header = record::RecordHeader::decode(reader, record::kMaxTls12Ciphertext);
    if (!header) return Unexpected<Error>(std::move(header.error()));
    const std::size_t size = record::kHeaderSize + header->length;
    if (dir.pending.size() - used < size) break;
    const Bytes record(dir.pending.begin() + static_cast<std::ptrdiff_t>(used),
                       dir.pending.begin() + static_cast<std::ptrdiff_t>(used + size));
    used += size;
    if (auto opened = open_record(sender, record, out); !opened) {
      return Unexpected<Error>(std::move(opened.error()));
    }
  }
  dir.pending.erase(dir.pending.begin(), dir.pending.begin() + static_cast<std::ptrdiff_t>(used));
  return out;
}

Expected<void> WireObserver::open_record(Sender sender, ByteView record,
                                         std::vector<WireMessage>& out) {
  Direction& dir = direction(sender);
  wire::Reader reader(record);
  auto header = record::RecordHeader::decode(reader, record::kMaxTls12Ciphertext);
  if (!header) return Unexpected<Error>(std::move(header.error()));
  // RFC 8446 5.2: every protected TLS 1.3 record says application_data outside.
  if (!dir.next_label.empty() && header->type == wire::ContentType::application_data) {
    if (auto installed = install_tls13_keys(sender); !installed) return installed;
  }
  Bytes fragment(record.begin() + record::kHeaderSize, record.end());
  auto opened = dir.opener.open(*header, fragment);
  if (!opened) return Unexpected<Error>(std::move(opened.error()));

  WireMessage message;
  message.sender = sender;
  message.record.assign(record.begin(), record.end());
  message.key = dir.opener.is_protected() ? dir.key_name : "";
  message.body.assign(opened->plaintext.begin(), opened->plaintext.end());
  switch (opened->type) {
    case wire::ContentType::handshake:
      dir.handshake.insert(dir.handshake.end(), message.body.begin(), message.body.end());
      return split_handshake(sender, record, out);
    case wire::ContentType::change_cipher_spec:
      message.kind = WireMessage::Kind::change_cipher_spec;
      out.push_back(std::move(message));
      // RFC 5246 7.1: in TLS 1.2 the sender's next record is under the new keys. In TLS 1.3
      // it is only a middlebox-compatibility no-op (RFC 8446 D.4).
      if (!tls13_) return install_tls12_keys(sender);
      return {};
    case wire::ContentType::alert:
      message.kind = WireMessage::Kind::alert;
      out.push_back(std::move(message));
      return {};
    case wire::ContentType::application_data:
      message.kind = WireMessage::Kind::application_data;
      out.push_back(std::move(message));
      return {};
    default:
      return decode_failure(ErrorCode::invalid_value, "a record of an unknown content type");
  }
}

Expected<void> WireObserver::split_handshake(Sender sender, ByteView record,
                                             std::vector<WireMessage>& out) {
  Direction& dir = direction(sender);
  while (true) {
    wire::Reader reader(dir.handshake);
    auto parsed = wire::HandshakeMessage::decode(reader);
    if (!parsed) return {};  // the rest of the message is in a later record
    WireMessage message;
    message.sender = sender;
    message.kind = WireMessage::Kind::handshake;
    message.type = parsed->type;
    message.body.assign(parsed->body.begin(), parsed->body.end());
    message.message.assign(dir.handshake.begin(),
                           dir.handshake.begin() + static_cast<std::ptrdiff_t>(reader.offset()));
    message.record.assign(record.begin(), record.end());
    message.key = dir.opener.is_protected() ? dir.key_name : "";
    dir.handshake.erase(dir.handshake.begin(),
                        dir.handshake.begin() + static_cast<std::ptrdiff_t>(reader.offset()));
    if (auto noted = after_handshake_message(sender, message); !noted) return noted;
    out.push_back(std::move(message));
  }
}

Expected<void> WireObserver::after_handshake_message(Sender sender, const WireMessage& message) {
  using wire::HandshakeType;
  if (message.type == HandshakeType::client_hello) {
    auto hello = wire::ClientHello::decode(message.body);
    if (!hello) return Unexpected<Error>(std::move(hello.error()));
    client_random_ = hello->random;
    return {};
  }
  if (message.type == HandshakeType::server_hello) {
    auto hello = wire::ServerHello::decode(message.body);
    if (!hello) return Unexpected<Error>(std::move(hello.error()));
    server_random_ = hello->random;
    suite_ = crypto::find_suite(hello->cipher_suite);
    if (suite_ == nullptr) return internal_failure("the server chose a suite we do not know");
    tls13_ = suite_->version == crypto::SuiteVersion::tls13;
    if (tls13_) {
      // RFC 8446 2: everything after the ServerHello is under the handshake traffic keys.
      client_.next_label = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
      server_.next_label = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
    }
    return {};
  }
  if (message.type == HandshakeType::finished && tls13_) {
    // RFC 8446 7.1: each side's Finished is its last message under handshake keys.
    direction(sender).next_label =
        sender == Sender::client ? "CLIENT_TRAFFIC_SECRET_0" : "SERVER_TRAFFIC_SECRET_0";
  }
  return {};
}

// RFC 5246 6.3: key_block = PRF(master_secret, "key expansion", server_random +
// client_random), cut into client key, server key, client IV, server IV.
Expected<void> WireObserver::install_tls12_keys(Sender sender) {
  if (suite_ == nullptr) return internal_failure("change_cipher_spec before ServerHello");
  auto master = secrets_(sender, "CLIENT_RANDOM");
  if (!master) return missing_secret(sender, "CLIENT_RANDOM");
  const crypto::AeadInfo& aead = crypto::aead_info(suite_->aead);
  const std::size_t key_size = aead.key_size;
  const std::size_t iv_size = suite_->tls12_fixed_iv_size;
  SecretBytes block(2 * key_size + 2 * iv_size);
  if (auto made = crypto::tls12_prf(provider_, suite_->hash, *master, "key expansion",
                                    server_random_, client_random_, block);
      !made) {
    return Unexpected<Error>(std::move(made.error()));
  }
  const bool client = sender == Sender::client;
  const auto part = [&](std::size_t offset, std::size_t size) {
    return SecretBytes(block.begin() + static_cast<std::ptrdiff_t>(offset),
                       block.begin() + static_cast<std::ptrdiff_t>(offset + size));
  };
  record::TrafficKeys keys;
  keys.aead = suite_->aead;
  keys.key = part(client ? 0 : key_size, key_size);
  keys.iv = part(2 * key_size + (client ? 0 : iv_size), iv_size);
  auto opener = record::RecordOpener::create(provider_, crypto::SuiteVersion::tls12, keys);
  if (!opener) return Unexpected<Error>(std::move(opener.error()));
  Direction& dir = direction(sender);
  dir.opener = std::move(*opener);
  dir.key_name = std::string(client ? "client" : "server") + " write key";
  return {};
}

// RFC 8446 7.3: key = HKDF-Expand-Label(secret, "key", "", key_length), iv likewise (12).
Expected<void> WireObserver::install_tls13_keys(Sender sender) {
  Direction& dir = direction(sender);
  auto secret = secrets_(sender, dir.next_label);
  if (!secret) return missing_secret(sender, dir.next_label);
  record::TrafficKeys keys;
  keys.aead = suite_->aead;
  keys.key.resize(crypto::aead_info(suite_->aead).key_size);
  keys.iv.resize(crypto::kAeadNonceSize);
  if (auto made = crypto::hkdf_expand_label(provider_, suite_->hash, *secret, "key", {}, keys.key);
      !made) {
    return Unexpected<Error>(std::move(made.error()));
  }
  if (auto made = crypto::hkdf_expand_label(provider_, suite_->hash, *secret, "iv", {}, keys.iv);
      !made) {
    return Unexpected<Error>(std::move(made.error()));
  }
  auto opener = record::RecordOpener::create(provider_, crypto::SuiteVersion::tls13, keys);
  if (!opener) return Unexpected<Error>(std::move(opener.error()));
  dir.opener = std::move(*opener);
  const bool handshake = dir.next_label.find("HANDSHAKE") != std::string::npos;
  dir.key_name = std::string(sender == Sender::client ? "client" : "server") +
                 (handshake ? " handshake traffic key" : " application traffic key");
  dir.next_label.clear();
  return {};
}

}  // namespace cpptls::tool::demo
