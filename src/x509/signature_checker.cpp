#include "x509/signature_checker.hpp"

#include <algorithm>
#include <string>

#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

// "sha1WithRSAEncryption, which uses SHA-1" for the weak hashes RFC 6194 and RFC 6151 retire.
std::string weak_hash_name(SignatureAlgorithmId id) {
  switch (id) {
    case SignatureAlgorithmId::rsa_pkcs1_md2:
      return "MD2";
    case SignatureAlgorithmId::rsa_pkcs1_md5:
      return "MD5";
    default:
      return "SHA-1";
  }
}

}  // namespace

Expected<void> SignatureChecker::check_algorithm(const Certificate& subject) {
  const SignatureAlgorithmInfo& algorithm = subject.signature_algorithm();
  if (algorithm.uses_weak_hash()) {
    return detail::unsupported("certificate " + subject.describe() + " is signed with " +
                               algorithm.describe() + ", which uses " +
                               weak_hash_name(algorithm.id) +
                               ", which is not accepted for signatures; the CA must reissue it "
                               "with SHA-256 or better");
  }
  if (!algorithm.algorithm) {
    return detail::unsupported("certificate " + subject.describe() + " is signed with " +
                               algorithm.describe() +
                               ", which cpptls does not verify (supported: RSA PKCS #1 and PSS "
                               "with SHA-256/384/512, ECDSA with SHA-256/384/512, Ed25519)");
  }
  return {};
}

const SignatureChecker::Key& SignatureChecker::key_of(const Certificate& issuer) {
  const ByteView spki = issuer.public_key().spki;
  for (const Key& key : keys_) {
    if (std::ranges::equal(key.spki, spki)) return key;
  }
  Key entry{spki, nullptr, std::nullopt};
  if (trust_ != nullptr) {
    if (auto anchor_key = trust_->anchor_key(provider_, issuer)) {
      entry.key = std::move(anchor_key);
      keys_.push_back(std::move(entry));
      return keys_.back();
    }
  }
  auto parsed = provider_.public_key(issuer.public_key().spki);
  if (parsed) {
    entry.key = std::move(*parsed);
  } else {
    entry.error = Error(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                        AlertDescription::unsupported_certificate,
                        "the " + issuer.public_key().describe() + " key of " + issuer.describe() +
                            " cannot be used: " + parsed.error().reason());
  }
  keys_.push_back(std::move(entry));
  return keys_.back();
}

Expected<void> SignatureChecker::verify(const Certificate& issuer, const Certificate& subject) {
  const ByteView issuer_key = issuer.public_key().spki;
  for (const Result& result : results_) {
    if (result.subject == &subject && std::ranges::equal(result.issuer_key, issuer_key)) {
      if (result.error) return Unexpected<Error>(*result.error);
      return {};
    }
  }
  if (auto ok = check_algorithm(subject); !ok) return ok;
  if (checks_ >= budget_) {
    exhausted_ = true;
    return detail::untrusted("gave up building a path after " + std::to_string(checks_) +
                             " signature checks (the verifier's budget): the certificates "
                             "offered form too many candidate paths");
  }
  ++checks_;
  Result result{issuer_key, &subject, std::nullopt};
  const Key& key = key_of(issuer);
  if (key.error) {
    result.error = *key.error;
  } else if (auto ok = key.key->verify(*subject.signature_algorithm().algorithm, subject.tbs(),
                                       subject.signature());
             !ok) {
    result.error = Error(
        ErrorKind::certificate, ErrorCode::certificate_invalid, AlertDescription::bad_certificate,
        "the signature of " + subject.describe() + " (" + subject.signature_algorithm().describe() +
            ") does not verify with the key of " + issuer.describe() + ": " + ok.error().reason());
  }
  results_.push_back(result);
  if (result.error) return Unexpected<Error>(*result.error);
  return {};
}

}  // namespace cpptls::x509
