#include "x509/path_builder.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

// Failure relevance: a candidate that reached a trust anchor beats any dead end; among those,
// the one whose validation got furthest wins. Ties keep the first.
constexpr std::size_t kCompletePath = 1000;
constexpr std::size_t kBudgetSpent = 500;

std::string peer_name(Purpose purpose) {
  return purpose == Purpose::server_auth ? "the server" : "the client";
}

// 0: the child's authorityKeyIdentifier names this key; 1: unknown; 2: it names another.
int key_rank(const Certificate& child, const Certificate& issuer) noexcept {
  const auto& aki = child.extensions().authority_key_identifier.key_identifier;
  const auto& ski = issuer.extensions().subject_key_identifier;
  if (!aki || !ski.present) return 1;
  return std::ranges::equal(*aki, ski.key_identifier) ? 0 : 2;
}

}  // namespace

PathBuilder::PathBuilder(const TrustStore& trust, std::span<const ParsedCertificate> intermediates,
                         const VerifyOptions& options, SignatureChecker& signatures)
    : trust_(trust), options_(options), signatures_(signatures) {
  // Duplicates are common (the leaf or the root sent again); drop them by their DER.
  std::unordered_set<std::string_view> seen;
  seen.reserve(intermediates.size());
  for (const ParsedCertificate& certificate : intermediates) {
    if (!seen.insert(as_chars(certificate.der())).second) continue;
    by_subject_[name_key(certificate->subject())].push_back(&certificate);
  }
}

bool PathBuilder::in_path(const ParsedCertificate& certificate) const noexcept {
  return std::any_of(path_.begin(), path_.end(),
                     [&](const ParsedCertificate* other) { return *other == certificate; });
}

std::vector<PathBuilder::Candidate> PathBuilder::candidates_for(const Certificate& child) const {
  std::vector<Candidate> out;
  auto rank = [&](const Certificate& issuer) {
    const bool valid = issuer.not_before() <= options_.time && options_.time <= issuer.not_after();
    return key_rank(child, issuer) * 2 + (valid ? 0 : 1);
  };
  for (const ParsedCertificate& anchor : trust_.find_by_subject(child.issuer())) {
    out.push_back(Candidate{&anchor, true, rank(*anchor)});
  }
  if (const auto found = by_subject_.find(name_key(child.issuer())); found != by_subject_.end()) {
    for (const ParsedCertificate* certificate : found->second) {
      out.push_back(Candidate{certificate, false, rank(**certificate)});
    }
  }
  // Key identifier match first, then anchors before intermediates, then valid ones first.
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.rank / 2 != b.rank / 2) return a.rank / 2 < b.rank / 2;
    if (a.anchor != b.anchor) return a.anchor;
    return a.rank % 2 < b.rank % 2;
  });
  return out;
}

void PathBuilder::record(Error error, std::size_t score) {
  if (!best_ || score > best_score_) {
    best_ = std::move(error);
    best_score_ = score;
  }
}

Error PathBuilder::dead_end(const Certificate& certificate, bool looped) const {
  std::string reason = "no path to a trusted root: ";
  const std::string issuer = certificate.issuer().to_string();
  if (certificate.is_self_issued()) {
    reason += "the chain ends at " + certificate.describe() +
              ", a self-issued certificate that is not in the trust store; trust it or its "
              "issuer explicitly if it is meant to be a root";
  } else if (looped) {
    reason += certificate.describe() + " is issued by " + issuer + ", but the certificates " +
              peer_name(options_.purpose) +
              " sent for that name lead back into the chain, not to a trusted root";
  } else if (path_.size() == 1) {
    // Whether the issuer is a root or an intermediate cannot be told without it, so the
    // reason gives the remedy for each.
    reason += peer_name(options_.purpose) + " sent no intermediate for " + certificate.describe() +
              "; its issuer is " + issuer + ", which is not in the trust store either (if " +
              issuer + " is a root CA, add it to the trust store; if it is an intermediate, " +
              peer_name(options_.purpose) + " must send it with its certificate)";
  } else {
    reason += certificate.describe() + " is issued by " + issuer +
              ", which is not a trusted root, and " + peer_name(options_.purpose) +
              " sent no certificate for it";
  }
  return Error(ErrorKind::certificate, ErrorCode::certificate_untrusted,
               AlertDescription::unknown_ca, std::move(reason));
}

PathBuilder::Outcome PathBuilder::try_complete(const Validate& validate) {
  view_.clear();
  for (const ParsedCertificate* certificate : path_)
    view_.push_back(&certificate->certificate());
  ++candidates_;
  std::size_t progress = 0;
  auto ok = validate(view_, progress);
  if (ok) return Outcome::found;
  record(std::move(ok.error()), kCompletePath + progress);
  if (candidates_ >= options_.max_candidate_paths) return Outcome::stop;
  return Outcome::not_found;
}

PathBuilder::Outcome PathBuilder::extend(const Validate& validate) {
  const ParsedCertificate& current = *path_.back();
  const std::vector<Candidate> candidates = candidates_for(*current);
  bool looped = false;
  bool too_long = false;
  for (const Candidate& candidate : candidates) {
    if (in_path(*candidate.certificate)) {
      looped = true;
      continue;
    }
    // An intermediate needs room for itself and at least an anchor above it.
    if (path_.size() + (candidate.anchor ? 1 : 2) > options_.max_path_length) {
      too_long = true;
      continue;
    }
    if (auto signed_by = signatures_.verify(**candidate.certificate, *current); !signed_by) {
      if (signatures_.exhausted()) {
        record(std::move(signed_by.error()), kBudgetSpent);
        return Outcome::stop;
      }
      record(std::move(signed_by.error()), path_.size());
      continue;
    }
    path_.push_back(candidate.certificate);
    const Outcome outcome = candidate.anchor ? try_complete(validate) : extend(validate);
    if (outcome != Outcome::not_found) return outcome;
    path_.pop_back();
  }
  if (too_long) {
    record(detail::untrusted(
               "no path to a trusted root within " + std::to_string(options_.max_path_length) +
               " certificates (the verifier's limit on path length) from " + current->describe())
               .value(),
           path_.size());
  } else if (candidates.empty() || looped) {
    record(dead_end(*current, looped && !candidates.empty()), path_.size());
  }
  return Outcome::not_found;
}

Expected<std::vector<const ParsedCertificate*>> PathBuilder::build(const ParsedCertificate& leaf,
                                                                   const Validate& validate) {
  path_.assign(1, &leaf);
  best_.reset();
  best_score_ = 0;
  // A leaf that is itself a trust anchor is a path of one.
  Outcome outcome = trust_.contains(leaf) ? try_complete(validate) : Outcome::not_found;
  if (outcome == Outcome::not_found) outcome = extend(validate);
  if (outcome == Outcome::found) return path_;
  if (outcome == Outcome::stop && !best_) {
    return detail::untrusted("gave up after trying " + std::to_string(candidates_) +
                             " candidate paths (the verifier's budget)");
  }
  if (!best_) return Unexpected<Error>(dead_end(*leaf, false));
  return Unexpected<Error>(std::move(*best_));
}

}  // namespace cpptls::x509
