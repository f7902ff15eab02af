#include "x509/trust_store.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "x509/pem.hpp"

namespace cpptls::x509 {
namespace {

namespace fs = std::filesystem;

// Debian's bundle, made by update-ca-certificates.
constexpr const char* kDefaultBundle = "/etc/ssl/certs/ca-certificates.crt";
// Larger than any CA bundle (Debian's is about 220 KB); bounds what one file can make us read.
constexpr std::uintmax_t kMaxFileSize = std::uintmax_t{64} * 1024 * 1024;

Expected<std::string> read_file(const std::string& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) {
    return misuse(ErrorCode::invalid_argument,
                  "cannot read the CA file " + path + ": " + error.message());
  }
  if (size > kMaxFileSize) {
    return misuse(ErrorCode::invalid_argument,
                  "the CA file " + path + " is larger than 64 MiB; is it really a PEM bundle?");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return misuse(ErrorCode::invalid_argument, "cannot open the CA file " + path);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

void TrustStore::add(ParsedCertificate anchor) {
  auto& bucket = by_subject_[name_key(anchor->subject())];
  if (std::find(bucket.begin(), bucket.end(), anchor) != bucket.end()) return;
  bucket.push_back(std::move(anchor));
  ++count_;
  fingerprint_ = std::make_shared<FingerprintCache>();
  anchor_keys_ = std::make_shared<AnchorKeyCache>();
}

std::shared_ptr<const crypto::PublicKey> TrustStore::anchor_key(const crypto::Provider& provider,
                                                                const Certificate& anchor) const {
  const auto candidates = find_by_subject(anchor.subject());
  const bool ours = std::any_of(candidates.begin(), candidates.end(),
                                [&](const ParsedCertificate& c) { return &*c == &anchor; });
  if (!ours) return nullptr;
  const std::lock_guard lock(anchor_keys_->mutex);
  for (const AnchorKey& known : anchor_keys_->keys) {
    if (known.provider == &provider && known.anchor == &anchor) return known.key;
  }
  // Parsed under the lock: the first handshakes after start-up wait for one parse instead of
  // each making its own.
  auto parsed = provider.public_key(anchor.public_key().spki);
  if (!parsed) return nullptr;
  std::shared_ptr<const crypto::PublicKey> key = std::move(*parsed);
  anchor_keys_->keys.push_back(AnchorKey{&provider, &anchor, key});
  return key;
}

Expected<TrustFingerprint> TrustStore::fingerprint(const crypto::Provider& provider) const {
  const std::lock_guard lock(fingerprint_->mutex);
  if (fingerprint_->value) return *fingerprint_->value;
  const auto sha256 = [&](ByteView data) -> Expected<TrustFingerprint> {
    auto hash = provider.hash(crypto::HashAlgorithm::sha256);
    if (!hash) return Unexpected<Error>(std::move(hash.error()));
    (*hash)->update(data);
    TrustFingerprint digest{};
    if (auto done = (*hash)->finish(digest); !done) return Unexpected<Error>(done.error());
    return digest;
  };
  std::vector<TrustFingerprint> digests;
  digests.reserve(count_);
  for (const auto& [key, bucket] : by_subject_) {
    for (const ParsedCertificate& anchor : bucket) {
      auto digest = sha256(anchor.der());
      if (!digest) return Unexpected<Error>(std::move(digest.error()));
      digests.push_back(*digest);
    }
  }
  std::sort(digests.begin(), digests.end());
  Bytes all;
  all.reserve(digests.size() * sizeof(TrustFingerprint));
  for (const TrustFingerprint& digest : digests)
    all.insert(all.end(), digest.begin(), digest.end());
  auto digest = sha256(all);
  if (!digest) return Unexpected<Error>(std::move(digest.error()));
  fingerprint_->value = *digest;
  return *digest;
}

Expected<std::size_t> TrustStore::add_pem(std::string_view pem_text) {
  auto certificates = parse_pem_certificates(pem_text);
  if (!certificates) return Unexpected<Error>(std::move(certificates.error()));
  const std::size_t before = count_;
  for (ParsedCertificate& certificate : *certificates)
    add(std::move(certificate));
  return count_ - before;
}

Expected<std::size_t> TrustStore::load_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return Unexpected<Error>(std::move(text.error()));
  auto added = add_pem(*text);
  if (!added) {
    return fail(added.error().kind(), added.error().code(), added.error().alert(),
                "CA file " + path + ": " + added.error().reason());
  }
  return added;
}

Expected<std::vector<ParsedCertificate>> certificates_in_directory(const std::string& path) {
  std::error_code error;
  fs::directory_iterator it(path, error);
  if (error) {
    return misuse(ErrorCode::invalid_argument,
                  "cannot read the CA directory " + path + ": " + error.message());
  }
  std::vector<fs::path> files;
  for (const fs::directory_iterator end; it != end; it.increment(error)) {
    if (error) break;
    std::error_code status_error;
    if (it->is_regular_file(status_error)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::vector<ParsedCertificate> found;
  for (const fs::path& file : files) {
    auto text = read_file(file.string());
    if (!text) continue;
    auto certificates = parse_pem_certificates(*text);
    if (!certificates) continue;
    for (ParsedCertificate& certificate : *certificates)
      found.push_back(std::move(certificate));
  }
  return found;
}

Expected<std::size_t> TrustStore::load_directory(const std::string& path) {
  auto certificates = certificates_in_directory(path);
  if (!certificates) return Unexpected<Error>(std::move(certificates.error()));
  const std::size_t before = count_;
  for (ParsedCertificate& certificate : *certificates)
    add(std::move(certificate));
  return count_ - before;
}

Expected<TrustStore> TrustStore::system() {
  TrustStore store;
  const char* file = std::getenv("SSL_CERT_FILE");
  const char* dir = std::getenv("SSL_CERT_DIR");
  const bool have_file = file != nullptr && *file != '\0';
  const bool have_dir = dir != nullptr && *dir != '\0';
  if (have_file) {
    if (auto added = store.load_file(file); !added) return Unexpected<Error>(added.error());
  }
  if (have_dir) {
    // OpenSSL reads SSL_CERT_DIR as a list separated by ':'.
    std::string_view list(dir);
    while (!list.empty()) {
      const std::size_t colon = list.find(':');
      const std::string entry(list.substr(0, colon));
      list = colon == std::string_view::npos ? std::string_view() : list.substr(colon + 1);
      if (entry.empty()) continue;
      if (auto added = store.load_directory(entry); !added) return Unexpected<Error>(added.error());
    }
  }
  if (!have_file && !have_dir) {
    if (auto added = store.load_file(kDefaultBundle); !added) {
      return misuse(ErrorCode::invalid_argument,
                    "cannot load the system trust store: " + added.error().reason() +
                        " (install ca-certificates, or set SSL_CERT_FILE or SSL_CERT_DIR)");
    }
  }
  return store;
}

std::span<const ParsedCertificate> TrustStore::find_by_subject(const Name& issuer) const {
  const auto found = by_subject_.find(name_key(issuer));
  if (found == by_subject_.end()) return {};
  return found->second;
}

bool TrustStore::contains(const ParsedCertificate& certificate) const {
  const auto anchors = find_by_subject(certificate->subject());
  return std::find(anchors.begin(), anchors.end(), certificate) != anchors.end();
}

}  // namespace cpptls::x509
