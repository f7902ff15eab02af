#pragma once
// Certification path validation, RFC 5280 6.1, for one candidate path that the path builder
// proposes (leaf first, trust anchor last). The steps are written as the RFC names them:
// initialisation from the trust anchor (6.1.2), basic certificate processing (6.1.3),
// preparation for the next certificate (6.1.4) and wrap-up (6.1.5), with the per-certificate
// profile rules of certificate_profile.hpp checked as each certificate is reached.
//
// The trust anchor is trusted as it stands (its own signature is not checked), but it must be
// valid at the validation time and a proper CA, and its basicConstraints pathLenConstraint,
// nameConstraints and extKeyUsage constrain the path below it, as browsers apply them.
//
// One PathValidator serves every candidate path of one verification: the profile checks of a
// certificate are memoised, and signatures go through the shared SignatureChecker.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/certificate_profile.hpp"
#include "x509/signature_checker.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509 {

// RFC 5280 6.1.4 (k) and (n): `ca` may issue certificates (basicConstraints cA TRUE, and a
// keyUsage, if present, with keyCertSign). `issued` names what it was to issue, for the error.
[[nodiscard]] Expected<void> check_can_issue(const Certificate& ca, std::string_view issued);

// RFC 5280 4.1.2.5 and 6.1.3 (a)(2): `certificate` is valid at `time`, Unix seconds.
[[nodiscard]] Expected<void> check_validity(const Certificate& certificate, std::int64_t time);

class PathValidator {
 public:
  PathValidator(const VerifyOptions& options, SignatureChecker& signatures) noexcept
      : options_(options), signatures_(signatures) {}

  // Validates `path` (leaf first, trust anchor last; one certificate when the leaf is itself
  // a trust anchor). On failure, `progress` is the number of certificates, counted from the
  // trust anchor, that passed before the one that failed: the path builder reports the
  // failure of the candidate that got furthest.
  [[nodiscard]] Expected<void> validate(std::span<const Certificate* const> path,
                                        std::size_t& progress);

  // The profile rules for `certificate` in `role`, memoised for this verification.
  [[nodiscard]] Expected<void> profile(const Certificate& certificate, CertificateRole role);

 private:
  struct ProfileResult {
    const Certificate* certificate;
    CertificateRole role;
    std::optional<Error> error;
  };

  [[nodiscard]] Expected<void> check_validity(const Certificate& certificate) const;

  const VerifyOptions& options_;
  SignatureChecker& signatures_;
  std::vector<ProfileResult> profiles_;
  std::size_t name_budget_ = 0;
};

}  // namespace cpptls::x509
