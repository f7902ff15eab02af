#pragma once
// Record sizes (RFC 8446 5.1-5.2, RFC 5246 6.2). Every buffer in the record layer is bounded
// by these, so a peer's length field can never make us allocate or read more.

#include <cstddef>

namespace cpptls::record {

// type(1) || legacy_record_version(2) || length(2): RFC 8446 5.1, RFC 5246 6.2.1.
inline constexpr std::size_t kHeaderSize = 5;

// TLSPlaintext.length and the content of a protected record: RFC 8446 5.1, RFC 5246 6.2.1.
inline constexpr std::size_t kMaxPlaintext = std::size_t{1} << 14;

// TLSCiphertext.length under TLS 1.3: 2^14 + 256 (RFC 8446 5.2).
inline constexpr std::size_t kMaxTls13Ciphertext = kMaxPlaintext + 256;

// TLSInnerPlaintext (content, content type and padding) under TLS 1.3: 2^14 + 1
// (RFC 8446 5.4).
inline constexpr std::size_t kMaxTls13InnerPlaintext = kMaxPlaintext + 1;

// TLSCiphertext.length under TLS 1.2: 2^14 + 2048 (RFC 5246 6.2.3).
inline constexpr std::size_t kMaxTls12Ciphertext = kMaxPlaintext + 2048;

// The largest record any state accepts, header included: the size of the deframer's buffer.
inline constexpr std::size_t kMaxRecordSize = kHeaderSize + kMaxTls12Ciphertext;

// The most a sealed record adds to its fragment besides the header, without TLS 1.3 padding:
// the 8-byte explicit nonce and 16-byte tag of TLS 1.2 AES-GCM (RFC 5288 3); TLS 1.3 adds
// 1 + 16 and ChaCha20-Poly1305 under TLS 1.2 adds 16.
inline constexpr std::size_t kMaxSealOverhead = 8 + 16;

}  // namespace cpptls::record
