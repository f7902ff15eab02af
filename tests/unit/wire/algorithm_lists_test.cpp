#include "wire/algorithm_lists.hpp"

#include <string>

#include <gtest/gtest.h>

#include "crypto/descriptors.hpp"

namespace cpptls::wire {
namespace {

template <class T>
const Error& misuse_of(const Expected<T>& result) {
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::api_misuse);
  EXPECT_EQ(result.error().code(), ErrorCode::invalid_argument);
  return result.error();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(ParseLists, KeepsTheOrderGiven) {
  const auto suites = parse_cipher_suites("TLS_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256");
  ASSERT_TRUE(suites.has_value()) << suites.error().reason();
  EXPECT_EQ(*suites, (std::vector<CipherSuite>{CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
                                               CipherSuite::TLS_AES_128_GCM_SHA256}));
  const auto groups = parse_named_groups("secp384r1,x25519");
  ASSERT_TRUE(groups.has_value()) << groups.error().reason();
  EXPECT_EQ(*groups, (std::vector<NamedGroup>{NamedGroup::secp384r1, NamedGroup::x25519}));
  const auto schemes = parse_signature_schemes("rsa_pss_rsae_sha256");
  ASSERT_TRUE(schemes.has_value()) << schemes.error().reason();
  EXPECT_EQ(*schemes, (std::vector<SignatureScheme>{SignatureScheme::rsa_pss_rsae_sha256}));
}

TEST(ParseLists, IgnoresCaseAndSpacesAroundNames) {
  const auto groups = parse_named_groups(" X25519 , SecP256r1");
  ASSERT_TRUE(groups.has_value()) << groups.error().reason();
  EXPECT_EQ(*groups, (std::vector<NamedGroup>{NamedGroup::x25519, NamedGroup::secp256r1}));
}

TEST(ParseLists, AcceptsEveryImplementedName) {
  std::string suites;
  for (const auto& suite : crypto::all_suites())
    suites += std::string(suite.name) + ",";
  suites.pop_back();
  const auto parsed = parse_cipher_suites(suites);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().reason();
  ASSERT_EQ(parsed->size(), crypto::all_suites().size());
  for (std::size_t i = 0; i < parsed->size(); ++i) {
    EXPECT_EQ((*parsed)[i], crypto::all_suites()[i].id);
  }
  for (const auto& scheme : crypto::all_schemes()) {
    const auto one = parse_signature_schemes(scheme.name);
    ASSERT_TRUE(one.has_value()) << scheme.name;
    EXPECT_EQ(one->front(), scheme.id);
  }
}

TEST(ParseLists, RejectsUnknownNameListingTheValidOnes) {
  const auto suites = parse_cipher_suites("TLS_AES_128_GCM_SHA256,TLS_AES_512_FOO");
  const std::string reason = misuse_of(suites).reason();
  EXPECT_TRUE(contains(reason, "cipher suite \"TLS_AES_512_FOO\" is unknown")) << reason;
  for (const auto& suite : crypto::all_suites())
    EXPECT_TRUE(contains(reason, suite.name));

  const auto groups = parse_named_groups("p256");
  const std::string group_reason = misuse_of(groups).reason();
  EXPECT_TRUE(contains(group_reason, "group \"p256\" is unknown")) << group_reason;
  EXPECT_TRUE(contains(group_reason, "valid: x25519, secp256r1, secp384r1")) << group_reason;

  const auto schemes = parse_signature_schemes("rsa_sha256");
  const std::string scheme_reason = misuse_of(schemes).reason();
  EXPECT_TRUE(contains(scheme_reason, "rsa_pss_rsae_sha256")) << scheme_reason;
}

TEST(ParseLists, RejectsRegisteredNamesWeDoNotImplement) {
  const auto suites = parse_cipher_suites("TLS_FALLBACK_SCSV");
  const std::string suite_reason = misuse_of(suites).reason();
  EXPECT_TRUE(contains(suite_reason, "\"TLS_FALLBACK_SCSV\" is not supported")) << suite_reason;
  const auto groups = parse_named_groups("x25519,x448");
  const std::string group_reason = misuse_of(groups).reason();
  EXPECT_TRUE(contains(group_reason, "\"x448\" is not supported")) << group_reason;
  const auto schemes = parse_signature_schemes("ed448");
  const std::string scheme_reason = misuse_of(schemes).reason();
  EXPECT_TRUE(contains(scheme_reason, "\"ed448\" is not supported")) << scheme_reason;
}

TEST(ParseLists, RejectsEmptyListsAndEmptyEntries) {
  EXPECT_TRUE(contains(misuse_of(parse_named_groups("")).reason(), "group list is empty"));
  EXPECT_TRUE(contains(misuse_of(parse_named_groups("  ")).reason(), "group list is empty"));
  EXPECT_TRUE(contains(misuse_of(parse_named_groups("x25519,,secp256r1")).reason(),
                       "entry 2 of the group list is empty"));
  EXPECT_TRUE(contains(misuse_of(parse_named_groups("x25519,")).reason(),
                       "entry 2 of the group list is empty"));
  EXPECT_TRUE(contains(misuse_of(parse_named_groups(",x25519")).reason(),
                       "entry 1 of the group list is empty"));
}

TEST(ParseLists, RejectsRepeatedEntries) {
  const auto groups = parse_named_groups("x25519,secp256r1,X25519");
  EXPECT_TRUE(contains(misuse_of(groups).reason(), "group x25519 is listed twice"))
      << groups.error().reason();
}

}  // namespace
}  // namespace cpptls::wire
