#pragma once
// The certificate authorities a verifier trusts (the seed's step 3: "the client authenticates
// the server" against them). Anchors are indexed by subject so that the path builder finds
// the candidates for an issuer name without a scan.
//
// No file system access happens here except in the explicit load_* functions; the system
// store honours SSL_CERT_FILE and SSL_CERT_DIR as OpenSSL and curl do.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/name.hpp"

namespace cpptls::x509 {

class TrustStore {
 public:
  TrustStore() = default;

  // Adds one anchor. Adding the same DER twice keeps one.
  void add(ParsedCertificate anchor);
  // Adds every CERTIFICATE block of a PEM text; fails on a malformed block, naming it.
  [[nodiscard]] Expected<std::size_t> add_pem(std::string_view pem_text);
  // A PEM file with any number of certificates.
  [[nodiscard]] Expected<std::size_t> load_file(const std::string& path);
  // Every regular file in a directory that holds PEM certificates (hashed c_rehash links
  // and plain *.pem / *.crt files alike); files without certificates are skipped.
  [[nodiscard]] Expected<std::size_t> load_directory(const std::string& path);
  // The system store: $SSL_CERT_FILE and $SSL_CERT_DIR when set, else
  // /etc/ssl/certs/ca-certificates.crt (Debian's bundle).
  [[nodiscard]] static Expected<TrustStore> system();

  // The anchors whose subject matches `issuer` by RFC 5280 7.1.
  [[nodiscard]] std::span<const ParsedCertificate> find_by_subject(const Name& issuer) const;
  [[nodiscard]] bool contains(const ParsedCertificate& certificate) const;
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

 private:
  // name_key(subject) -> anchors with that subject.
  std::unordered_map<std::string, std::vector<ParsedCertificate>> by_subject_;
  std::size_t count_ = 0;
};

}  // namespace cpptls::x509
