#pragma once
// Signature checks for one verification: did the key of `issuer` sign `subject`? Results
// are memoised per (issuer public key, subject) pair, and public keys are parsed once, so
// that the path builder and the path validator can both ask without paying twice, and
// cross-certificates of one key cost one check; every new pair costs one unit of a budget,
// and past the budget every new check fails. Results are not kept beyond the verification (no
// global cache); the keys of trust anchors are taken from the trust store, which parses each
// once (TrustStore::anchor_key), since a client verifies against the same few roots in every
// handshake.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::x509 {

class SignatureChecker {
 public:
  // `trust`, if given, must outlive the checker: the keys of its anchors come from it.
  SignatureChecker(const crypto::Provider& provider, std::size_t budget,
                   const TrustStore* trust = nullptr) noexcept
      : provider_(provider), trust_(trust), budget_(budget) {}

  // Success, or why not: the subject's signature algorithm is refused (MD5, SHA-1, unknown:
  // certificate_unsupported), the issuer's key cannot be used, the signature does not verify
  // (certificate_invalid), or the budget is spent (certificate_untrusted).
  [[nodiscard]] Expected<void> verify(const Certificate& issuer, const Certificate& subject);

  // The signature algorithm of `subject` is one we verify (checked before any crypto).
  [[nodiscard]] static Expected<void> check_algorithm(const Certificate& subject);

  [[nodiscard]] bool exhausted() const noexcept { return exhausted_; }
  // Signature verifications made (memoised answers not counted).
  [[nodiscard]] std::size_t checks() const noexcept { return checks_; }

 private:
  struct Result {
    ByteView issuer_key;  // the issuer's SubjectPublicKeyInfo
    const Certificate* subject;
    std::optional<Error> error;  // empty: the signature verifies
  };
  struct Key {
    ByteView spki;
    std::shared_ptr<const crypto::PublicKey> key;  // null if the key could not be parsed
    std::optional<Error> error;
  };

  [[nodiscard]] const Key& key_of(const Certificate& issuer);

  const crypto::Provider& provider_;
  const TrustStore* trust_;
  std::size_t budget_;
  std::size_t checks_ = 0;
  bool exhausted_ = false;
  std::vector<Result> results_;
  std::vector<Key> keys_;
};

}  // namespace cpptls::x509
