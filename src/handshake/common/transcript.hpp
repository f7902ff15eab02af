#pragma once
// The running hash of the handshake messages (RFC 5246 7.4.9 "handshake_messages", RFC 8446
// 4.4.1 "Transcript-Hash"). The hash function is the cipher suite's, which is known only once
// the ServerHello is: until then the messages are kept as bytes, and start() hashes them.
// digest() reads the hash so far from a copy of the running state, so the transcript carries
// on after each Finished, EMS session hash or (TLS 1.3) key derivation.

#include <array>
#include <cstddef>
#include <memory>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"

namespace cpptls::handshake {

// A digest of up to 64 bytes, without an allocation.
struct Digest {
  std::array<std::uint8_t, crypto::kMaxDigestSize> bytes{};
  std::size_t size = 0;

  [[nodiscard]] ByteView view() const noexcept { return {bytes.data(), size}; }
};

class TranscriptHash {
 public:
  TranscriptHash() = default;
  TranscriptHash(TranscriptHash&&) noexcept = default;
  TranscriptHash& operator=(TranscriptHash&&) noexcept = default;
  TranscriptHash(const TranscriptHash&) = delete;
  TranscriptHash& operator=(const TranscriptHash&) = delete;
  ~TranscriptHash() = default;

  // Appends one whole handshake message (header and body).
  void add(ByteView message);

  // Chooses the hash: the messages kept so far are hashed and released. Calling it twice is
  // our bug (internal_error).
  [[nodiscard]] Expected<void> start(const crypto::Provider& provider,
                                     crypto::HashAlgorithm algorithm);
  [[nodiscard]] bool started() const noexcept { return hash_ != nullptr; }

  // The hash of every message added so far; internal_error before start().
  [[nodiscard]] Expected<Digest> digest() const;

  // The messages kept before start() (empty afterwards).
  [[nodiscard]] ByteView buffered() const noexcept { return buffer_; }

 private:
  Bytes buffer_;
  std::unique_ptr<crypto::Hash> hash_;
};

}  // namespace cpptls::handshake
