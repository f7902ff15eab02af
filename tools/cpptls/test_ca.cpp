#include "test_ca.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>
#include <utility>

namespace cpptls::tool::test_ca {
namespace {

constexpr std::size_t kRsaBits = 2048;
constexpr std::size_t kMaxCaFileSize = std::size_t{1024} * 1024;

// "2024-03-01T00:00:00Z".
[[nodiscard]] std::string format_utc(std::int64_t seconds) {
  const auto time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  ::gmtime_r(&time, &parts);
  char text[32] = {};
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

[[nodiscard]] CertificateRequest leaf_request(const LeafProfile& profile) {
  CertificateRequest request;
  // CN is the first name, as older clients still look for it; when it is too long for a CN
  // the subject is empty and the (then critical) subjectAltName alone names the host.
  if (profile.first_identity.size() <= kMaxCommonName) {
    request.common_name = profile.first_identity;
  }
  request.not_before = profile.not_before.value_or(now() - kBackdate);
  request.not_after =
      profile.not_after.value_or(now() + std::int64_t{profile.days} * kSecondsPerDay);
  request.dns_names = profile.names;
  request.ip_addresses = profile.ips;
  request.server_auth = profile.server;
  request.client_auth = profile.client;
  return request;
}

}  // namespace

TlsError tool_error(std::string reason) {
  return TlsError(TlsErrorKind::api_misuse, TlsErrorCode::invalid_argument, 0, std::move(reason));
}

std::int64_t now() noexcept {
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string random_hex(std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::random_device source;
  std::string text;
  for (std::size_t i = 0; i < size; ++i) {
    const unsigned byte = source() & 0xffu;
    text += kDigits[byte >> 4];
    text += kDigits[byte & 0x0fu];
  }
  return text;
}

// ---- files ----

std::string describe_errno(const std::string& what, const std::string& path, int error_number) {
  return "cannot " + what + " " + path + ": " + std::strerror(error_number);
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

Result<std::string> read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tool_error(describe_errno("read", path, errno));
  std::string text;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || text.size() + static_cast<std::size_t>(n) > kMaxCaFileSize) {
      const int saved = errno;
      ::close(fd);
      if (n == 0) return text;
      if (n > 0) return tool_error(path + " is larger than 1 MiB");
      return tool_error(describe_errno("read", path, saved));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

Result<void> write_new_file(const std::string& path, std::string_view content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return tool_error(describe_errno("create", path, errno));
  // The umask may have taken bits away from `mode`; a key file must be 0600 whatever it is.
  bool ok = ::fchmod(fd, mode) == 0;
  int error_number = errno;
  for (std::size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    error_number = errno;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 && ok) {
    ok = false;
    error_number = errno;
  }
  if (!ok) {
    ::unlink(path.c_str());
    return tool_error(describe_errno("write", path, error_number));
  }
  return {};
}

std::string join_path(const std::string& dir, std::string_view file) {
  if (!dir.empty() && dir.back() == '/') return dir + std::string(file);
  return dir + "/" + std::string(file);
}

void wipe(std::string& secret) noexcept {
  ::explicit_bzero(secret.data(), secret.size());
  secret.clear();
}

// ---- keys and certificates ----

Result<PrivateKey> make_key(bool rsa) {
  return PrivateKey::generate(openssl_provider(), rsa ? KeyType::rsa : KeyType::ec_p256, kRsaBits);
}

Result<CertificateAuthority> build_root(const PrivateKey& key, const std::string& common_name,
                                        const RootConstraints& constraints) {
  CertificateRequest request;
  request.organization = "cpptls";
  request.common_name = common_name;
  request.not_before = now() - kBackdate;
  request.not_after = now() + kCaLifetime;
  request.ca = true;
  request.path_length = 0;  // this CA signs leaves only (RFC 5280 4.2.1.9)
  request.permitted_dns_names = constraints.dns_names;
  request.permitted_ip_ranges = constraints.ip_ranges;
  return CertificateAuthority::create_root(key, request);
}

Result<CertificateAuthority> load_ca(const std::string& dir) {
  const std::string cert_path = join_path(dir, "ca.pem");
  const std::string key_path = join_path(dir, "ca.key");
  auto cert_text = read_small_file(cert_path);
  if (!cert_text) {
    return tool_error(cert_text.error().reason() + " (make a CA with `cpptls ca init`)");
  }
  auto certificates = Certificate::all_from_pem(*cert_text);
  if (!certificates) return tool_error(cert_path + ": " + certificates.error().reason());
  if (certificates->empty()) return tool_error("no certificate in " + cert_path);
  Certificate certificate = certificates->front();
  if (!certificate.is_ca()) {
    return tool_error(cert_path + " is not a CA certificate (basicConstraints cA is not TRUE)");
  }
  auto key_text = read_small_file(key_path);
  if (!key_text) return tool_error(key_text.error().reason());
  auto key = PrivateKey::from_pem(openssl_provider(), *key_text);
  wipe(*key_text);
  if (!key) return tool_error(key_path + ": " + key.error().reason());
  if (!key->matches(certificate)) return tool_error(key_path + " is not the key of " + cert_path);
  return CertificateAuthority::from(std::move(certificate), std::move(*key));
}

Result<Certificate> build_leaf(const CertificateAuthority& ca, const PrivateKey& leaf_key,
                               const LeafProfile& profile) {
  const CertificateRequest request = leaf_request(profile);
  // A leaf that outlives its CA would stop verifying before its own notAfter.
  if (request.not_after > ca.certificate().not_after()) {
    return tool_error(
        "the CA expires at " + format_utc(ca.certificate().not_after()) + ", before " +
        (profile.not_after ? "the --not-after asked for"
                           : "the " + std::to_string(profile.days) + " days asked for (--days)"));
  }
  if (request.not_before >= request.not_after) {
    return tool_error("the validity would end (" + format_utc(request.not_after) +
                      ") before it starts (" + format_utc(request.not_before) + ")");
  }
  return ca.issue(request, leaf_key);
}

}  // namespace cpptls::tool::test_ca
