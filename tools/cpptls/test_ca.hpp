#pragma once
// A small CA for tests and development, shared by `cpptls ca` (which writes one where the user
// asks) and `cpptls serve` (which keeps one per user for localhost): fresh keys and
// certificates from the public certificate builder (cpptls::CertificateAuthority,
// include/cpptls/x509.hpp), and the file handling both need (keys are created 0600, nothing
// existing is overwritten).

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/x509.hpp"

namespace cpptls::tool::test_ca {

constexpr std::int64_t kSecondsPerDay = 86400;
// The CA's ten years, leap days included.
constexpr std::int64_t kCaLifetime = 3652 * kSecondsPerDay;
// Backdated so that a peer whose clock is a little behind accepts a certificate made now.
constexpr std::int64_t kBackdate = 3600;
constexpr std::size_t kMaxCommonName = 64;  // RFC 5280 A.1 ub-common-name

// A failure of the user's to fix (a file, a directory, an argument): kind api_misuse.
[[nodiscard]] TlsError tool_error(std::string reason);
// Seconds since the epoch.
[[nodiscard]] std::int64_t now() noexcept;
// `size` random bytes in hex, to tell test CAs apart by name (not a secret).
[[nodiscard]] std::string random_hex(std::size_t size);

// ---- files ----

[[nodiscard]] std::string describe_errno(const std::string& what, const std::string& path,
                                         int error_number);
// True if something (even a dangling symlink) is at `path`.
[[nodiscard]] bool exists(const std::string& path);
// A file of at most 1 MiB.
[[nodiscard]] Result<std::string> read_small_file(const std::string& path);
// Creates `path` (which must not exist: O_EXCL) with exactly `mode` and writes `content`.
// A file left half-written is removed.
[[nodiscard]] Result<void> write_new_file(const std::string& path, std::string_view content,
                                          mode_t mode);
[[nodiscard]] std::string join_path(const std::string& dir, std::string_view file);
// Overwrites a string that held a private key before it is freed.
void wipe(std::string& secret) noexcept;

// ---- keys and certificates ----

// A fresh ECDSA P-256 key, or RSA-2048 when `rsa`.
[[nodiscard]] Result<PrivateKey> make_key(bool rsa);

// What a root may certify (RFC 5280 4.2.1.10); empty lists: anything.
struct RootConstraints {
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_ranges;  // "127.0.0.1/32"
};

// A self-signed root "O=cpptls, CN=`common_name`" for `key`, valid kCaLifetime from now, that
// signs leaves only (pathLenConstraint 0).
[[nodiscard]] Result<CertificateAuthority> build_root(const PrivateKey& key,
                                                      const std::string& common_name,
                                                      const RootConstraints& constraints = {});

// DIR/ca.pem and DIR/ca.key, checked to be a CA certificate and its key.
[[nodiscard]] Result<CertificateAuthority> load_ca(const std::string& dir);

// What a leaf certifies and for how long.
struct LeafProfile {
  std::vector<std::string> names;  // DNS names
  std::vector<std::string> ips;    // addresses in canonical text
  std::string first_identity;      // the first name or address as given: the common name
  bool server = true;              // extKeyUsage serverAuth
  bool client = false;             // extKeyUsage clientAuth
  int days = 90;
  // An explicit validity (Unix seconds) instead of now-1h .. now+days: for certificates that
  // have expired or are not yet valid, to test how peers refuse them.
  std::optional<std::int64_t> not_before;
  std::optional<std::int64_t> not_after;
};

// A leaf for `leaf_key` signed by `ca`. Refused when it would outlive the CA.
[[nodiscard]] Result<Certificate> build_leaf(const CertificateAuthority& ca,
                                             const PrivateKey& leaf_key,
                                             const LeafProfile& profile);

}  // namespace cpptls::tool::test_ca
