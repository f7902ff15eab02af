#include "serve/local_certificate.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <utility>

#include "cpptls/x509.hpp"

#include "test_ca.hpp"

namespace cpptls::tool::serve {
namespace {

using namespace test_ca;  // NOLINT: the CA's building blocks, shared with `cpptls ca`

constexpr int kLeafDays = 90;
// A leaf this close to its end is replaced, so that a long-running server does not expire.
constexpr std::int64_t kRenewBefore = 7 * kSecondsPerDay;
constexpr std::size_t kCaNameRandomSize = 8;

// mkdir -p with 0700 for what is made: the folder holds the CA's private key.
[[nodiscard]] Result<void> make_folders(const std::string& folder) {
  for (std::size_t slash = folder.find('/', 1);; slash = folder.find('/', slash + 1)) {
    const std::string prefix = folder.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return tool_error(describe_errno("create", prefix, errno));
    }
    if (slash == std::string::npos) return {};
  }
}

// The key (0600) then the certificate, replacing older ones.
[[nodiscard]] Result<void> replace_pair(const std::string& cert_path, const std::string& cert_pem,
                                        const std::string& key_path, const PrivateKey& key) {
  auto key_pem = key.to_pem();
  if (!key_pem) return key_pem.error();
  ::unlink(cert_path.c_str());
  ::unlink(key_path.c_str());
  auto key_written = write_new_file(key_path, *key_pem, 0600);
  wipe(*key_pem);
  if (!key_written) return key_written;
  if (auto written = write_new_file(cert_path, cert_pem, 0644); !written) {
    ::unlink(key_path.c_str());
    return written;
  }
  return {};
}

// The names the local CA may certify: this machine only (RFC 5280 4.2.1.10 subtrees).
[[nodiscard]] RootConstraints local_names_only() {
  return RootConstraints{{"localhost"}, {"127.0.0.1/32", "::1/128"}};
}

// A CA made before the constraints existed: its certificate has no critical nameConstraints.
[[nodiscard]] bool is_unconstrained(const CertificateAuthority& ca) {
  return !ca.certificate().has_name_constraints();
}

// Removes the CA and the leaf it signed: the key of an unconstrained CA must not survive.
void remove_local_ca(const std::string& folder) {
  for (const char* file : {"ca.key", "ca.pem", "localhost.key", "localhost.pem"}) {
    ::unlink(join_path(folder, file).c_str());
  }
}

[[nodiscard]] Result<void> create_ca(const std::string& folder) {
  auto key = make_key(false);
  if (!key) return key.error();
  auto ca = build_root(*key, "cpptls serve local CA " + random_hex(kCaNameRandomSize),
                       local_names_only());
  if (!ca) return ca.error();
  return replace_pair(join_path(folder, "ca.pem"), ca->certificate().to_pem(),
                      join_path(folder, "ca.key"), *key);
}

// The leaf in `cert_path` is usable: readable, issued by `ca` (by name and key identifier)
// and not within kRenewBefore of its end. Its key is checked when the server loads it.
[[nodiscard]] bool leaf_is_current(const CertificateAuthority& ca, const std::string& cert_path,
                                   const std::string& key_path) {
  if (!exists(key_path)) return false;
  auto text = read_small_file(cert_path);
  if (!text) return false;
  auto certificates = Certificate::all_from_pem(*text);
  if (!certificates || certificates->empty()) return false;
  const Certificate& leaf = certificates->front();
  const std::vector<std::uint8_t> authority = leaf.authority_key_identifier();
  return leaf.issuer() == ca.certificate().subject() && !authority.empty() &&
         authority == ca.certificate().subject_key_identifier() &&
         leaf.not_after() > now() + kRenewBefore && leaf.not_before() <= now();
}

[[nodiscard]] Result<void> issue_leaf(const CertificateAuthority& ca,
                                      const LocalCertificate& paths) {
  auto key = make_key(false);
  if (!key) return key.error();
  LeafProfile profile;
  profile.names = {"localhost"};
  profile.ips = {"127.0.0.1", "::1"};
  profile.first_identity = "localhost";
  profile.days = kLeafDays;
  auto certificate = build_leaf(ca, *key, profile);
  if (!certificate) return certificate.error();
  const std::string chain = certificate->to_pem() + ca.certificate().to_pem();
  return replace_pair(paths.cert_path, chain, paths.key_path, *key);
}

}  // namespace

Result<std::string> local_certificate_folder() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  if (data_home != nullptr && data_home[0] == '/') return join_path(data_home, "cpptls/serve");
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] != '/') {
    return tool_error(
        "neither XDG_DATA_HOME nor HOME is set to an absolute path: give --cert and --key");
  }
  return join_path(home, ".local/share/cpptls/serve");
}

Result<LocalCertificate> ensure_local_certificate(const std::string& folder) {
  LocalCertificate paths;
  paths.folder = folder;
  paths.ca_path = join_path(folder, "ca.pem");
  paths.cert_path = join_path(folder, "localhost.pem");
  paths.key_path = join_path(folder, "localhost.key");
  if (auto made = make_folders(folder); !made) return made.error();

  const std::string ca_key_path = join_path(folder, "ca.key");
  const bool have_cert = exists(paths.ca_path);
  if (have_cert != exists(ca_key_path)) {
    return tool_error(folder + " holds only half of a CA (" +
                      (have_cert ? paths.ca_path : ca_key_path) + "): remove it to make a new one");
  }
  if (!have_cert) {
    if (auto created = create_ca(folder); !created) return created.error();
    paths.created_ca = true;
  }
  auto ca = load_ca(folder);
  if (!ca) return ca.error();
  if (is_unconstrained(*ca)) {
    remove_local_ca(folder);
    if (auto created = create_ca(folder); !created) return created.error();
    paths.created_ca = true;
    paths.replaced_unconstrained_ca = true;
    ca = load_ca(folder);
    if (!ca) return ca.error();
  }
  if (!leaf_is_current(*ca, paths.cert_path, paths.key_path)) {
    if (auto issued = issue_leaf(*ca, paths); !issued) return issued.error();
    paths.issued_leaf = true;
  }
  return paths;
}

}  // namespace cpptls::tool::serve
