// Chain verification and anchors for the public X.509 API (include/cpptls/x509.hpp): the
// handshake's own verifier (x509/verify.hpp) over public types.

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "cpptls/x509.hpp"

#include "conn/api/convert.hpp"
#include "conn/api/files.hpp"
#include "conn/api/x509_data.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls {

std::optional<CertificateFailure> certificate_failure(const TlsError& error) noexcept {
  if (error.kind() != TlsErrorKind::certificate) return std::nullopt;
  switch (error.code()) {
    case TlsErrorCode::certificate_untrusted:
      return CertificateFailure::untrusted;
    case TlsErrorCode::certificate_expired:
      return CertificateFailure::expired;
    case TlsErrorCode::certificate_name_mismatch:
      return CertificateFailure::name_mismatch;
    case TlsErrorCode::certificate_unsupported:
      return CertificateFailure::unsupported;
    default:
      return CertificateFailure::invalid;
  }
}

Result<std::vector<Certificate>> verify_chain(const crypto::Provider& provider,
                                              const TrustAnchors& anchors, const Certificate& leaf,
                                              std::span<const Certificate> intermediates,
                                              const ChainVerifyOptions& options) {
  std::vector<x509::ParsedCertificate> pool;
  pool.reserve(intermediates.size());
  for (const Certificate& certificate : intermediates)
    pool.push_back(certificate.data()->parsed);
  x509::VerifyOptions verify;
  verify.time = options.time.value_or(provider.now());
  verify.purpose = options.purpose == CertificatePurpose::client_auth ? x509::Purpose::client_auth
                                                                      : x509::Purpose::server_auth;
  verify.host = options.host;
  static const x509::TrustStore kNoAnchors;
  const x509::TrustStore& store = anchors.store() ? *anchors.store() : kNoAnchors;
  auto verified = x509::verify_certificate(provider, store, leaf.data()->parsed, pool, verify);
  if (!verified) return api::to_public(verified.error());
  std::vector<Certificate> path;
  path.reserve(verified->path().size());
  for (const x509::ParsedCertificate& certificate : verified->path())
    path.push_back(api::to_public(certificate));
  return path;
}

Result<std::vector<Certificate>> certificates_from_directory(const std::string& path) {
  auto parsed = x509::certificates_in_directory(path);
  if (!parsed) return api::config_error(parsed.error().reason());
  std::vector<Certificate> certificates;
  certificates.reserve(parsed->size());
  for (x509::ParsedCertificate& certificate : *parsed)
    certificates.push_back(api::to_public(std::move(certificate)));
  return certificates;
}

Result<TrustAnchors> trust_anchors_from(std::span<const Certificate> certificates) {
  if (certificates.empty()) return TrustAnchors();
  // TrustAnchors is made from PEM; each certificate is parsed once more, a small price for
  // not widening TrustAnchors' interface.
  std::string pem;
  for (const Certificate& certificate : certificates)
    pem += certificate.to_pem();
  return TrustAnchors::from_pem(pem);
}

}  // namespace cpptls
