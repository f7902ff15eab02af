#include "serve/local_certificate.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <utility>

#include "base/hex.hpp"
#include "test_ca.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/ip_address.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls::tool::serve {
namespace {

using namespace test_ca;  // NOLINT: the CA's building blocks, shared with `cpptls ca`

constexpr int kLeafDays = 90;
// A leaf this close to its end is replaced, so that a long-running server does not expire.
constexpr std::int64_t kRenewBefore = 7 * kSecondsPerDay;
constexpr std::size_t kCaNameRandomSize = 8;

// mkdir -p with 0700 for what is made: the folder holds the CA's private key.
[[nodiscard]] Expected<void> make_folders(const std::string& folder) {
  for (std::size_t slash = folder.find('/', 1);; slash = folder.find('/', slash + 1)) {
    const std::string prefix = folder.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return misuse(ErrorCode::invalid_argument, describe_errno("create", prefix, errno));
    }
    if (slash == std::string::npos) return {};
  }
}

// The key (0600) then the certificate, replacing older ones.
[[nodiscard]] Expected<void> replace_pair(const std::string& cert_path, const std::string& cert_pem,
                                          const std::string& key_path, const SecretBytes& key_pem) {
  ::unlink(cert_path.c_str());
  ::unlink(key_path.c_str());
  if (auto written = write_new_file(key_path, key_pem, 0600); !written) return written;
  if (auto written = write_new_file(cert_path, as_bytes(cert_pem), 0644); !written) {
    ::unlink(key_path.c_str());
    return written;
  }
  return {};
}

// The names the local CA may certify: this machine only (RFC 5280 4.2.1.10 subtrees).
[[nodiscard]] x509::NameConstraintsSpec local_names_only() {
  return x509::NameConstraintsSpec{
      {"localhost"}, {{*x509::parse_ip("127.0.0.1"), 32}, {*x509::parse_ip("::1"), 128}}};
}

// A CA made before the constraints existed: its certificate has no critical nameConstraints.
[[nodiscard]] bool is_unconstrained(const LoadedCa& ca) {
  const auto& constraints = ca.certificate->extensions().name_constraints;
  return !constraints.present || !constraints.critical;
}

// Removes the CA and the leaf it signed: the key of an unconstrained CA must not survive.
void remove_local_ca(const std::string& folder) {
  for (const char* file : {"ca.key", "ca.pem", "localhost.key", "localhost.pem"}) {
    ::unlink(join_path(folder, file).c_str());
  }
}

[[nodiscard]] Expected<void> create_ca(const crypto::Provider& provider,
                                       const std::string& folder) {
  auto pair = make_key(provider, false);
  if (!pair) return Unexpected<Error>(std::move(pair.error()));
  auto suffix = random_bytes(provider, kCaNameRandomSize);
  if (!suffix) return Unexpected<Error>(std::move(suffix.error()));
  auto certificate =
      build_root(provider, *pair, "cpptls serve local CA " + to_hex(*suffix), local_names_only());
  if (!certificate) return Unexpected<Error>(std::move(certificate.error()));
  return replace_pair(join_path(folder, "ca.pem"), x509::encode_pem("CERTIFICATE", *certificate),
                      join_path(folder, "ca.key"), pair->pem);
}

// The leaf in `cert_path` is usable: readable, issued by `ca` (by name and key identifier)
// and not within kRenewBefore of its end. Its key is checked when the server loads it.
[[nodiscard]] bool leaf_is_current(const crypto::Provider& provider, const LoadedCa& ca,
                                   const std::string& cert_path, const std::string& key_path) {
  if (!exists(key_path)) return false;
  auto text = read_small_file(cert_path);
  if (!text) return false;
  auto certificates = x509::parse_pem_certificates(*text);
  if (!certificates || certificates->empty()) return false;
  const x509::ParsedCertificate& leaf = certificates->front();
  const ByteView issuer = leaf->issuer().der();
  const ByteView subject = ca.certificate->subject().der();
  const auto& authority = leaf->extensions().authority_key_identifier;
  return std::equal(issuer.begin(), issuer.end(), subject.begin(), subject.end()) &&
         authority.key_identifier &&
         std::equal(authority.key_identifier->begin(), authority.key_identifier->end(),
                    ca.key_identifier.begin(), ca.key_identifier.end()) &&
         leaf->not_after() > provider.now() + kRenewBefore && leaf->not_before() <= provider.now();
}

[[nodiscard]] Expected<void> issue_leaf(const crypto::Provider& provider, const LoadedCa& ca,
                                        const LocalCertificate& paths) {
  auto pair = make_key(provider, false);
  if (!pair) return Unexpected<Error>(std::move(pair.error()));
  LeafProfile profile;
  profile.names = {"localhost"};
  profile.ips = {*x509::parse_ip("127.0.0.1"), *x509::parse_ip("::1")};
  profile.first_identity = "localhost";
  profile.days = kLeafDays;
  auto certificate = build_leaf(provider, ca, *pair, profile);
  if (!certificate) return Unexpected<Error>(std::move(certificate.error()));
  const std::string chain = x509::encode_pem("CERTIFICATE", *certificate) +
                            x509::encode_pem("CERTIFICATE", ca.certificate.der());
  return replace_pair(paths.cert_path, chain, paths.key_path, pair->pem);
}

}  // namespace

Expected<std::string> local_certificate_folder() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  if (data_home != nullptr && data_home[0] == '/') return join_path(data_home, "cpptls/serve");
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] != '/') {
    return misuse(ErrorCode::invalid_argument,
                  "neither XDG_DATA_HOME nor HOME is set to an absolute path: give --cert and "
                  "--key");
  }
  return join_path(home, ".local/share/cpptls/serve");
}

Expected<LocalCertificate> ensure_local_certificate(const crypto::Provider& provider,
                                                    const std::string& folder) {
  LocalCertificate paths;
  paths.folder = folder;
  paths.ca_path = join_path(folder, "ca.pem");
  paths.cert_path = join_path(folder, "localhost.pem");
  paths.key_path = join_path(folder, "localhost.key");
  if (auto made = make_folders(folder); !made) return Unexpected<Error>(std::move(made.error()));

  const std::string ca_key_path = join_path(folder, "ca.key");
  const bool have_cert = exists(paths.ca_path);
  if (have_cert != exists(ca_key_path)) {
    return misuse(ErrorCode::invalid_argument, folder + " holds only half of a CA (" +
                                                   (have_cert ? paths.ca_path : ca_key_path) +
                                                   "): remove it to make a new one");
  }
  if (!have_cert) {
    if (auto created = create_ca(provider, folder); !created) {
      return Unexpected<Error>(std::move(created.error()));
    }
    paths.created_ca = true;
  }
  auto ca = load_ca(provider, folder);
  if (!ca) return Unexpected<Error>(std::move(ca.error()));
  if (is_unconstrained(*ca)) {
    remove_local_ca(folder);
    if (auto created = create_ca(provider, folder); !created) {
      return Unexpected<Error>(std::move(created.error()));
    }
    paths.created_ca = true;
    paths.replaced_unconstrained_ca = true;
    ca = load_ca(provider, folder);
    if (!ca) return Unexpected<Error>(std::move(ca.error()));
  }
  if (!leaf_is_current(provider, *ca, paths.cert_path, paths.key_path)) {
    if (auto issued = issue_leaf(provider, *ca, paths); !issued) {
      return Unexpected<Error>(std::move(issued.error()));
    }
    paths.issued_leaf = true;
  }
  return paths;
}

}  // namespace cpptls::tool::serve
