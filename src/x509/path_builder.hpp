#pragma once
// Certification path building (RFC 4158 in spirit): a depth-first search from the leaf, up
// through the certificates the peer sent (in any order, with extras and duplicates), to any
// trust anchor whose subject matches the issuer name of the certificate reached (RFC 5280 7.1
// names_match). Candidates for an issuer are tried trust anchors before intermediates,
// those whose subjectKeyIdentifier equals the child's authorityKeyIdentifier first, and
// those valid at the validation time first; key identifiers only order, they never exclude.
// A certificate never appears twice in one path, so cross-signing loops end.
//
// Each complete candidate goes to the path validator; when it fails, the search backtracks
// and tries the alternatives (a cross-signed root, a valid sibling of an expired
// intermediate). The search is bounded by VerifyOptions: the path length, the signature
// checks (memoised per issuer and subject) and the candidate paths validated, so that a
// hostile set of certificates cannot make it explode.
//
// The builder knows nothing of RFC 5280 6.1 beyond the signature on each edge; the validator
// is passed in.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/signature_checker.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509 {

class PathBuilder {
 public:
  // Validates a complete candidate (leaf first, trust anchor last); on failure sets the
  // number of certificates that passed, counted from the anchor.
  using Validate = std::function<Expected<void>(std::span<const Certificate* const> path,
                                                std::size_t& progress)>;

  PathBuilder(const TrustStore& trust, std::span<const ParsedCertificate> intermediates,
              const VerifyOptions& options, SignatureChecker& signatures);

  // The first candidate path that `validate` accepts (leaf first, trust anchor last), or the
  // most relevant failure: that of the candidate that got furthest, else why the search
  // found no candidate.
  [[nodiscard]] Expected<std::vector<const ParsedCertificate*>> build(const ParsedCertificate& leaf,
                                                                      const Validate& validate);

  // Candidate paths handed to the validator so far.
  [[nodiscard]] std::size_t candidates_tried() const noexcept { return candidates_; }

 private:
  struct Candidate {
    const ParsedCertificate* certificate;
    bool anchor;
    int rank;
  };
  enum class Outcome : std::uint8_t { not_found, found, stop };

  [[nodiscard]] std::vector<Candidate> candidates_for(const Certificate& child) const;
  [[nodiscard]] bool in_path(const ParsedCertificate& certificate) const noexcept;
  [[nodiscard]] Outcome extend(const Validate& validate);
  [[nodiscard]] Outcome try_complete(const Validate& validate);
  void record(Error error, std::size_t score);
  [[nodiscard]] Error dead_end(const Certificate& certificate, bool looped) const;

  const TrustStore& trust_;
  const VerifyOptions& options_;
  SignatureChecker& signatures_;
  // The peer's certificates without duplicates, by name_key(subject).
  std::unordered_map<std::string, std::vector<const ParsedCertificate*>> by_subject_;

  std::vector<const ParsedCertificate*> path_;
  std::vector<const Certificate*> view_;  // path_ as the validator sees it
  std::size_t candidates_ = 0;
  std::optional<Error> best_;
  std::size_t best_score_ = 0;
};

}  // namespace cpptls::x509
