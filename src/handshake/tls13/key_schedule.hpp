#pragma once
// The TLS 1.3 key schedule (RFC 8446 7.1) as one-way, move-only stages (design rule 4):
//
//   EarlySecret      = HKDF-Extract(0, PSK or zeros)
//     -> binder key, client_early_traffic_secret
//   HandshakeSecret  = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE)
//     -> client/server handshake traffic secrets
//   MasterSecret     = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0)
//     -> client/server application traffic secrets, exporter and resumption master secrets
//
// Each stage is made only by consuming the one before it, so a secret cannot be derived out of
// order or reused. Traffic secrets give the record keys (7.3), the Finished key (4.4.4) and
// the next generation for KeyUpdate (7.2).

#include <cstdint>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "crypto/traffic_keys.hpp"
#include "handshake/common/transcript.hpp"

namespace cpptls::hs13 {

// What every stage carries: the provider and the suite's hash.
struct ScheduleContext {
  const crypto::Provider* provider = nullptr;
  crypto::HashAlgorithm hash = crypto::HashAlgorithm::sha256;

  [[nodiscard]] std::size_t digest_size() const noexcept { return crypto::digest_size(hash); }
};

// One traffic secret (client or server; handshake or application, any generation).
class TrafficSecret {
 public:
  TrafficSecret(ScheduleContext context, SecretBytes secret) noexcept
      : context_(context), secret_(std::move(secret)) {}
  TrafficSecret(TrafficSecret&&) noexcept = default;
  TrafficSecret& operator=(TrafficSecret&&) noexcept = default;
  TrafficSecret(const TrafficSecret&) = delete;
  TrafficSecret& operator=(const TrafficSecret&) = delete;
  ~TrafficSecret() = default;

  // RFC 8446 7.3: key = HKDF-Expand-Label(secret, "key", "", key_length), iv likewise with
  // "iv" and 12 bytes.
  [[nodiscard]] Expected<crypto::TrafficKeys> traffic_keys(crypto::AeadAlgorithm aead) const;
  // RFC 8446 4.4.4: finished_key = HKDF-Expand-Label(secret, "finished", "", Hash.length), and
  // verify_data = HMAC(finished_key, transcript_hash).
  [[nodiscard]] Expected<handshake::Digest> finished_verify_data(ByteView transcript_hash) const;
  // RFC 8446 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd",
  // "", Hash.length).
  [[nodiscard]] Expected<TrafficSecret> next_generation() const;

  // For the key log and known-answer tests.
  [[nodiscard]] ByteView bytes() const noexcept { return secret_; }
  [[nodiscard]] const ScheduleContext& context() const noexcept { return context_; }

 private:
  ScheduleContext context_;
  SecretBytes secret_;
};

class HandshakeSecret;
class MasterSecret;

class EarlySecret {
 public:
  // Without a PSK, RFC 8446 7.1 uses a string of Hash.length zero bytes.
  [[nodiscard]] static Expected<EarlySecret> without_psk(ScheduleContext context);
  [[nodiscard]] static Expected<EarlySecret> from_psk(ScheduleContext context, ByteView psk);

  EarlySecret(EarlySecret&&) noexcept = default;
  EarlySecret& operator=(EarlySecret&&) noexcept = default;
  EarlySecret(const EarlySecret&) = delete;
  EarlySecret& operator=(const EarlySecret&) = delete;
  ~EarlySecret() = default;

  enum class BinderKind : std::uint8_t { resumption, external };
  // RFC 8446 4.2.11.2: the PSK binder is
  // HMAC(finished_key(Derive-Secret(early, "res binder" | "ext binder", "")), truncated CH hash).
  [[nodiscard]] Expected<handshake::Digest> binder(BinderKind kind,
                                                   ByteView truncated_hello_hash) const;
  // Derive-Secret(early, "c e traffic", ClientHello).
  [[nodiscard]] Expected<TrafficSecret> client_early_traffic_secret(ByteView hello_hash) const;

  // HKDF-Extract(Derive-Secret(early, "derived", ""), shared_secret). Without (EC)DHE
  // (psk_ke), `shared_secret` is empty and Hash.length zeros are used.
  [[nodiscard]] Expected<HandshakeSecret> into_handshake_secret(ByteView shared_secret) &&;

  [[nodiscard]] ByteView bytes() const noexcept { return secret_; }

 private:
  EarlySecret(ScheduleContext context, SecretBytes secret) noexcept
      : context_(context), secret_(std::move(secret)) {}
  ScheduleContext context_;
  SecretBytes secret_;
};

// The handshake traffic secrets, derived from the transcript through ServerHello.
struct HandshakeTrafficSecrets {
  TrafficSecret client;
  TrafficSecret server;
};

class HandshakeSecret {
 public:
  HandshakeSecret(HandshakeSecret&&) noexcept = default;
  HandshakeSecret& operator=(HandshakeSecret&&) noexcept = default;
  HandshakeSecret(const HandshakeSecret&) = delete;
  HandshakeSecret& operator=(const HandshakeSecret&) = delete;
  ~HandshakeSecret() = default;

  // "c hs traffic" and "s hs traffic" over Hash(ClientHello..ServerHello).
  [[nodiscard]] Expected<HandshakeTrafficSecrets> traffic_secrets(ByteView hello_hash) const;
  // HKDF-Extract(Derive-Secret(handshake, "derived", ""), zeros).
  [[nodiscard]] Expected<MasterSecret> into_master_secret() &&;

  [[nodiscard]] ByteView bytes() const noexcept { return secret_; }

 private:
  friend class EarlySecret;
  HandshakeSecret(ScheduleContext context, SecretBytes secret) noexcept
      : context_(context), secret_(std::move(secret)) {}
  ScheduleContext context_;
  SecretBytes secret_;
};

// The application traffic secrets and the exporter master secret, derived from the transcript
// through the server's Finished.
struct ApplicationSecrets {
  TrafficSecret client;
  TrafficSecret server;
  SecretBytes exporter_master;
};

class MasterSecret {
 public:
  MasterSecret(MasterSecret&&) noexcept = default;
  MasterSecret& operator=(MasterSecret&&) noexcept = default;
  MasterSecret(const MasterSecret&) = delete;
  MasterSecret& operator=(const MasterSecret&) = delete;
  ~MasterSecret() = default;

  // "c ap traffic", "s ap traffic" and "exp master" over Hash(ClientHello..server Finished).
  [[nodiscard]] Expected<ApplicationSecrets> application_secrets(
      ByteView server_finished_hash) const;
  // "res master" over Hash(ClientHello..client Finished); the last use of the master secret.
  [[nodiscard]] Expected<SecretBytes> resumption_master_secret(ByteView client_finished_hash) const;

  [[nodiscard]] ByteView bytes() const noexcept { return secret_; }

 private:
  friend class HandshakeSecret;
  MasterSecret(ScheduleContext context, SecretBytes secret) noexcept
      : context_(context), secret_(std::move(secret)) {}
  ScheduleContext context_;
  SecretBytes secret_;
};

// RFC 8446 4.6.1: the PSK of a ticket, HKDF-Expand-Label(resumption_master_secret,
// "resumption", ticket_nonce, Hash.length).
[[nodiscard]] Expected<SecretBytes> resumption_psk(ScheduleContext context,
                                                   ByteView resumption_master_secret,
                                                   ByteView ticket_nonce);

// RFC 8446 7.1: Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
// Transcript-Hash(Messages), Hash.length), with the hash already computed.
[[nodiscard]] Expected<SecretBytes> derive_secret(ScheduleContext context, ByteView secret,
                                                  std::string_view label, ByteView messages_hash);

// The hash of no messages, Hash(""), for "derived" and the binder keys.
[[nodiscard]] Expected<handshake::Digest> empty_hash(ScheduleContext context);

}  // namespace cpptls::hs13
