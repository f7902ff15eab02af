#pragma once
// The TLS 1.2 PRF (RFC 5246 5), P_hash on the provider's HMAC. Used for the master secret,
// the extended master secret (RFC 7627 4), the key block and Finished.

#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"

namespace cpptls::crypto {

// Fills `out` with PRF(secret, label, seed_a + seed_b). seed_b may be empty; it exists
// because every TLS 1.2 use joins two values (the two randoms, or their reverse).
[[nodiscard]] Expected<void> tls12_prf(const Provider& provider, HashAlgorithm hash,
                                       ByteView secret, std::string_view label, ByteView seed_a,
                                       ByteView seed_b, MutableByteView out);

}  // namespace cpptls::crypto
