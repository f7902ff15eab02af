#pragma once
// The certificate authorities a verifier trusts (handshake step 3: "the client authenticates
// the server" against them). Anchors are indexed by subject so that the path builder finds
// the candidates for an issuer name without a scan.
//
// No file system access happens here except in the explicit load_* functions; the system
// store honours SSL_CERT_FILE and SSL_CERT_DIR as OpenSSL and curl do.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "x509/certificate.hpp"
#include "x509/name.hpp"

namespace cpptls::x509 {

// What identifies a set of anchors (TrustStore::fingerprint).
using TrustFingerprint = std::array<std::uint8_t, 32>;

// Every certificate in the regular files of a directory that hold PEM certificates (hashed
// c_rehash links and plain *.pem / *.crt files alike), in the files' name order so that the
// result does not depend on the directory's; files without (valid) certificates are skipped,
// as /etc/ssl/certs holds other files too. Fails only when the directory cannot be read.
[[nodiscard]] Expected<std::vector<ParsedCertificate>> certificates_in_directory(
    const std::string& path);

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

  // An identity of the anchor set: SHA-256 over the SHA-256 digests of the anchors' DER in
  // ascending order, so stores that hold the same anchors have the same fingerprint, whatever
  // the order they were added in or the process that loaded them. Sessions record it: a
  // session authenticated under one set is never resumed under another. Computed once per
  // store (thread-safe; adding an anchor starts over).
  [[nodiscard]] Expected<TrustFingerprint> fingerprint(const crypto::Provider& provider) const;

  // The public key of `anchor`, which must be one of this store's anchors (the very object
  // find_by_subject handed out), parsed by `provider` the first time it is asked for and
  // then kept for the life of the anchor set, so that a client does not import the same
  // root's key in every handshake. Null for a certificate that is not one of these anchors,
  // or whose key does not parse (the caller then parses it and reports why).
  // Thread-safe; copies of the store share the keys until one of them adds an anchor.
  [[nodiscard]] std::shared_ptr<const crypto::PublicKey> anchor_key(
      const crypto::Provider& provider, const Certificate& anchor) const;

 private:
  struct FingerprintCache {
    std::mutex mutex;
    std::optional<TrustFingerprint> value;
  };
  struct AnchorKey {
    const crypto::Provider* provider;
    const Certificate* anchor;
    std::shared_ptr<const crypto::PublicKey> key;
  };
  struct AnchorKeyCache {
    std::mutex mutex;
    std::vector<AnchorKey> keys;  // only the anchors used so far: a handful
  };

  // name_key(subject) -> anchors with that subject.
  std::unordered_map<std::string, std::vector<ParsedCertificate>> by_subject_;
  std::size_t count_ = 0;
  // Shared by copies, which hold the same anchors until one of them adds another.
  std::shared_ptr<FingerprintCache> fingerprint_ = std::make_shared<FingerprintCache>();
  std::shared_ptr<AnchorKeyCache> anchor_keys_ = std::make_shared<AnchorKeyCache>();
};

}  // namespace cpptls::x509
