#pragma once
// The server's session ticket keys (RFC 5077 4 and RFC 8446 4.6.1 leave the ticket's form to
// the server). A ticket is
//
//   key_name[16] || nonce[12] || AES-256-GCM(key, nonce, aad = key_name, plaintext) || tag[16]
//
// with a random nonce per ticket. Two keys are kept: the current one seals, the current and
// the previous one open, so rotate() does not invalidate tickets issued just before it. A
// ticket that does not open (an unknown key name, a failed tag, a short ticket) only means
// "not resumable": the server falls back to a full handshake, never an alert.
//
// Thread-safe: one TicketKeys serves every connection of a server.

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/provider.hpp"

namespace cpptls::handshake {

class TicketKeys {
 public:
  static constexpr std::size_t kKeyNameSize = 16;
  static constexpr std::size_t kKeySize = 32;  // AES-256-GCM

  // A fresh random current key and no previous one. `provider` must outlive the keys.
  [[nodiscard]] static Expected<std::shared_ptr<TicketKeys>> create(
      const crypto::Provider& provider);

  // The current key becomes the previous one (the old previous one is forgotten) and a new
  // random current key is made.
  [[nodiscard]] Expected<void> rotate();

  [[nodiscard]] Expected<Bytes> seal(ByteView plaintext) const;
  // The plaintext, or nothing when the ticket was not sealed by the current or previous key
  // or was altered.
  [[nodiscard]] std::optional<SecretBytes> open(ByteView ticket) const;

 private:
  struct Key {
    std::array<std::uint8_t, kKeyNameSize> name{};
    std::unique_ptr<crypto::AeadKey> aead;
  };
  explicit TicketKeys(const crypto::Provider& provider) : provider_(&provider) {}
  [[nodiscard]] Expected<Key> make_key() const;

  const crypto::Provider* provider_;
  mutable std::mutex mutex_;  // the AEAD contexts are not shareable between threads
  Key current_;
  std::optional<Key> previous_;
};

}  // namespace cpptls::handshake
