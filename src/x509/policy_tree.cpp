#include "x509/policy_tree.hpp"

#include <algorithm>

#include "x509/oids.hpp"
#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

const der::Oid kAny(oid::kAnyPolicy);

bool contains(const std::vector<der::Oid>& set, const der::Oid& policy) noexcept {
  return std::find(set.begin(), set.end(), policy) != set.end();
}

void lower_to(std::size_t& counter, std::uint64_t value) noexcept {
  if (value < counter) counter = static_cast<std::size_t>(value);
}

}  // namespace

PolicyTree::PolicyTree(std::size_t path_length)
    : path_length_(path_length),
      explicit_policy_(path_length + 1),
      policy_mapping_(path_length + 1),
      inhibit_any_policy_(path_length + 1) {
  // 6.1.2 (a): one node, anyPolicy, expecting {anyPolicy}.
  levels_.push_back(Level{Node{kAny, {kAny}, 0, true}});
  nodes_ = 1;
}

Expected<void> PolicyTree::add(Level& level, Node node) {
  if (++nodes_ > kMaxPolicyNodes) {
    return detail::invalid("the certificate policies of the path make a policy tree of more than " +
                           std::to_string(kMaxPolicyNodes) +
                           " nodes; such a path is refused as a denial-of-service risk");
  }
  level.push_back(std::move(node));
  return {};
}

void PolicyTree::prune() {
  // 6.1.3 (d)(3): delete nodes without children at depths above the deepest, repeatedly.
  for (std::size_t depth = levels_.size() - 1; depth-- > 0;) {
    Level& level = levels_[depth];
    std::vector<bool> has_child(level.size(), false);
    for (const Node& child : levels_[depth + 1]) {
      if (child.alive) has_child[child.parent] = true;
    }
    for (std::size_t k = 0; k < level.size(); ++k) {
      if (!has_child[k]) level[k].alive = false;
    }
  }
  const bool any_alive = std::any_of(levels_.back().begin(), levels_.back().end(),
                                     [](const Node& node) { return node.alive; });
  if (!any_alive || !levels_.front().front().alive) null_ = true;
}

Expected<void> PolicyTree::require_policy(const Certificate& certificate) const {
  if (explicit_policy_ > 0 || !null_) return {};
  return detail::invalid("no certificate policy is valid for the whole path down to " +
                         certificate.describe() + ", but " + explicit_source_ +
                         " requires an explicit policy (policyConstraints "
                         "requireExplicitPolicy, RFC 5280 6.1.3 (f) and 6.1.5)");
}

Expected<void> PolicyTree::process(const Certificate& certificate, std::size_t i,
                                   bool self_issued) {
  const CertificatePolicies& policies = certificate.extensions().certificate_policies;
  if (!policies.present) {
    null_ = true;  // 6.1.3 (e)
  } else if (!null_) {
    const Level& parents = levels_.back();
    Level level;
    // (d)(1): each policy other than anyPolicy, under the nodes that expect it, or else
    // under an anyPolicy node.
    for (const PolicyInformation& info : policies.policies) {
      if (info.policy == kAny) continue;
      bool matched = false;
      for (std::size_t k = 0; k < parents.size(); ++k) {
        if (parents[k].alive && contains(parents[k].expected, info.policy)) {
          if (auto ok = add(level, Node{info.policy, {info.policy}, static_cast<std::uint32_t>(k)});
              !ok) {
            return ok;
          }
          matched = true;
        }
      }
      if (matched) continue;
      for (std::size_t k = 0; k < parents.size(); ++k) {
        if (parents[k].alive && parents[k].policy == kAny) {
          if (auto ok = add(level, Node{info.policy, {info.policy}, static_cast<std::uint32_t>(k)});
              !ok) {
            return ok;
          }
        }
      }
    }
    // (d)(2): anyPolicy stands for every expected policy not yet a child.
    const bool last = i == path_length_;
    if (policies.any_policy && (inhibit_any_policy_ > 0 || (!last && self_issued))) {
      const std::size_t explicit_children = level.size();
      for (std::size_t k = 0; k < parents.size(); ++k) {
        if (!parents[k].alive) continue;
        for (const der::Oid& expected : parents[k].expected) {
          const bool present = std::any_of(
              level.begin(), level.begin() + static_cast<std::ptrdiff_t>(explicit_children),
              [&](const Node& node) { return node.parent == k && node.policy == expected; });
          if (present) continue;
          if (auto ok = add(level, Node{expected, {expected}, static_cast<std::uint32_t>(k)});
              !ok) {
            return ok;
          }
        }
      }
    }
    levels_.push_back(std::move(level));
    prune();
  }
  return require_policy(certificate);  // (f)
}

Expected<void> PolicyTree::prepare(const Certificate& certificate, bool self_issued) {
  const Extensions& extensions = certificate.extensions();
  const PolicyMappings& mappings = extensions.policy_mappings;
  if (mappings.present) {
    // 6.1.4 (a).
    for (const PolicyMapping& mapping : mappings.mappings) {
      if (mapping.issuer_domain == kAny || mapping.subject_domain == kAny) {
        return detail::invalid("certificate " + certificate.describe() +
                               " maps anyPolicy in its policyMappings (RFC 5280 6.1.4 (a))");
      }
    }
    // 6.1.4 (b), for each issuerDomainPolicy once.
    std::vector<der::Oid> done;
    for (const PolicyMapping& first : mappings.mappings) {
      if (null_ || contains(done, first.issuer_domain)) continue;
      done.push_back(first.issuer_domain);
      std::vector<der::Oid> subjects;
      for (const PolicyMapping& mapping : mappings.mappings) {
        if (mapping.issuer_domain == first.issuer_domain &&
            !contains(subjects, mapping.subject_domain)) {
          subjects.push_back(mapping.subject_domain);
        }
      }
      Level& level = levels_.back();
      if (policy_mapping_ > 0) {
        bool found = false;
        for (Node& node : level) {
          if (node.alive && node.policy == first.issuer_domain) {
            node.expected = subjects;
            found = true;
          }
        }
        if (!found) {
          for (std::size_t k = 0; k < level.size(); ++k) {
            if (!level[k].alive || level[k].policy != kAny) continue;
            Node mapped{first.issuer_domain, subjects, level[k].parent};
            if (auto ok = add(level, std::move(mapped)); !ok) return ok;
            break;
          }
        }
      } else {
        for (Node& node : level) {
          if (node.policy == first.issuer_domain) node.alive = false;
        }
        prune();
      }
    }
  }
  // (h): counters count down below every certificate that is not self-issued.
  if (!self_issued) {
    if (explicit_policy_ > 0) --explicit_policy_;
    if (policy_mapping_ > 0) --policy_mapping_;
    if (inhibit_any_policy_ > 0) --inhibit_any_policy_;
  }
  // (i) and (j).
  const PolicyConstraints& constraints = extensions.policy_constraints;
  if (constraints.present) {
    if (constraints.require_explicit_policy) {
      const std::size_t before = explicit_policy_;
      lower_to(explicit_policy_, *constraints.require_explicit_policy);
      if (explicit_policy_ < before || explicit_source_.empty()) {
        explicit_source_ = certificate.describe();
      }
    }
    if (constraints.inhibit_policy_mapping) {
      lower_to(policy_mapping_, *constraints.inhibit_policy_mapping);
    }
  }
  if (extensions.inhibit_any_policy.present) {
    lower_to(inhibit_any_policy_, extensions.inhibit_any_policy.skip_certs);
  }
  return {};
}

Expected<void> PolicyTree::wrap_up(const Certificate& leaf) {
  if (explicit_policy_ > 0) --explicit_policy_;  // 6.1.5 (a)
  const PolicyConstraints& constraints = leaf.extensions().policy_constraints;
  if (constraints.present && constraints.require_explicit_policy &&
      *constraints.require_explicit_policy == 0) {  // (b)
    explicit_policy_ = 0;
    explicit_source_ = leaf.describe();
  }
  if (explicit_source_.empty()) explicit_source_ = "the path";
  // (g): the user-initial-policy-set is {anyPolicy}, so the intersection is the tree itself.
  return require_policy(leaf);
}

std::vector<der::Oid> PolicyTree::valid_policies() const {
  std::vector<der::Oid> out;
  if (null_) return out;
  for (const Node& node : levels_.back()) {
    if (node.alive && !contains(out, node.policy)) out.push_back(node.policy);
  }
  return out;
}

}  // namespace cpptls::x509
