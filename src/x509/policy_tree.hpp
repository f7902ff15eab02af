#pragma once
// Certificate policy processing, RFC 5280 6.1: the valid_policy_tree and the explicit_policy,
// policy_mapping and inhibit_anyPolicy counters, driven by certificatePolicies,
// policyMappings, policyConstraints and inhibitAnyPolicy along the path.
//
// The verifier's inputs are fixed as a TLS client's: user-initial-policy-set = {anyPolicy},
// initial-policy-mapping-inhibit, initial-explicit-policy and initial-any-policy-inhibit all
// false. So the intersection of 6.1.5 (g) keeps the tree as it is, and the outcome is: the
// path is refused exactly when explicit_policy reaches 0 while the tree is empty. The tree is
// still built as the RFC describes, because mappings and anyPolicy decide when it empties.
// Its size is bounded (kMaxPolicyNodes), as the RFC's tree can grow exponentially on hostile
// input (CVE-2023-0464).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "x509/certificate.hpp"

namespace cpptls::x509 {

constexpr std::size_t kMaxPolicyNodes = 4096;

class PolicyTree {
 public:
  // `path_length` is n, the number of certificates in the path, the trust anchor not
  // counted (RFC 5280 6.1.2 (d)-(f) initialise the counters to n + 1).
  explicit PolicyTree(std::size_t path_length);

  // 6.1.3 (d), (e) and (f) for certificate `i` (1 = issued by the trust anchor, n = leaf).
  [[nodiscard]] Expected<void> process(const Certificate& certificate, std::size_t i,
                                       bool self_issued);
  // 6.1.4 (a), (b), (h), (i) and (j) for a certificate below which the path goes on.
  [[nodiscard]] Expected<void> prepare(const Certificate& certificate, bool self_issued);
  // 6.1.5 (a), (b) and (g), then the final test for the leaf.
  [[nodiscard]] Expected<void> wrap_up(const Certificate& leaf);

  // The tree is NULL (no policy valid for the path so far).
  [[nodiscard]] bool empty() const noexcept { return null_; }
  [[nodiscard]] std::size_t explicit_policy() const noexcept { return explicit_policy_; }
  // The valid_policy of every node at the deepest level, for tests and messages.
  [[nodiscard]] std::vector<der::Oid> valid_policies() const;

 private:
  struct Node {
    der::Oid policy;
    std::vector<der::Oid> expected;  // expected_policy_set
    std::uint32_t parent = 0;        // index in the level above
    bool alive = true;
  };
  using Level = std::vector<Node>;

  [[nodiscard]] Expected<void> add(Level& level, Node node);
  void prune();
  [[nodiscard]] Expected<void> require_policy(const Certificate& certificate) const;

  std::vector<Level> levels_;
  std::size_t nodes_ = 0;
  bool null_ = false;
  std::size_t path_length_;
  std::size_t explicit_policy_;
  std::size_t policy_mapping_;
  std::size_t inhibit_any_policy_;
  // The certificate whose policyConstraints made explicit_policy reach 0, for messages.
  std::string explicit_source_;
};

}  // namespace cpptls::x509
