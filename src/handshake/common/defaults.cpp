#include "handshake/common/defaults.hpp"

#include <array>

namespace cpptls::handshake {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using crypto::SignatureScheme;

constexpr std::array kSuites{
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
};

constexpr std::array kTls13Suites{
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
};

constexpr std::array kGroups{NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};

constexpr std::array kSchemes{
    SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
    SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,
    SignatureScheme::rsa_pss_rsae_sha512,    SignatureScheme::rsa_pss_pss_sha256,
    SignatureScheme::rsa_pss_pss_sha384,     SignatureScheme::rsa_pss_pss_sha512,
    SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pkcs1_sha384,
    SignatureScheme::rsa_pkcs1_sha512,       SignatureScheme::ed25519,
};

}  // namespace

std::span<const crypto::CipherSuite> default_tls12_cipher_suites() noexcept {
  return kSuites;
}

std::span<const crypto::CipherSuite> default_tls13_cipher_suites() noexcept {
  return kTls13Suites;
}

std::span<const crypto::NamedGroup> default_groups() noexcept {
  return kGroups;
}

std::span<const crypto::SignatureScheme> default_signature_schemes() noexcept {
  return kSchemes;
}

}  // namespace cpptls::handshake
