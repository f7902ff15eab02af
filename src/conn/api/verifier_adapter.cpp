#include "conn/api/verifier_adapter.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conn/api/convert.hpp"
#include "x509/certificate.hpp"

namespace cpptls {
namespace api {
namespace {

// Only the certificate alerts of the enum (and handshake_failure) reach the peer; a value
// outside it, which only a cast can make, is sent as bad_certificate.
[[nodiscard]] AlertDescription alert_of(CertificateAlert alert) {
  switch (alert) {
    case CertificateAlert::handshake_failure:
      return AlertDescription::handshake_failure;
    case CertificateAlert::bad_certificate:
      return AlertDescription::bad_certificate;
    case CertificateAlert::unsupported_certificate:
      return AlertDescription::unsupported_certificate;
    case CertificateAlert::certificate_revoked:
      return AlertDescription::certificate_revoked;
    case CertificateAlert::certificate_expired:
      return AlertDescription::certificate_expired;
    case CertificateAlert::certificate_unknown:
      return AlertDescription::certificate_unknown;
    case CertificateAlert::unknown_ca:
      return AlertDescription::unknown_ca;
    case CertificateAlert::access_denied:
      return AlertDescription::access_denied;
  }
  return AlertDescription::bad_certificate;
}

class ApplicationVerifier final : public handshake::PeerVerifier {
 public:
  explicit ApplicationVerifier(std::shared_ptr<const CertificateVerifier> verifier)
      : verifier_(std::move(verifier)) {}

  [[nodiscard]] Expected<void> verify(const handshake::PeerVerifierInput& input) const override {
    std::vector<std::vector<std::uint8_t>> chain;
    chain.reserve(input.chain.size());
    for (const x509::ParsedCertificate& certificate : input.chain)
      chain.emplace_back(certificate.der().begin(), certificate.der().end());
    std::optional<TlsError> ours;
    if (input.our_failure != nullptr) ours.emplace(to_public(*input.our_failure));
    CertificateCheck check;
    check.chain = chain;
    check.server_name = input.server_name;
    check.our_failure = ours ? &*ours : nullptr;
    check.resumption = input.resumption;
    // The header says a verifier must not throw; one that does anyway refuses, rather than
    // unwinding through the handshake (which has no exceptions) and out of read_tls().
    std::optional<CertificateVerdict> answered;
    try {
      answered.emplace(verifier_->verify(check));
    } catch (...) {
      return fail(ErrorKind::certificate, ErrorCode::certificate_untrusted,
                  AlertDescription::certificate_unknown,
                  "the application's certificate verifier threw an exception while checking the " +
                      std::string(input.peer) + "'s certificate; it is treated as a refusal");
    }
    const CertificateVerdict& verdict = *answered;
    if (verdict.accepted()) return {};
    const std::string leaf = input.chain.empty() ? std::string() : input.chain.front()->describe();
    return fail(ErrorKind::certificate, ErrorCode::certificate_untrusted, alert_of(verdict.alert()),
                "the application's certificate verifier refused the " + std::string(input.peer) +
                    "'s certificate " + leaf + (input.resumption ? " (resumption)" : "") + ": " +
                    verdict.reason());
  }

 private:
  std::shared_ptr<const CertificateVerifier> verifier_;
};

}  // namespace

Result<std::shared_ptr<const handshake::VerifierPolicy>> verifier_policy(
    const std::shared_ptr<const CertificateVerifier>& verifier, VerifierMode mode,
    bool reverify_on_resume, const char* option) {
  if (verifier == nullptr) {
    if (reverify_on_resume) {
      return config_error(std::string(option) +
                          " is not set: there is no verifier to call again on resumption");
    }
    return std::shared_ptr<const handshake::VerifierPolicy>();
  }
  auto policy = std::make_shared<handshake::VerifierPolicy>();
  policy->verifier = std::make_shared<ApplicationVerifier>(verifier);
  policy->policy_name = verifier->policy_name();
  if (policy->policy_name.empty()) {
    return config_error(std::string(option) +
                        "->policy_name() is empty: sessions record it, so that a session "
                        "verified under one policy is not resumed under another");
  }
  policy->replaces_ours = mode == VerifierMode::instead_of_ours;
  policy->reverify_on_resume = reverify_on_resume;
  return std::shared_ptr<const handshake::VerifierPolicy>(std::move(policy));
}

}  // namespace api

Result<SpkiPin> spki_pin_of(const crypto::Provider& provider,
                            std::span<const std::uint8_t> certificate_der) {
  auto certificate = x509::ParsedCertificate::copy_of(certificate_der);
  if (!certificate) return api::to_public(certificate.error());
  auto digest = handshake::spki_digest(provider, certificate->certificate());
  if (!digest) return api::to_public(digest.error());
  return *digest;
}

}  // namespace cpptls
