#pragma once
// Owning handles for the OpenSSL objects this folder uses: every object is released by its
// own free function on every path, including early error returns. Internal to crypto/openssl.

#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/x509.h>

namespace cpptls::crypto::openssl {

template <auto Free>
struct FreeWith {
  template <class T>
  void operator()(T* object) const noexcept {
    Free(object);
  }
};

template <class T, auto Free>
using Handle = std::unique_ptr<T, FreeWith<Free>>;

using EvpMd = Handle<EVP_MD, EVP_MD_free>;
using EvpMdCtx = Handle<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpMac = Handle<EVP_MAC, EVP_MAC_free>;
using EvpMacCtx = Handle<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using EvpCipher = Handle<EVP_CIPHER, EVP_CIPHER_free>;
using EvpCipherCtx = Handle<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using EvpPkey = Handle<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtx = Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using Bio = Handle<BIO, BIO_free>;
// Private scalars live in BIGNUMs made with BN_secure_new; BN_clear_free wipes them.
using SecretBignum = Handle<BIGNUM, BN_clear_free>;
using BnCtx = Handle<BN_CTX, BN_CTX_free>;
using EcGroup = Handle<EC_GROUP, EC_GROUP_free>;
using EcPoint = Handle<EC_POINT, EC_POINT_free>;
using ParamBuilder = Handle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
// OSSL_PARAM_free clears the block that OSSL_PARAM_BLD put in secure memory for secret BNs.
using ParamList = Handle<OSSL_PARAM, OSSL_PARAM_free>;
using Pkcs8Info = Handle<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;

}  // namespace cpptls::crypto::openssl
