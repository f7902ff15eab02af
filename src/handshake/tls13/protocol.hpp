#pragma once
// Constants and small rules of RFC 8446 that the TLS 1.3 client and server share.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/transcript.hpp"
#include "wire/messages/hello_random.hpp"

namespace cpptls::hs13 {

// The HelloRetryRequest random and the downgrade sentinels are in wire/messages/hello_random.hpp.

[[nodiscard]] inline bool is_hello_retry_request(const wire::Random& random) noexcept {
  return random == wire::kHelloRetryRequestRandom;
}

// RFC 8446 4.4.1: after a HelloRetryRequest the transcript starts with the synthetic
// message_hash message: 254, 00 00 Hash.length, Hash(ClientHello1).
[[nodiscard]] Bytes message_hash_message(ByteView client_hello1_hash);

enum class Signer : std::uint8_t { server, client };

// RFC 8446 4.4.3: the content that CertificateVerify signs: 64 spaces, the context string
// ("TLS 1.3, server CertificateVerify" or "TLS 1.3, client CertificateVerify"), a zero byte,
// and the transcript hash through Certificate.
[[nodiscard]] Bytes certificate_verify_content(Signer signer, ByteView transcript_hash);

// RFC 8446 4.2.3: whether `scheme` may sign or verify a TLS 1.3 CertificateVerify with `key`:
// never PKCS#1 v1.5; ECDSA schemes bound to their curve (ecdsa_secp256r1_sha256 to P-256, ...);
// rsa_pss_rsae_* with rsaEncryption keys and rsa_pss_pss_* with RSASSA-PSS keys; ed25519.
[[nodiscard]] bool scheme_fits_key_tls13(crypto::SignatureScheme scheme,
                                         crypto::KeyType key) noexcept;

// The first of `ours` that the peer lists and that `key`, of `key_bits`, can make in TLS 1.3
// (handshake::key_large_enough: no RSA-PSS hash too large for the key).
[[nodiscard]] std::optional<crypto::SignatureScheme> choose_tls13_signature_scheme(
    std::span<const crypto::SignatureScheme> ours, std::span<const crypto::SignatureScheme> theirs,
    crypto::KeyType key, std::size_t key_bits) noexcept;

// The TLS 1.3 suites we implement, in the order they appear in `configured` (the defaults when
// it is empty): TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256.
[[nodiscard]] std::vector<crypto::CipherSuite> tls13_suites(
    std::span<const crypto::CipherSuite> configured);

// The key log labels of RFC 8446 / NSS SSLKEYLOGFILE for TLS 1.3.
inline constexpr std::string_view kLogClientHandshake = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
inline constexpr std::string_view kLogServerHandshake = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
inline constexpr std::string_view kLogClientTraffic0 = "CLIENT_TRAFFIC_SECRET_0";
inline constexpr std::string_view kLogServerTraffic0 = "SERVER_TRAFFIC_SECRET_0";
inline constexpr std::string_view kLogExporter = "EXPORTER_SECRET";

}  // namespace cpptls::hs13
