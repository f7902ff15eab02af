#pragma once
// HKDF (RFC 5869) on the provider's HMAC, and TLS 1.3's HKDF-Expand-Label (RFC 8446 7.1).

#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/provider.hpp"

namespace cpptls::crypto {

// PRK = HMAC-Hash(salt, IKM); an empty salt means digest_size zero bytes (RFC 5869 2.2).
[[nodiscard]] Expected<SecretBytes> hkdf_extract(const Provider& provider, HashAlgorithm hash,
                                                 ByteView salt, ByteView ikm);

// Fills `out` (at most 255 * digest_size bytes) with HKDF-Expand(PRK, info).
[[nodiscard]] Expected<void> hkdf_expand(const Provider& provider, HashAlgorithm hash, ByteView prk,
                                         ByteView info, MutableByteView out);

// HKDF-Expand-Label(Secret, Label, Context, Length) with the "tls13 " prefix added here.
// `label` is given without the prefix ("key", "iv", "c hs traffic").
[[nodiscard]] Expected<void> hkdf_expand_label(const Provider& provider, HashAlgorithm hash,
                                               ByteView secret, std::string_view label,
                                               ByteView context, MutableByteView out);

}  // namespace cpptls::crypto
