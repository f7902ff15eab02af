#pragma once
// The keys of one direction of record protection, as the key schedules derive them and the
// record layer installs them. They live in crypto, below both, so that the handshake can hand
// them over without depending on the record layer (design rule 2).

#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"

namespace cpptls::crypto {

// The key and IV of one direction. `iv` is 12 bytes for TLS 1.3 (RFC 8446 7.3); for TLS 1.2
// it is the part of the key block the suite takes (CipherSuiteInfo::tls12_fixed_iv_size): the
// 4-byte salt for AES-GCM (RFC 5288 3), the 12-byte nonce mask for ChaCha20-Poly1305
// (RFC 7905 2).
struct TrafficKeys {
  AeadAlgorithm aead = AeadAlgorithm::aes_128_gcm;
  SecretBytes key;
  SecretBytes iv;
};

}  // namespace cpptls::crypto
