// Runs the whole verifier (path building, RFC 5280 6.1 validation, host matching) on
// arbitrary certificates, so that a hostile chain the parser accepts cannot crash it, loop,
// or produce a path that is not one.
//
// Input: one byte N, then certificates as (2-byte big-endian length, DER) records. The first
// certificate that parses is the leaf, the next N % 4 are trust anchors, the rest are the
// peer's intermediates. Validation happens one second after the leaf's notBefore, for host
// www.example.com.
//
// Invariants: verification either succeeds with a path that starts at the leaf, ends at an
// anchor of the store, chains by name (RFC 5280 7.1), has no certificate twice and respects
// the path length budget; or fails with ErrorKind::certificate, one of the five certificate
// codes and a non-empty reason. Verifying twice gives the same answer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace {

using namespace cpptls;        // NOLINT(google-build-using-namespace)
using namespace cpptls::x509;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

bool certificate_code(ErrorCode code) {
  return code == ErrorCode::certificate_invalid || code == ErrorCode::certificate_expired ||
         code == ErrorCode::certificate_untrusted || code == ErrorCode::certificate_name_mismatch ||
         code == ErrorCode::certificate_unsupported;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t anchors = data[0] % 4;
  ByteView rest(data + 1, size - 1);
  std::vector<ParsedCertificate> certificates;
  while (rest.size() >= 2 && certificates.size() < 64) {
    const std::size_t length = static_cast<std::size_t>(rest[0]) << 8 | rest[1];
    rest = rest.subspan(2);
    if (length > rest.size()) break;
    if (auto parsed = ParsedCertificate::copy_of(rest.first(length))) {
      certificates.push_back(std::move(*parsed));
    }
    rest = rest.subspan(length);
  }
  if (certificates.empty()) return 0;

  TrustStore trust;
  std::vector<ParsedCertificate> intermediates;
  for (std::size_t i = 1; i < certificates.size(); ++i) {
    if (i <= anchors) {
      trust.add(certificates[i]);
    } else {
      intermediates.push_back(certificates[i]);
    }
  }
  const ParsedCertificate& leaf = certificates.front();
  VerifyOptions options;
  options.time = leaf->not_before() + 1;
  options.host = "www.example.com";
  const crypto::Provider& provider = crypto::openssl::provider();

  auto first = verify_certificate(provider, trust, leaf, intermediates, options);
  auto second = verify_certificate(provider, trust, leaf, intermediates, options);
  FUZZ_CHECK(first.has_value() == second.has_value());
  if (!first) {
    FUZZ_CHECK(first.error().kind() == ErrorKind::certificate);
    FUZZ_CHECK(certificate_code(first.error().code()));
    FUZZ_CHECK(!first.error().reason().empty());
    FUZZ_CHECK(first.error().reason() == second.error().reason());
    return 0;
  }
  const auto& path = first->path();
  FUZZ_CHECK(!path.empty() && path.size() <= options.max_path_length);
  FUZZ_CHECK(path.front() == leaf);
  FUZZ_CHECK(trust.contains(path.back()));
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    FUZZ_CHECK(names_match(path[i]->issuer(), path[i + 1]->subject()));
    for (std::size_t j = i + 1; j < path.size(); ++j)
      FUZZ_CHECK(!(path[i] == path[j]));
  }
  return 0;
}
