// The negotiation helpers: server preference, the key's abilities, RFC 5246 defaults, ALPN.

#include "handshake/common/negotiation.hpp"

#include <gtest/gtest.h>

#include "handshake/common/defaults.hpp"

namespace cpptls::handshake {
namespace {

using crypto::CipherSuite;
using crypto::KeyExchange;
using crypto::KeyType;
using crypto::NamedGroup;
using crypto::SignatureScheme;

TEST(Negotiation, KeysServeOnlyTheirKeyExchanges) {
  EXPECT_TRUE(key_serves(KeyExchange::ecdhe_ecdsa, KeyType::ec_p256));
  EXPECT_TRUE(key_serves(KeyExchange::ecdhe_ecdsa, KeyType::ec_p384));
  EXPECT_TRUE(key_serves(KeyExchange::ecdhe_ecdsa, KeyType::ed25519));  // RFC 8422 5.1.3
  EXPECT_FALSE(key_serves(KeyExchange::ecdhe_ecdsa, KeyType::rsa));
  EXPECT_TRUE(key_serves(KeyExchange::ecdhe_rsa, KeyType::rsa));
  EXPECT_FALSE(key_serves(KeyExchange::ecdhe_rsa, KeyType::ec_p256));
  EXPECT_TRUE(key_serves(KeyExchange::rsa, KeyType::rsa));
  EXPECT_FALSE(key_serves(KeyExchange::rsa, KeyType::rsa_pss));  // cannot decrypt
  EXPECT_FALSE(key_serves(KeyExchange::rsa, KeyType::ec_p256));
}

TEST(Negotiation, EcdsaSchemesFitAnyEcKeyInTls12) {
  EXPECT_TRUE(scheme_fits_key_tls12(SignatureScheme::ecdsa_secp384r1_sha384, KeyType::ec_p256));
  EXPECT_TRUE(scheme_fits_key_tls12(SignatureScheme::ecdsa_secp256r1_sha256, KeyType::ec_p384));
  EXPECT_FALSE(scheme_fits_key_tls12(SignatureScheme::ecdsa_secp256r1_sha256, KeyType::rsa));
  EXPECT_TRUE(scheme_fits_key_tls12(SignatureScheme::rsa_pkcs1_sha256, KeyType::rsa));
  EXPECT_TRUE(scheme_fits_key_tls12(SignatureScheme::rsa_pss_rsae_sha384, KeyType::rsa));
  EXPECT_FALSE(scheme_fits_key_tls12(SignatureScheme::rsa_pss_pss_sha256, KeyType::rsa));
  EXPECT_FALSE(scheme_fits_key_tls12(SignatureScheme::rsa_pkcs1_sha1, KeyType::rsa));  // unknown
}

TEST(Negotiation, ImpliesSha1WhenSignatureAlgorithmsIsAbsent) {
  EXPECT_EQ(tls12_implied_signature_schemes(KeyExchange::ecdhe_rsa),
            std::vector{SignatureScheme::rsa_pkcs1_sha1});
  EXPECT_EQ(tls12_implied_signature_schemes(KeyExchange::ecdhe_ecdsa),
            std::vector{SignatureScheme::ecdsa_sha1});
}

TEST(Negotiation, ChoosesGroupsAndSchemesByOurPreference) {
  const std::vector ours = {NamedGroup::secp384r1, NamedGroup::x25519};
  const std::vector theirs = {NamedGroup::x25519, NamedGroup::secp384r1, NamedGroup::x448};
  EXPECT_EQ(choose_group(ours, theirs), NamedGroup::secp384r1);
  EXPECT_EQ(choose_group(ours, std::vector{NamedGroup::secp256r1}), std::nullopt);
  // A group we do not implement is never chosen, even if configured.
  EXPECT_EQ(choose_group(std::vector{NamedGroup::x448}, std::vector{NamedGroup::x448}),
            std::nullopt);

  const std::span<const SignatureScheme> defaults = default_signature_schemes();
  EXPECT_EQ(choose_tls12_signature_scheme(defaults,
                                          std::vector{SignatureScheme::rsa_pkcs1_sha256,
                                                      SignatureScheme::rsa_pss_rsae_sha256},
                                          KeyType::rsa, 2048),
            SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_EQ(choose_tls12_signature_scheme(defaults, std::vector{SignatureScheme::ed25519},
                                          KeyType::ec_p256, 256),
            std::nullopt);
}

// RFC 8017 9.1.1: RSASSA-PSS with SHA-512 and a 64-byte salt needs emLen >= 130, so a
// 1024-bit key (emLen 128) cannot make it; SHA-384 (98) it can.
TEST(Negotiation, PassesOverAnRsaPssHashTooLargeForTheKey) {
  EXPECT_FALSE(key_large_enough(SignatureScheme::rsa_pss_rsae_sha512, 1024));
  EXPECT_TRUE(key_large_enough(SignatureScheme::rsa_pss_rsae_sha512, 1040));
  EXPECT_TRUE(key_large_enough(SignatureScheme::rsa_pss_rsae_sha384, 1024));
  EXPECT_TRUE(key_large_enough(SignatureScheme::rsa_pkcs1_sha512, 1024));
  const std::vector ours = {SignatureScheme::rsa_pss_rsae_sha512,
                            SignatureScheme::rsa_pss_rsae_sha384};
  EXPECT_EQ(choose_tls12_signature_scheme(ours, ours, KeyType::rsa, 1024),
            SignatureScheme::rsa_pss_rsae_sha384);
  EXPECT_EQ(choose_tls12_signature_scheme(ours, ours, KeyType::rsa, 2048),
            SignatureScheme::rsa_pss_rsae_sha512);
}

TEST(Negotiation, AlpnFollowsTheServerAndFailsWithoutOverlap) {
  const std::vector<std::string> ours = {"h2", "http/1.1"};
  const std::string h11 = "http/1.1";
  const std::string h2 = "h2";
  const std::vector<ByteView> theirs = {as_bytes(h11), as_bytes(h2)};
  auto chosen = choose_alpn(ours, theirs);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(*chosen, "h2");

  auto none = choose_alpn({}, theirs);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  const std::string imap = "imap";
  auto refused = choose_alpn(ours, std::vector<ByteView>{as_bytes(imap)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().alert(), AlertDescription::no_application_protocol);
  EXPECT_NE(refused.error().reason().find("imap"), std::string::npos);
}

TEST(Negotiation, ChoosesTheServersFirstSuiteTheKeyCanServe) {
  const std::vector server = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                              CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                              CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  const std::vector client = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                              CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                              CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384};
  const std::vector groups = {NamedGroup::x25519};
  const std::vector schemes = {SignatureScheme::rsa_pss_rsae_sha256};
  Tls12Offer offer{client, std::span<const NamedGroup>(groups),
                   std::span<const SignatureScheme>(schemes)};
  auto choice = choose_tls12(
      {server, default_groups(), default_signature_schemes(), KeyType::rsa, 2048}, offer);
  ASSERT_TRUE(choice) << choice.error().to_string();
  EXPECT_EQ(choice->suite->id, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
  EXPECT_EQ(choice->group, NamedGroup::x25519);
  EXPECT_EQ(choice->scheme, SignatureScheme::rsa_pss_rsae_sha256);

  // Without a common signature scheme the ECDHE suites drop out; RSA key transport remains.
  const std::vector ecdsa_only = {SignatureScheme::ecdsa_secp256r1_sha256};
  offer.schemes = std::span<const SignatureScheme>(ecdsa_only);
  choice = choose_tls12({server, default_groups(), default_signature_schemes(), KeyType::rsa, 2048},
                        offer);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->suite->id, CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);
  EXPECT_FALSE(choice->group);
}

TEST(Negotiation, IgnoresTls13SuitesForTls12) {
  const std::vector both = {CipherSuite::TLS_AES_128_GCM_SHA256};
  auto choice =
      choose_tls12({both, default_groups(), default_signature_schemes(), KeyType::rsa, 2048},
                   Tls12Offer{both, std::nullopt, std::nullopt});
  ASSERT_FALSE(choice);
  EXPECT_EQ(choice.error().alert(), AlertDescription::handshake_failure);
}

TEST(Negotiation, DefaultsLeaveOutRsaKeyTransport) {
  EXPECT_EQ(default_tls12_cipher_suites().size(), 6U);
  for (const CipherSuite suite : default_tls12_cipher_suites()) {
    EXPECT_NE(crypto::find_suite(suite)->key_exchange, KeyExchange::rsa);
    EXPECT_EQ(crypto::find_suite(suite)->version, crypto::SuiteVersion::tls12);
  }
  EXPECT_EQ(default_groups().size(), 3U);
  EXPECT_EQ(default_signature_schemes().size(), 12U);
  for (const SignatureScheme scheme : default_signature_schemes())
    EXPECT_NE(crypto::find_scheme(scheme), nullptr);
}

}  // namespace
}  // namespace cpptls::handshake
