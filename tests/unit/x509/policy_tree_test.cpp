// Certificate policies (RFC 5280 6.1: valid_policy_tree, requireExplicitPolicy,
// policyMappings, inhibitPolicyMapping, inhibitAnyPolicy), along paths and on the tree alone.

#include "x509/policy_tree.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kP1 = "1.3.6.1.4.1.99999.1";
constexpr std::string_view kP2 = "1.3.6.1.4.1.99999.2";
constexpr std::string_view kP3 = "1.3.6.1.4.1.99999.3";

// Root -> CA (with `ca_extensions`) -> leaf (with `leaf_extensions`), verified.
Expected<CertificateVerified> policy_chain(const std::vector<Bytes>& ca_extensions,
                                           const std::vector<Bytes>& leaf_extensions) {
  const Entity root = make_root("Policy Root");
  CertSpec ca = ca_spec("Policy CA");
  ca.extensions.insert(ca.extensions.end(), ca_extensions.begin(), ca_extensions.end());
  const Entity issuer = issue(ca, make_key(), &root);
  CertSpec leaf = leaf_spec();
  leaf.extensions.insert(leaf.extensions.end(), leaf_extensions.begin(), leaf_extensions.end());
  return verify_chain(issue(leaf, make_key(), &issuer), {&issuer}, {&root});
}

void expect_policy_failure(const Expected<CertificateVerified>& result, std::string_view text) {
  ASSERT_FALSE(result) << "accepted, expected: " << text;
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_invalid);
  EXPECT_THAT(result.error().reason(), HasSubstr(std::string(text)));
}

TEST(PolicyPath, AcceptsPathsWithoutPoliciesWhenNoneIsRequired) {
  EXPECT_TRUE(policy_chain({}, {}));
  EXPECT_TRUE(policy_chain({ext_policies({kP1})}, {ext_policies({kP2})}));
}

TEST(PolicyPath, RequireExplicitPolicyNeedsAPolicyValidForTheWholePath) {
  const Bytes require = ext_policy_constraints(0, std::nullopt);
  EXPECT_TRUE(policy_chain({ext_policies({kP1}), require}, {ext_policies({kP1})}));
  expect_policy_failure(policy_chain({ext_policies({kP1}), require}, {}),
                        "no certificate policy is valid for the whole path down to "
                        "CN=www.example.com, but CN=Policy CA requires an explicit policy");
  expect_policy_failure(policy_chain({ext_policies({kP1}), require}, {ext_policies({kP2})}),
                        "requires an explicit policy");
}

TEST(PolicyPath, AnyPolicyInTheIssuerAcceptsEveryLeafPolicy) {
  const Bytes require = ext_policy_constraints(0, std::nullopt);
  EXPECT_TRUE(policy_chain({ext_policies({kAnyPolicy}), require}, {ext_policies({kP3})}));
  EXPECT_TRUE(policy_chain({ext_policies({kP1}), require}, {ext_policies({kAnyPolicy})}));
}

TEST(PolicyPath, ALeafCanRequireExplicitPolicyItself) {
  expect_policy_failure(policy_chain({}, {ext_policy_constraints(0, std::nullopt)}),
                        "requires an explicit policy");
}

TEST(PolicyPath, InhibitAnyPolicyStopsAnyPolicyBelow) {
  const Bytes require = ext_policy_constraints(0, std::nullopt);
  const Bytes any = ext_policies({kAnyPolicy});
  EXPECT_TRUE(policy_chain({any, require}, {any}));
  expect_policy_failure(policy_chain({any, require, ext_inhibit_any_policy(0)}, {any}),
                        "requires an explicit policy");
}

TEST(PolicyPath, MapsIssuerPoliciesToSubjectPolicies) {
  const Bytes require = ext_policy_constraints(0, std::nullopt);
  const Bytes mapping = ext_policy_mappings({{kP1, kP2}});
  EXPECT_TRUE(policy_chain({ext_policies({kP1}), mapping, require}, {ext_policies({kP2})}));
  expect_policy_failure(
      policy_chain({ext_policies({kP1}), mapping, require}, {ext_policies({kP1})}),
      "requires an explicit policy");
}

TEST(PolicyPath, InhibitPolicyMappingDeletesMappedPolicies) {
  const Entity root = make_root("Policy Root");
  CertSpec upper = ca_spec("Upper CA");
  upper.extensions.push_back(ext_policies({kAnyPolicy}));
  upper.extensions.push_back(ext_policy_constraints(0, 0));
  const Entity upper_ca = issue(upper, make_key(), &root);
  CertSpec lower = ca_spec("Lower CA");
  lower.extensions.push_back(ext_policies({kP1}));
  lower.extensions.push_back(ext_policy_mappings({{kP1, kP2}}));
  const Entity lower_ca = issue(lower, make_key(), &upper_ca);
  CertSpec leaf = leaf_spec();
  leaf.extensions.push_back(ext_policies({kP2}));
  auto result = verify_chain(issue(leaf, make_key(), &lower_ca), {&lower_ca, &upper_ca}, {&root});
  expect_policy_failure(result, "requires an explicit policy");
}

TEST(PolicyPath, RefusesMappingsOfAnyPolicy) {
  expect_policy_failure(
      policy_chain({ext_policies({kP1}), ext_policy_mappings({{kAnyPolicy, kP2}})}, {}),
      "maps anyPolicy in its policyMappings");
}

TEST(PolicyPath, RefusesNonCriticalPolicyConstraints) {
  expect_policy_failure(policy_chain({ext_policy_constraints(0, std::nullopt, false)}, {}),
                        "has a non-critical policyConstraints");
}

// --- the tree alone ---

Bytes policies_of(const std::vector<std::string>& ids) {
  std::vector<Bytes> infos;
  for (const std::string& id : ids)
    infos.push_back(seq({oid(id)}));
  return extension("2.5.29.32", false, seq_of(infos));
}

Bytes mappings_of(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<Bytes> items;
  for (const auto& [from, to] : pairs)
    items.push_back(seq({oid(from), oid(to)}));
  return extension("2.5.29.33", true, seq_of(items));
}

std::string policy_id(int level, int index) {
  return "1.3.6.1.4.1.99999." + std::to_string(level) + "." + std::to_string(index);
}

TEST(PolicyTreeAlone, KeepsTheValidPoliciesOfTheDeepestLevel) {
  const Entity root = make_root();
  CertSpec spec = ca_spec("CA");
  spec.extensions.push_back(policies_of({std::string(kP1), std::string(kP2)}));
  const Entity ca = issue(spec, make_key(), &root);
  PolicyTree tree(2);
  ASSERT_TRUE(tree.process(*ca.certificate, 1, false));
  EXPECT_EQ(tree.valid_policies().size(), 2u);
  EXPECT_FALSE(tree.empty());
}

TEST(PolicyTreeAlone, RefusesATreeThatGrowsPastItsBound) {
  // Each level maps two of its 64 policies to all 64 policies of the next level, doubling
  // the nodes per level; the tree must stop at kMaxPolicyNodes instead of growing.
  const Entity root = make_root();
  std::vector<Entity> cas;
  constexpr int kLevels = 10;
  for (int level = 0; level < kLevels; ++level) {
    std::vector<std::string> ids;
    for (int i = 0; i < 64; ++i)
      ids.push_back(policy_id(level, i));
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int from = 0; from < 2; ++from) {
      for (int to = 0; to < 64; ++to)
        pairs.emplace_back(policy_id(level, from), policy_id(level + 1, to));
    }
    CertSpec spec = ca_spec("CA " + std::to_string(level));
    spec.extensions.push_back(policies_of(ids));
    spec.extensions.push_back(mappings_of(pairs));
    cas.push_back(issue(spec, make_key(), cas.empty() ? &root : &cas.back()));
  }
  PolicyTree tree(kLevels + 1);
  Expected<void> outcome;
  for (int i = 0; i < kLevels && outcome; ++i) {
    outcome = tree.process(*cas[static_cast<std::size_t>(i)].certificate,
                           static_cast<std::size_t>(i) + 1, false);
    if (outcome) outcome = tree.prepare(*cas[static_cast<std::size_t>(i)].certificate, false);
  }
  ASSERT_FALSE(outcome);
  EXPECT_THAT(outcome.error().reason(), HasSubstr("policy tree of more than 4096 nodes"));
}

}  // namespace
}  // namespace cpptls::x509::testing
