#include "x509/path_validator.hpp"

#include <algorithm>
#include <string>

#include "x509/der/time.hpp"
#include "x509/name_constraints.hpp"
#include "x509/policy_tree.hpp"
#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

// The state RFC 5280 6.1.2 initialises and 6.1.3/6.1.4 update, beside the policy tree.
struct WorkingState {
  const Certificate* issuer = nullptr;  // working_public_key and working_issuer_name
  std::size_t max_path_length = 0;
  const Certificate* path_length_source = nullptr;   // which CA set max_path_length
  std::vector<const Certificate*> constraining_cas;  // permitted/excluded subtrees by CA
};

// 6.1.4 (k), (l), (m), (n) for a CA certificate `ca` about to issue `child`; the trust
// anchor goes through them too, so that its constraints bind the path.
Expected<void> prepare_ca(const Certificate& ca, const Certificate& child, bool counted,
                          WorkingState& state) {
  const Extensions& e = ca.extensions();
  // (k) and (n); version 1 and 2 certificates were refused by the profile check already.
  if (auto ok = check_can_issue(ca, child.describe()); !ok) return ok;
  // (l): each intermediate CA that is not self-issued uses up one of max_path_length.
  if (counted) {
    if (state.max_path_length == 0) {
      return detail::invalid("certificate " + ca.describe() + " is a CA below " +
                             state.path_length_source->describe() +
                             ", whose basicConstraints pathLenConstraint (or the verifier's "
                             "limit on intermediate CAs) allows no more CAs (RFC 5280 6.1.4 (l))");
    }
    --state.max_path_length;
  }
  // (m).
  if (e.basic_constraints.path_length && *e.basic_constraints.path_length < state.max_path_length) {
    state.max_path_length = static_cast<std::size_t>(*e.basic_constraints.path_length);
    state.path_length_source = &ca;
  }
  // (g): its name constraints apply to everything below it.
  if (e.name_constraints.present) state.constraining_cas.push_back(&ca);
  return {};
}

}  // namespace

Expected<void> check_can_issue(const Certificate& ca, std::string_view issued) {
  const Extensions& e = ca.extensions();
  // (k).
  if (!e.basic_constraints.present || !e.basic_constraints.ca) {
    return detail::invalid("certificate " + ca.describe() + " is not a CA (basicConstraints " +
                           (e.basic_constraints.present ? "cA is FALSE" : "is absent") +
                           "), so it cannot issue " + std::string(issued) +
                           " (RFC 5280 4.2.1.9, 6.1.4 (k))");
  }
  // (n).
  if (e.key_usage.present && !e.key_usage.has(KeyUsageBit::key_cert_sign)) {
    return detail::invalid("certificate " + ca.describe() +
                           " has a keyUsage without keyCertSign, so it cannot issue " +
                           std::string(issued) + " (RFC 5280 6.1.4 (n))");
  }
  return {};
}

Expected<void> check_validity(const Certificate& certificate, std::int64_t time) {
  // RFC 5280 4.1.2.5: both ends inclusive.
  if (time < certificate.not_before()) {
    return detail::expired("certificate " + certificate.describe() + " is not valid before " +
                           der::format_time(certificate.not_before()) + " (the time is " +
                           der::format_time(time) + "; check the clock)");
  }
  if (time > certificate.not_after()) {
    return detail::expired("certificate " + certificate.describe() + " expired at " +
                           der::format_time(certificate.not_after()) + " (the time is " +
                           der::format_time(time) + "); it must be renewed");
  }
  return {};
}

Expected<void> PathValidator::profile(const Certificate& certificate, CertificateRole role) {
  for (const ProfileResult& result : profiles_) {
    if (result.certificate == &certificate && result.role == role) {
      if (result.error) return Unexpected<Error>(*result.error);
      return {};
    }
  }
  auto checked = check_profile(certificate, role, options_);
  profiles_.push_back(ProfileResult{
      &certificate, role, checked ? std::nullopt : std::optional<Error>(checked.error())});
  return checked;
}

Expected<void> PathValidator::check_validity(const Certificate& certificate) const {
  return x509::check_validity(certificate, options_.time);
}

Expected<void> PathValidator::validate(std::span<const Certificate* const> path,
                                       std::size_t& progress) {
  progress = 0;
  if (path.empty()) return internal_failure("path validation of an empty path");
  name_budget_ = options_.max_name_constraint_checks;
  const std::size_t n = path.size() - 1;  // certificates below the trust anchor
  const Certificate& anchor = *path.back();

  // 6.1.2 initialisation, from the trust anchor.
  if (n == 0) {
    if (auto ok = profile(anchor, CertificateRole::leaf_anchor); !ok) return ok;
    return check_validity(anchor);
  }
  if (auto ok = profile(anchor, CertificateRole::anchor); !ok) return ok;
  if (auto ok = check_validity(anchor); !ok) return ok;
  WorkingState state;
  state.issuer = &anchor;
  // 6.1.2 (k): n, or less if the caller limits the intermediate CAs.
  state.max_path_length = std::min(n, options_.max_intermediate_cas);
  state.path_length_source = &anchor;
  if (auto ok = prepare_ca(anchor, *path[n - 1], false, state); !ok) return ok;
  PolicyTree policies(n);
  ++progress;

  for (std::size_t i = 1; i <= n; ++i) {
    const Certificate& certificate = *path[n - i];
    const bool last = i == n;
    const bool self_issued = certificate.is_self_issued();
    if (auto ok =
            profile(certificate, last ? CertificateRole::leaf : CertificateRole::intermediate);
        !ok) {
      return ok;
    }
    // 6.1.3 (a): signature, validity, (revocation: not checked), issuer name.
    if (!names_match(certificate.issuer(), state.issuer->subject())) {
      return detail::invalid("certificate " + certificate.describe() + " names its issuer " +
                             certificate.issuer().to_string() + ", not " +
                             state.issuer->describe() + " (RFC 5280 6.1.3 (a)(4))");
    }
    if (auto ok = signatures_.verify(*state.issuer, certificate); !ok) return ok;
    if (auto ok = check_validity(certificate); !ok) return ok;
    // (b), (c): name constraints, except on self-issued intermediates.
    if (!self_issued || last) {
      for (const Certificate* ca : state.constraining_cas) {
        if (auto ok = check_name_constraints(*ca, certificate, name_budget_); !ok) return ok;
      }
    }
    // (d), (e), (f).
    if (auto ok = policies.process(certificate, i, self_issued); !ok) return ok;
    if (last) break;
    // 6.1.4: preparation for certificate i + 1.
    if (auto ok = policies.prepare(certificate, self_issued); !ok) return ok;
    if (auto ok = prepare_ca(certificate, *path[n - i - 1], !self_issued, state); !ok) return ok;
    state.issuer = &certificate;
    ++progress;
  }
  // 6.1.5 wrap-up.
  if (auto ok = policies.wrap_up(*path.front()); !ok) return ok;
  ++progress;
  return {};
}

}  // namespace cpptls::x509
