#pragma once
// A fast way in for the public keys of nearly every certificate chain: RSA, EC P-256/P-384
// and Ed25519 SubjectPublicKeyInfo built straight from their parts (EVP_PKEY_fromdata and
// EVP_PKEY_new_raw_public_key_ex) instead of d2i_PUBKEY_ex, whose OSSL_DECODER set-up costs
// 60-100 us per key in OpenSSL 3.0, more than the signature check the key is needed for.
// Internal to crypto/openssl.

#include "base/bytes.hpp"
#include "crypto/openssl/fetched.hpp"
#include "crypto/openssl/handles.hpp"

namespace cpptls::crypto::openssl {

// The key of a SubjectPublicKeyInfo in one of these exact DER shapes (RFC 5280 4.1.2.7):
//  - rsaEncryption with NULL parameters and an RSAPublicKey of two positive minimal
//    INTEGERs (RFC 3279 2.3.1),
//  - id-ecPublicKey with the namedCurve prime256v1 or secp384r1 (RFC 5480 2.1.1, 2.2),
//  - id-Ed25519 without parameters and 32 key octets (RFC 8410 3, 4),
// with nothing after it. For anything else, or when libcrypto refuses the parts (an EC point
// not on its curve), it returns null and leaves the error queue empty: the caller then takes
// the general d2i_PUBKEY_ex path, which decides and says why. EC keys start from a copy of
// `fetched`'s domain parameters (Fetched::ec_domain).
[[nodiscard]] EvpPkey import_common_public_key(const Fetched& fetched, ByteView spki);

}  // namespace cpptls::crypto::openssl
