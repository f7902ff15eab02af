#include "x509/verify.hpp"

#include <utility>

#include "x509/hostname.hpp"
#include "x509/path_builder.hpp"
#include "x509/path_validator.hpp"
#include "x509/signature_checker.hpp"

namespace cpptls::x509 {

Expected<CertificateVerified> verify_certificate(const crypto::Provider& provider,
                                                 const TrustStore& trust,
                                                 const ParsedCertificate& leaf,
                                                 std::span<const ParsedCertificate> intermediates,
                                                 const VerifyOptions& options) {
  SignatureChecker signatures(provider, options.max_signature_checks, &trust);
  PathValidator validator(options, signatures);
  // The leaf's own rules do not depend on the path: check them once, up front, so that a
  // leaf that can never be accepted reports its own fault rather than a path's.
  const bool leaf_is_anchor = trust.contains(leaf);
  if (!leaf_is_anchor) {
    if (auto ok = validator.profile(*leaf, CertificateRole::leaf); !ok) {
      return Unexpected<Error>(std::move(ok.error()));
    }
  }
  PathBuilder builder(trust, intermediates, options, signatures);
  auto path = builder.build(
      leaf, [&validator](std::span<const Certificate* const> candidate, std::size_t& progress) {
        return validator.validate(candidate, progress);
      });
  if (!path) return Unexpected<Error>(std::move(path.error()));
  // RFC 9525 6: the reference identity, against the subjectAltName only.
  if (!options.host.empty()) {
    if (auto ok = match_host(*leaf, options.host, options.public_suffixes); !ok) {
      return Unexpected<Error>(std::move(ok.error()));
    }
  }
  std::vector<ParsedCertificate> chain;
  chain.reserve(path->size());
  for (const ParsedCertificate* certificate : *path)
    chain.push_back(*certificate);
  return CertificateVerified(std::move(chain));
}

Expected<void> check_trust_anchor(const Certificate& anchor, const VerifyOptions& options) {
  // What PathValidator::validate checks of the anchor before the first certificate below it.
  if (auto ok = check_profile(anchor, CertificateRole::anchor, options); !ok) return ok;
  if (auto ok = check_validity(anchor, options.time); !ok) return ok;
  return check_can_issue(anchor, "certificates");
}

}  // namespace cpptls::x509
