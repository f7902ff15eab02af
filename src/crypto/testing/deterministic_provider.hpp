#pragma once
// A Provider for tests, vectors and fuzzing: randomness from a seeded stream, a fixed clock,
// and exact values queued ahead for the next random() calls and key shares, so that a
// recorded handshake (RFC 8448, the TLS 1.3 traces) can be replayed byte for byte. Every
// other operation forwards to an inner (real) provider.
//
// The stream is HMAC-SHA256(key = seed as 8 big-endian bytes, counter as 8 big-endian
// bytes), block after block; each random() call starts on a fresh block. It is predictable
// by design: never use this provider outside tests.

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

#include "base/bytes.hpp"
#include "base/wipe.hpp"
#include "crypto/provider.hpp"

namespace cpptls::crypto::testing {

class DeterministicProvider final : public Provider {
 public:
  // `inner` must outlive this provider.
  DeterministicProvider(const Provider& inner, std::uint64_t seed, std::int64_t now);

  // The clock now() reports from here on.
  void set_now(std::int64_t now) noexcept;

  // The next random() call returns exactly these bytes (its output must have the same
  // length, else it fails with invalid_argument). Queued values come out in order, before
  // the seeded stream resumes.
  void queue_random(Bytes bytes);

  // The next generate_key_share(group) uses this private key (an RFC 7748 scalar for X25519,
  // a big-endian scalar for NIST curves). Entries for different groups wait independently;
  // entries for one group come out in order.
  void queue_key_share_private(NamedGroup group, Bytes private_key);

  [[nodiscard]] std::string_view name() const noexcept override;
  [[nodiscard]] std::string version() const override;
  [[nodiscard]] Expected<void> random(MutableByteView out) const noexcept override;
  [[nodiscard]] std::int64_t now() const noexcept override;

  [[nodiscard]] Expected<std::unique_ptr<Hash>> hash(HashAlgorithm algorithm) const override;
  [[nodiscard]] Expected<std::unique_ptr<Mac>> hmac(HashAlgorithm algorithm,
                                                    ByteView key) const override;
  [[nodiscard]] Expected<std::unique_ptr<AeadKey>> aead(AeadAlgorithm algorithm,
                                                        ByteView key) const override;
  // The private key comes from the queue, else from the seeded stream.
  [[nodiscard]] Expected<std::unique_ptr<KeyShare>> generate_key_share(
      NamedGroup group) const override;
  [[nodiscard]] Expected<std::unique_ptr<KeyShare>> key_share_from_private(
      NamedGroup group, ByteView private_key) const override;
  [[nodiscard]] Expected<std::unique_ptr<PublicKey>> public_key(
      ByteView subject_public_key_info) const override;
  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> private_key_from_pem(
      std::string_view pem) const override;
  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> private_key_from_der(
      ByteView pkcs8) const override;
  // Forwarded to the inner provider, so NOT deterministic: tests that need a fixed key load
  // one from PEM or DER instead.
  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> generate_private_key(
      KeyType type, std::size_t rsa_bits) const override;

 private:
  // Fills `out` from the seeded stream; the mutex is held by the caller.
  [[nodiscard]] Expected<void> draw_locked(MutableByteView out) const;
  // A private key for `group`, queued or drawn; the mutex is held by the caller.
  [[nodiscard]] Expected<SecretBytes> next_private_locked(NamedGroup group) const;

  const Provider& inner_;
  SecretBytes seed_key_;

  mutable std::mutex mutex_;  // guards the counter and the queues
  mutable std::uint64_t counter_ = 0;
  mutable std::deque<Bytes> queued_random_;
  mutable std::deque<std::pair<NamedGroup, SecretBytes>> queued_shares_;

  std::atomic<std::int64_t> now_;
};

}  // namespace cpptls::crypto::testing
