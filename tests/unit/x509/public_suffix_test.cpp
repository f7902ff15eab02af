// The public suffix list: rules, wildcard and exception rules, the implicit "*" rule.

#include "x509/public_suffix.hpp"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "x509/hostname.hpp"

namespace cpptls::x509 {
namespace {

using ::testing::HasSubstr;

PublicSuffixList sample() {
  auto list = PublicSuffixList::parse(
      "// comment\n"
      "\n"
      "com\n"
      "uk\n"
      "co.uk   trailing words are ignored\n"
      "*.ck\n"
      "!www.ck\n"
      "\xe5\x85\xac\xe5\x8f\xb8.cn\n"  // 公司.cn
      "// ===BEGIN PRIVATE DOMAINS===\n"
      "s3.amazonaws.com\n");
  EXPECT_TRUE(list) << list.error().reason();
  return list ? *list : PublicSuffixList();
}

TEST(PublicSuffixList, KnowsListedSuffixesAndNotTheDomainsBelowThem) {
  const PublicSuffixList list = sample();
  EXPECT_TRUE(list.is_public_suffix("co.uk"));
  EXPECT_TRUE(list.is_public_suffix("CO.UK."));
  EXPECT_FALSE(list.is_public_suffix("example.co.uk"));
  EXPECT_TRUE(list.is_public_suffix("s3.amazonaws.com"));
  EXPECT_FALSE(list.is_public_suffix("amazonaws.com"));
}

TEST(PublicSuffixList, TreatsEverySingleLabelAsASuffix) {
  EXPECT_TRUE(sample().is_public_suffix("localhost"));
  EXPECT_TRUE(PublicSuffixList().is_public_suffix("anything"));
}

TEST(PublicSuffixList, AppliesWildcardAndExceptionRules) {
  const PublicSuffixList list = sample();
  EXPECT_TRUE(list.is_public_suffix("foo.ck"));
  EXPECT_FALSE(list.is_public_suffix("www.ck"));
  EXPECT_FALSE(list.is_public_suffix("a.foo.ck"));
}

TEST(PublicSuffixList, StoresUnicodeRulesAsALabels) {
  EXPECT_TRUE(sample().is_public_suffix("xn--55qx5d.cn"));
}

TEST(PublicSuffixList, RefusesALineThatIsNoRule) {
  auto list = PublicSuffixList::parse("com\nbad..rule\n");
  ASSERT_FALSE(list);
  EXPECT_THAT(list.error().reason(), HasSubstr("line 2"));
}

TEST(PublicSuffixList, WildcardsOverASuffixMatchNoHost) {
  const PublicSuffixList list = sample();
  EXPECT_FALSE(dns_name_matches("*.co.uk", "example.co.uk", &list));
  EXPECT_TRUE(dns_name_matches("*.example.co.uk", "www.example.co.uk", &list));
  EXPECT_TRUE(dns_name_matches("*.co.uk", "example.co.uk")) << "no list, no check";
}

TEST(PublicSuffixList, ReadsTheRealList) {
  const char* path = "/usr/share/publicsuffix/public_suffix_list.dat";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "publicsuffix is not installed";
  auto list = PublicSuffixList::load_file(path);
  ASSERT_TRUE(list) << list.error().reason();
  EXPECT_GT(list->size(), 5000u);
  EXPECT_TRUE(list->is_public_suffix("co.uk"));
  EXPECT_TRUE(list->is_public_suffix("s3.amazonaws.com"));
  EXPECT_FALSE(list->is_public_suffix("example.com"));
}

}  // namespace
}  // namespace cpptls::x509
