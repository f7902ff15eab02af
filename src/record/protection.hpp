#pragma once
// What RecordSealer and RecordOpener share: the traffic keys they are built from, the state
// of each kind of protection, and the nonce and additional-data layouts of TLS 1.2
// (RFC 5246 6.2.3.3, RFC 5288 3, RFC 7905 2) and TLS 1.3 (RFC 8446 5.2-5.3).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "crypto/traffic_keys.hpp"
#include "record/header.hpp"

namespace cpptls::record {

// The traffic keys are the key schedules' product; the record layer names them as its own.
using crypto::TrafficKeys;

// A record after opening: its real content type (for TLS 1.3, the inner one) and its content,
// a view into the fragment that was opened in place.
struct OpenedRecord {
  ContentType type = ContentType::invalid;
  MutableByteView plaintext;
};

namespace detail {

using Nonce = std::array<std::uint8_t, crypto::kAeadNonceSize>;
inline constexpr std::size_t kTls12AadSize = 13;
using Tls12Aad = std::array<std::uint8_t, kTls12AadSize>;

// An AEAD key keyed once (provider.aead) with the IV that makes each record's nonce.
struct AeadState {
  std::unique_ptr<crypto::AeadKey> key;
  SecretBytes iv;
  // TLS 1.2 AES-GCM: 8 bytes of nonce sent before each ciphertext (RFC 5288 3); 0 otherwise.
  std::size_t explicit_nonce_size = 0;
  // Records one key may protect (crypto::AeadInfo::confidentiality_limit).
  std::uint64_t confidentiality_limit = 0;
};

// No protection yet: records are sent and read in the clear, with this record version.
struct PlaintextState {
  std::uint16_t version = kTls12RecordVersion;
};
struct Tls12State {
  AeadState aead;
};
struct Tls13State {
  AeadState aead;
};

// Checks the key and IV sizes for `version` and keys the AEAD once.
[[nodiscard]] Expected<AeadState> make_aead_state(const crypto::Provider& provider,
                                                  crypto::SuiteVersion version,
                                                  const TrafficKeys& keys);

// RFC 8446 5.3 and RFC 7905 2: the 64-bit sequence number, big endian and left-padded with
// zeros to 12 bytes, XORed with the 12-byte IV.
[[nodiscard]] Nonce xor_nonce(ByteView iv, std::uint64_t sequence) noexcept;

// RFC 5288 3: GCMNonce = salt (4 bytes from the key block) || nonce_explicit (8 bytes).
[[nodiscard]] Nonce gcm_nonce(ByteView salt, ByteView explicit_nonce) noexcept;

// RFC 5246 6.2.3.3: additional_data = seq_num || type || version || length.
[[nodiscard]] Tls12Aad tls12_aad(std::uint64_t sequence, ContentType type, std::uint16_t version,
                                 std::size_t length) noexcept;

void put_u64(std::span<std::uint8_t, 8> out, std::uint64_t value) noexcept;

// "handshake (22)", for error reasons.
[[nodiscard]] std::string describe(ContentType type);

// A sequence number may not wrap (RFC 8446 5.3, RFC 5246 6.1): the last value is never used.
[[nodiscard]] constexpr bool sequence_exhausted(std::uint64_t sequence) noexcept {
  return sequence == ~std::uint64_t{0};
}

}  // namespace detail
}  // namespace cpptls::record
