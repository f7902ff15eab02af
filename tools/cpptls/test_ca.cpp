#include "test_ca.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "base/hex.hpp"
#include "base/wipe.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/der/time.hpp"
#include "x509/extensions.hpp"
#include "x509/name_constraints.hpp"
#include "x509/oids.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls::tool::test_ca {
namespace {

constexpr std::size_t kRsaBits = 2048;
constexpr std::size_t kSerialSize = 16;  // 128 random bits, above the CA/B Forum's 64
constexpr std::size_t kMaxCaFileSize = std::size_t{1024} * 1024;

// A positive serial of exactly kSerialSize octets: the top bit clear keeps it positive
// without a sign octet, the next one set keeps its length fixed.
[[nodiscard]] Expected<Bytes> random_serial(const crypto::Provider& provider) {
  auto serial = random_bytes(provider, kSerialSize);
  if (serial) (*serial)[0] = static_cast<std::uint8_t>(((*serial)[0] & 0x7f) | 0x40);
  return serial;
}

[[nodiscard]] Expected<x509::CertificateSpec> leaf_spec(const crypto::Provider& provider,
                                                        const LeafProfile& profile,
                                                        const LoadedCa& ca, const KeyPair& leaf) {
  // CN is the first name, as older clients still look for it; when it is too long for a CN
  // the subject is empty and the (then critical) subjectAltName alone names the host.
  std::vector<x509::NameAttributeSpec> attributes;
  if (profile.first_identity.size() <= kMaxCommonName) {
    attributes.push_back({x509::der::Oid(x509::oid::kCommonName), profile.first_identity});
  }
  auto subject = x509::encode_name(attributes);
  if (!subject) return Unexpected<Error>(std::move(subject.error()));
  auto serial = random_serial(provider);
  if (!serial) return Unexpected<Error>(std::move(serial.error()));

  x509::CertificateSpec spec;
  spec.serial = std::move(*serial);
  const ByteView issuer = ca.certificate->subject().der();
  spec.issuer.assign(issuer.begin(), issuer.end());  // byte for byte, for every matcher
  spec.subject = std::move(*subject);
  spec.not_before = provider.now() - kBackdate;
  spec.not_after = provider.now() + std::int64_t{profile.days} * kSecondsPerDay;
  spec.subject_public_key_info = leaf.spki;
  spec.basic_constraints = x509::BasicConstraintsSpec{false, std::nullopt};
  // RSA keys also decrypt the premaster of TLS 1.2 RSA key transport (RFC 5246 7.4.7.1).
  spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::digital_signature);
  if (profile.rsa) {
    spec.key_usage |= static_cast<std::uint16_t>(x509::KeyUsageBit::key_encipherment);
  }
  if (profile.server) spec.extended_key_usage.emplace_back(x509::oid::kServerAuth);
  if (profile.client) spec.extended_key_usage.emplace_back(x509::oid::kClientAuth);
  spec.dns_names = profile.names;
  spec.ip_addresses = profile.ips;
  spec.subject_key_identifier = leaf.key_identifier;
  spec.authority_key_identifier = ca.key_identifier;
  return spec;
}

}  // namespace

// ---- files ----

std::string describe_errno(const std::string& what, const std::string& path, int error_number) {
  return "cannot " + what + " " + path + ": " + std::strerror(error_number);
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

Expected<std::string> read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return misuse(ErrorCode::invalid_argument, describe_errno("read", path, errno));
  std::string text;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || text.size() + static_cast<std::size_t>(n) > kMaxCaFileSize) {
      const int saved = errno;
      ::close(fd);
      if (n == 0) return text;
      if (n > 0) return misuse(ErrorCode::invalid_argument, path + " is larger than 1 MiB");
      return misuse(ErrorCode::invalid_argument, describe_errno("read", path, saved));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

Expected<void> write_new_file(const std::string& path, ByteView content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return misuse(ErrorCode::invalid_argument, describe_errno("create", path, errno));
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
    return misuse(ErrorCode::invalid_argument, describe_errno("write", path, error_number));
  }
  return {};
}

std::string join_path(const std::string& dir, std::string_view file) {
  if (!dir.empty() && dir.back() == '/') return dir + std::string(file);
  return dir + "/" + std::string(file);
}

// ---- keys and certificates ----

Expected<KeyPair> make_key(const crypto::Provider& provider, bool rsa) {
  KeyPair pair;
  auto key = provider.generate_private_key(rsa ? crypto::KeyType::rsa : crypto::KeyType::ec_p256,
                                           kRsaBits);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  pair.key = std::move(*key);
  auto spki = pair.key->public_key_info();
  if (!spki) return Unexpected<Error>(std::move(spki.error()));
  pair.spki = std::move(*spki);
  auto identifier = x509::key_identifier(provider, pair.spki);
  if (!identifier) return Unexpected<Error>(std::move(identifier.error()));
  pair.key_identifier = std::move(*identifier);
  auto pkcs8 = pair.key->private_key_info();
  if (!pkcs8) return Unexpected<Error>(std::move(pkcs8.error()));
  pair.pem = x509::encode_pem_secret("PRIVATE KEY", *pkcs8);
  return pair;
}

Expected<Bytes> random_bytes(const crypto::Provider& provider, std::size_t size) {
  Bytes out(size);
  if (auto filled = provider.random(out); !filled) return Unexpected<Error>(filled.error());
  return out;
}

Expected<Bytes> build_root(const crypto::Provider& provider, const KeyPair& pair,
                           const std::string& common_name,
                           const std::optional<x509::NameConstraintsSpec>& constraints) {
  const std::vector<x509::NameAttributeSpec> attributes = {
      {x509::der::Oid(x509::oid::kOrganizationName), "cpptls"},
      {x509::der::Oid(x509::oid::kCommonName), common_name}};
  auto name = x509::encode_name(attributes);
  if (!name) return Unexpected<Error>(std::move(name.error()));
  auto serial = random_serial(provider);
  if (!serial) return Unexpected<Error>(std::move(serial.error()));

  x509::CertificateSpec spec;
  spec.serial = std::move(*serial);
  spec.issuer = *name;
  spec.subject = std::move(*name);
  spec.not_before = provider.now() - kBackdate;
  spec.not_after = provider.now() + kCaLifetime;
  spec.subject_public_key_info = pair.spki;
  // pathLenConstraint 0: this CA signs leaves only (RFC 5280 4.2.1.9).
  spec.basic_constraints = x509::BasicConstraintsSpec{true, 0};
  spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::key_cert_sign) |
                   static_cast<std::uint16_t>(x509::KeyUsageBit::crl_sign);
  spec.subject_key_identifier = pair.key_identifier;
  spec.name_constraints = constraints;
  const auto scheme = x509::certificate_signature_scheme(pair.key->type());
  if (!scheme) return misuse(ErrorCode::invalid_argument, "the CA key cannot sign certificates");
  return x509::build_certificate(spec, *pair.key, *scheme);
}

Expected<LoadedCa> load_ca(const crypto::Provider& provider, const std::string& dir) {
  const std::string cert_path = join_path(dir, "ca.pem");
  const std::string key_path = join_path(dir, "ca.key");
  const auto invalid = [](std::string reason) {
    return misuse(ErrorCode::invalid_argument, std::move(reason));
  };
  auto cert_text = read_small_file(cert_path);
  if (!cert_text) return invalid(cert_text.error().reason() + " (make a CA with `cpptls ca init`)");
  auto certificates = x509::parse_pem_certificates(*cert_text);
  if (!certificates) return invalid(cert_path + ": " + certificates.error().reason());
  if (certificates->empty()) return invalid("no certificate in " + cert_path);
  x509::ParsedCertificate certificate = certificates->front();
  if (!certificate->extensions().basic_constraints.ca) {
    return invalid(cert_path + " is not a CA certificate (basicConstraints cA is not TRUE)");
  }
  auto key_text = read_small_file(key_path);
  if (!key_text) return invalid(key_text.error().reason());
  auto key = provider.private_key_from_pem(*key_text);
  secure_wipe(key_text->data(), key_text->size());
  if (!key) return invalid(key_path + ": " + key.error().reason());
  auto spki = (*key)->public_key_info();
  if (!spki) return Unexpected<Error>(std::move(spki.error()));
  const ByteView ca_spki = certificate->public_key().spki;
  if (!std::equal(spki->begin(), spki->end(), ca_spki.begin(), ca_spki.end())) {
    return invalid(key_path + " is not the key of " + cert_path);
  }
  Bytes identifier;
  const auto& ski = certificate->extensions().subject_key_identifier;
  if (ski.present) {
    identifier.assign(ski.key_identifier.begin(), ski.key_identifier.end());
  } else {
    auto computed = x509::key_identifier(provider, ca_spki);
    if (!computed) return Unexpected<Error>(std::move(computed.error()));
    identifier = std::move(*computed);
  }
  return LoadedCa{std::move(certificate), std::move(*key), std::move(identifier)};
}

Expected<Bytes> build_leaf(const crypto::Provider& provider, const LoadedCa& ca,
                           const KeyPair& leaf, const LeafProfile& profile) {
  auto spec = leaf_spec(provider, profile, ca, leaf);
  if (!spec) return Unexpected<Error>(std::move(spec.error()));
  // A leaf that outlives its CA would stop verifying before its own notAfter.
  if (spec->not_after > ca.certificate->not_after()) {
    return misuse(ErrorCode::invalid_argument,
                  "the CA expires at " + x509::der::format_time(ca.certificate->not_after()) +
                      ", before the " + std::to_string(profile.days) + " days asked for (--days)");
  }
  const auto scheme = x509::certificate_signature_scheme(ca.key->type());
  if (!scheme) return misuse(ErrorCode::invalid_argument, "the CA key cannot sign certificates");
  return x509::build_certificate(*spec, *ca.key, *scheme);
}

}  // namespace cpptls::tool::test_ca
