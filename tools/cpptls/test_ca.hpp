#pragma once
// A small CA for tests and development, shared by `cpptls ca` (which writes one where the user
// asks) and `cpptls serve` (which keeps one per user for localhost): fresh keys from the crypto
// provider, certificates written by our own DER writer (src/x509/certificate_builder.hpp) and
// signed through the provider, and the file handling both need (keys are created 0600, nothing
// existing is overwritten).

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "x509/certificate.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/ip_address.hpp"

namespace cpptls::tool::test_ca {

constexpr std::int64_t kSecondsPerDay = 86400;
// The CA's ten years, leap days included.
constexpr std::int64_t kCaLifetime = 3652 * kSecondsPerDay;
// Backdated so that a peer whose clock is a little behind accepts a certificate made now.
constexpr std::int64_t kBackdate = 3600;
constexpr std::size_t kMaxCommonName = 64;  // RFC 5280 A.1 ub-common-name

// ---- files ----

[[nodiscard]] std::string describe_errno(const std::string& what, const std::string& path,
                                         int error_number);
// True if something (even a dangling symlink) is at `path`.
[[nodiscard]] bool exists(const std::string& path);
// A file of at most 1 MiB.
[[nodiscard]] Expected<std::string> read_small_file(const std::string& path);
// Creates `path` (which must not exist: O_EXCL) with exactly `mode` and writes `content`.
// A file left half-written is removed.
[[nodiscard]] Expected<void> write_new_file(const std::string& path, ByteView content, mode_t mode);
[[nodiscard]] std::string join_path(const std::string& dir, std::string_view file);

// ---- keys and certificates ----

struct KeyPair {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes spki;
  Bytes key_identifier;
  SecretBytes pem;  // PKCS#8
};

// A fresh ECDSA P-256 key, or RSA-2048 when `rsa`.
[[nodiscard]] Expected<KeyPair> make_key(const crypto::Provider& provider, bool rsa);
[[nodiscard]] Expected<Bytes> random_bytes(const crypto::Provider& provider, std::size_t size);

// A self-signed root for `pair`, valid kCaLifetime from now, that signs leaves only (DER);
// with `constraints`, only leaves for names within them (RFC 5280 4.2.1.10, critical).
[[nodiscard]] Expected<Bytes> build_root(
    const crypto::Provider& provider, const KeyPair& pair, const std::string& common_name,
    const std::optional<x509::NameConstraintsSpec>& constraints = std::nullopt);

struct LoadedCa {
  x509::ParsedCertificate certificate;
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes key_identifier;
};

// DIR/ca.pem and DIR/ca.key, checked to be a CA certificate and its key.
[[nodiscard]] Expected<LoadedCa> load_ca(const crypto::Provider& provider, const std::string& dir);

// What a leaf certifies and for how long.
struct LeafProfile {
  std::vector<std::string> names;  // DNS names
  std::vector<x509::IpAddress> ips;
  std::string first_identity;  // the first name or address as given: the common name
  bool server = true;          // extKeyUsage serverAuth
  bool client = false;         // extKeyUsage clientAuth
  bool rsa = false;            // the leaf key is RSA (keyEncipherment too)
  int days = 90;
};

// A leaf for `leaf`'s key signed by `ca` (DER). Refused when it would outlive the CA.
[[nodiscard]] Expected<Bytes> build_leaf(const crypto::Provider& provider, const LoadedCa& ca,
                                         const KeyPair& leaf, const LeafProfile& profile);

}  // namespace cpptls::tool::test_ca
