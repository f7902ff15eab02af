// `cpptls ca init DIR [--rsa] [--name NAME]`
// `cpptls ca issue DIR --name NAME... [--ip ADDR]... [--server] [--client] [--days N] [--rsa]
//  [--out PREFIX]`
//
// A small CA for tests and development, in the spirit of mkcert: `init` makes a self-signed
// root in DIR, `issue` makes a leaf certificate and key signed by it. Certificates are written
// by our own DER writer (src/x509/certificate_builder.hpp) and signed through the crypto
// provider; no OpenSSL certificate code is involved. Both print the paths they wrote, one per
// line, certificate first, and exit 0; failures print one `error: REASON` line and exit 1,
// usage errors exit 2. Nothing existing is overwritten.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/hex.hpp"
#include "base/wipe.hpp"
#include "commands.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "tls_options.hpp"
#include "x509/certificate.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/der/time.hpp"
#include "x509/extensions.hpp"
#include "x509/ip_address.hpp"
#include "x509/name_constraints.hpp"
#include "x509/oids.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls::tool {
namespace {

constexpr std::string_view kCaUsage =
    "usage: cpptls ca init DIR [--rsa] [--name NAME]\n"
    "       cpptls ca issue DIR --name NAME [--name NAME]... [--ip ADDR]... [--server] [--client]\n"
    "                       [--days N] [--rsa] [--out PREFIX]\n"
    "A test CA: its key is kept unencrypted in DIR. Never trust it beyond your tests.\n"
    "  init     creates DIR with ca.pem (a self-signed root, valid 10 years) and ca.key\n"
    "           --name   the root's common name (default \"cpptls test CA <random hex>\")\n"
    "           --rsa    an RSA-2048 key instead of ECDSA P-256\n"
    "  issue    a certificate signed by the CA in DIR, for a fresh key: writes PREFIX.pem (the\n"
    "           certificate, then the CA's) and PREFIX.key\n"
    "           --name   a DNS name, \"*.example.com\" allowed (repeatable; the first one is\n"
    "                    also the common name)\n"
    "           --ip     an IPv4 or IPv6 address (repeatable)\n"
    "           --server for a TLS server (extKeyUsage serverAuth): the default\n"
    "           --client for a TLS client (clientAuth) instead; with --server, for both\n"
    "           --days   validity from now, 1 to 3650 days (default 90)\n"
    "           --rsa    an RSA-2048 key instead of ECDSA P-256\n"
    "           --out    PREFIX of the two files (default DIR/NAME, '*' spelled _wildcard)\n"
    "Keys are PKCS#8 PEM with mode 0600. Prints the paths written.\n";

constexpr std::int64_t kSecondsPerDay = 86400;
// The CA's ten years, leap days included.
constexpr std::int64_t kCaLifetime = 3652 * kSecondsPerDay;
// Backdated so that a peer whose clock is a little behind accepts a certificate made now.
constexpr std::int64_t kBackdate = 3600;
constexpr int kDefaultDays = 90;
constexpr int kMaxDays = 3650;
constexpr std::size_t kRsaBits = 2048;
constexpr std::size_t kSerialSize = 16;       // 128 random bits, above the CA/B Forum's 64
constexpr std::size_t kCaNameRandomSize = 8;  // 16 hex digits: two test CAs never collide
constexpr std::size_t kMaxCommonName = 64;    // RFC 5280 A.1 ub-common-name
constexpr std::size_t kMaxCaFileSize = std::size_t{1024} * 1024;

struct InitArgs {
  std::string dir;
  std::optional<std::string> name;
  bool rsa = false;
};

struct IssueArgs {
  std::string dir;
  std::vector<std::string> names;
  std::vector<x509::IpAddress> ips;
  std::string first_identity;  // the first --name or --ip as given: CN and default PREFIX
  bool server = false;
  bool client = false;
  int days = kDefaultDays;
  bool rsa = false;
  std::optional<std::string> out;
};

// ---- files ----

[[nodiscard]] std::string describe_errno(const std::string& what, const std::string& path,
                                         int error_number) {
  return "cannot " + what + " " + path + ": " + std::strerror(error_number);
}

[[nodiscard]] bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

[[nodiscard]] Expected<std::string> read_small_file(const std::string& path) {
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

// Creates `path` (which must not exist: O_EXCL) with exactly `mode` and writes `content`.
// A file left half-written is removed.
[[nodiscard]] Expected<void> write_new_file(const std::string& path, ByteView content,
                                            mode_t mode) {
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

// The key (0600) then the certificate (0644); neither may exist. If the certificate cannot be
// written, the key is removed again so that no half pair is left.
[[nodiscard]] Expected<void> write_pair(const std::string& cert_path, const std::string& cert_pem,
                                        const std::string& key_path, const SecretBytes& key_pem) {
  for (const std::string* path : {&cert_path, &key_path}) {
    if (exists(*path)) {
      return misuse(ErrorCode::invalid_argument,
                    *path + " already exists; remove it or choose another --out");
    }
  }
  if (auto written = write_new_file(key_path, key_pem, 0600); !written) return written;
  if (auto written = write_new_file(cert_path, as_bytes(cert_pem), 0644); !written) {
    ::unlink(key_path.c_str());
    return written;
  }
  return {};
}

// ---- what init and issue share ----

struct KeyPair {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes spki;
  Bytes key_identifier;
  SecretBytes pem;  // PKCS#8
};

[[nodiscard]] Expected<KeyPair> make_key(const crypto::Provider& provider, bool rsa) {
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

[[nodiscard]] Expected<Bytes> random_bytes(const crypto::Provider& provider, std::size_t size) {
  Bytes out(size);
  if (auto filled = provider.random(out); !filled) return Unexpected<Error>(filled.error());
  return out;
}

// A positive serial of exactly kSerialSize octets: the top bit clear keeps it positive
// without a sign octet, the next one set keeps its length fixed.
[[nodiscard]] Expected<Bytes> random_serial(const crypto::Provider& provider) {
  auto serial = random_bytes(provider, kSerialSize);
  if (serial) (*serial)[0] = static_cast<std::uint8_t>(((*serial)[0] & 0x7f) | 0x40);
  return serial;
}

[[nodiscard]] std::string join_path(const std::string& dir, std::string_view file) {
  if (!dir.empty() && dir.back() == '/') return dir + std::string(file);
  return dir + "/" + std::string(file);
}

// ---- argument parsing ----

// The boolean flags, the value-taking ones through `take`, then at most one positional DIR.
// Returns the exit code when parsing must stop (usage error, --help).
template <class TakeOption>
[[nodiscard]] std::optional<int> parse_common(Args args, std::string& dir, TakeOption take) {
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kCaUsage;
      return 0;
    }
    std::string error;
    if (take(i, error)) {
      if (!error.empty()) return usage_error(error, kCaUsage);
      continue;
    }
    if (arg.size() > 1 && arg.starts_with("-")) {
      return usage_error("unknown option " + std::string(arg), kCaUsage);
    }
    if (!dir.empty()) return usage_error("more than one DIR: " + std::string(arg), kCaUsage);
    if (arg.empty()) return usage_error("DIR is empty", kCaUsage);
    dir = std::string(arg);
    ++i;
  }
  if (dir.empty()) return usage_error("DIR is required", kCaUsage);
  return std::nullopt;
}

[[nodiscard]] std::optional<int> parse_init(Args args, InitArgs& out) {
  return parse_common(args, out.dir, [&](std::size_t& i, std::string& error) {
    if (args[i] == "--rsa") {
      out.rsa = true;
      ++i;
      return true;
    }
    if (auto name = flag_value(args, i, "--name", error); name || !error.empty()) {
      if (!name) return true;
      if (out.name) {
        error = "--name given twice";
      } else if (name->empty() || name->size() > kMaxCommonName) {
        error = "--name must be 1 to 64 characters";
      }
      out.name = *name;
      return true;
    }
    return false;
  });
}

// "--name X": a DNS name, not an address (those go in --ip, as iPAddress).
void take_name(IssueArgs& out, const std::string& name, std::string& error) {
  if (x509::parse_ip(name)) {
    error = "--name " + name + " is an IP address: use --ip " + name;
  } else if (!x509::is_valid_dns_name(name, true)) {
    error = "--name '" + name +
            "' is not a host name (letters, digits and hyphens in dot-separated labels, "
            "optionally '*.' first, no trailing dot)";
  } else {
    out.names.push_back(name);
    if (out.first_identity.empty()) out.first_identity = name;
  }
}

void take_ip(IssueArgs& out, const std::string& text, std::string& error) {
  const auto address = x509::parse_ip(text);
  if (!address) {
    error = "--ip " + text + " is not an IPv4 or IPv6 address";
    return;
  }
  out.ips.push_back(*address);
  if (out.first_identity.empty()) out.first_identity = x509::format_ip(address->bytes());
}

void take_days(IssueArgs& out, const std::string& text, std::string& error) {
  int days = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (status != std::errc() || end != text.data() + text.size() || days < 1 || days > kMaxDays) {
    error =
        "--days is a whole number from 1 to " + std::to_string(kMaxDays) + ", not '" + text + "'";
    return;
  }
  out.days = days;
}

[[nodiscard]] std::optional<int> parse_issue(Args args, IssueArgs& out) {
  bool days_given = false;
  auto stop = parse_common(args, out.dir, [&](std::size_t& i, std::string& error) {
    for (auto [flag, field] : {std::pair{"--rsa", &out.rsa}, std::pair{"--server", &out.server},
                               std::pair{"--client", &out.client}}) {
      if (args[i] == flag) {
        *field = true;
        ++i;
        return true;
      }
    }
    if (auto name = flag_value(args, i, "--name", error); name || !error.empty()) {
      if (name) take_name(out, *name, error);
      return true;
    }
    if (auto ip = flag_value(args, i, "--ip", error); ip || !error.empty()) {
      if (ip) take_ip(out, *ip, error);
      return true;
    }
    if (auto days = flag_value(args, i, "--days", error); days || !error.empty()) {
      if (days && days_given) error = "--days given twice";
      if (days && !days_given) take_days(out, *days, error);
      days_given = true;
      return true;
    }
    if (auto prefix = flag_value(args, i, "--out", error); prefix || !error.empty()) {
      if (prefix && (out.out || prefix->empty())) error = "--out is given once, with a PREFIX";
      if (prefix) out.out = *prefix;
      return true;
    }
    return false;
  });
  if (stop) return stop;
  if (out.first_identity.empty()) {
    return usage_error("give at least one --name (or --ip) to certify", kCaUsage);
  }
  if (!out.client) out.server = true;
  return std::nullopt;
}

// ---- init ----

int ca_init(const InitArgs& args) {
  const crypto::Provider& provider = crypto::openssl::provider();
  const std::string cert_path = join_path(args.dir, "ca.pem");
  const std::string key_path = join_path(args.dir, "ca.key");
  if (exists(cert_path) || exists(key_path)) {
    return fail(args.dir + " already holds a CA (" + (exists(cert_path) ? cert_path : key_path) +
                "); choose another DIR");
  }
  if (::mkdir(args.dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return fail(describe_errno("create the directory", args.dir, errno));
  }

  auto pair = make_key(provider, args.rsa);
  if (!pair) return fail(pair.error().reason());
  std::string common_name = args.name.value_or("");
  if (!args.name) {
    auto suffix = random_bytes(provider, kCaNameRandomSize);
    if (!suffix) return fail(suffix.error().reason());
    common_name = "cpptls test CA " + to_hex(*suffix);
  }
  const std::vector<x509::NameAttributeSpec> attributes = {
      {x509::der::Oid(x509::oid::kOrganizationName), "cpptls"},
      {x509::der::Oid(x509::oid::kCommonName), common_name}};
  auto name = x509::encode_name(attributes);
  if (!name) return fail(name.error().reason());
  auto serial = random_serial(provider);
  if (!serial) return fail(serial.error().reason());

  x509::CertificateSpec spec;
  spec.serial = std::move(*serial);
  spec.issuer = *name;
  spec.subject = std::move(*name);
  spec.not_before = provider.now() - kBackdate;
  spec.not_after = provider.now() + kCaLifetime;
  spec.subject_public_key_info = pair->spki;
  // pathLenConstraint 0: this CA signs leaves only (RFC 5280 4.2.1.9).
  spec.basic_constraints = x509::BasicConstraintsSpec{true, 0};
  spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::key_cert_sign) |
                   static_cast<std::uint16_t>(x509::KeyUsageBit::crl_sign);
  spec.subject_key_identifier = pair->key_identifier;
  const auto scheme = x509::certificate_signature_scheme(pair->key->type());
  if (!scheme) return fail("the CA key cannot sign certificates");
  auto certificate = x509::build_certificate(spec, *pair->key, *scheme);
  if (!certificate) return fail(certificate.error().reason());

  auto written =
      write_pair(cert_path, x509::encode_pem("CERTIFICATE", *certificate), key_path, pair->pem);
  if (!written) return fail(written.error().reason());
  std::cout << cert_path << "\n" << key_path << "\n";
  std::cout.flush();
  return std::cout ? 0 : 1;
}

// ---- issue ----

struct LoadedCa {
  x509::ParsedCertificate certificate;
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes key_identifier;
};

[[nodiscard]] Expected<LoadedCa> load_ca(const crypto::Provider& provider, const std::string& dir) {
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

[[nodiscard]] std::string default_prefix(const IssueArgs& args) {
  std::string file = args.first_identity;
  if (file.starts_with("*")) file = "_wildcard" + file.substr(1);
  return join_path(args.dir, file);
}

[[nodiscard]] Expected<x509::CertificateSpec> leaf_spec(const crypto::Provider& provider,
                                                        const IssueArgs& args, const LoadedCa& ca,
                                                        const KeyPair& leaf) {
  // CN is the first name, as older clients still look for it; when it is too long for a CN
  // the subject is empty and the (then critical) subjectAltName alone names the host.
  std::vector<x509::NameAttributeSpec> attributes;
  if (args.first_identity.size() <= kMaxCommonName) {
    attributes.push_back({x509::der::Oid(x509::oid::kCommonName), args.first_identity});
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
  spec.not_after = provider.now() + std::int64_t{args.days} * kSecondsPerDay;
  spec.subject_public_key_info = leaf.spki;
  spec.basic_constraints = x509::BasicConstraintsSpec{false, std::nullopt};
  // RSA keys also decrypt the premaster of TLS 1.2 RSA key transport (RFC 5246 7.4.7.1).
  spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::digital_signature);
  if (args.rsa) spec.key_usage |= static_cast<std::uint16_t>(x509::KeyUsageBit::key_encipherment);
  if (args.server) spec.extended_key_usage.emplace_back(x509::oid::kServerAuth);
  if (args.client) spec.extended_key_usage.emplace_back(x509::oid::kClientAuth);
  spec.dns_names = args.names;
  spec.ip_addresses = args.ips;
  spec.subject_key_identifier = leaf.key_identifier;
  spec.authority_key_identifier = ca.key_identifier;
  return spec;
}

int ca_issue(const IssueArgs& args) {
  const crypto::Provider& provider = crypto::openssl::provider();
  auto ca = load_ca(provider, args.dir);
  if (!ca) return fail(ca.error().reason());
  const std::string prefix = args.out.value_or(default_prefix(args));
  const std::string cert_path = prefix + ".pem";
  const std::string key_path = prefix + ".key";

  auto leaf = make_key(provider, args.rsa);
  if (!leaf) return fail(leaf.error().reason());
  auto spec = leaf_spec(provider, args, *ca, *leaf);
  if (!spec) return fail(spec.error().reason());
  // A leaf that outlives its CA would stop verifying before its own notAfter.
  if (spec->not_after > ca->certificate->not_after()) {
    return fail("the CA in " + args.dir + " expires at " +
                x509::der::format_time(ca->certificate->not_after()) + ", before the " +
                std::to_string(args.days) + " days asked for (--days)");
  }
  const auto scheme = x509::certificate_signature_scheme(ca->key->type());
  if (!scheme) return fail("the CA key cannot sign certificates");
  auto certificate = x509::build_certificate(*spec, *ca->key, *scheme);
  if (!certificate) return fail(certificate.error().reason());

  // "The certificate with its chain": what `cpptls server --cert` and most servers load.
  const std::string chain = x509::encode_pem("CERTIFICATE", *certificate) +
                            x509::encode_pem("CERTIFICATE", ca->certificate.der());
  if (auto written = write_pair(cert_path, chain, key_path, leaf->pem); !written) {
    return fail(written.error().reason());
  }
  std::cout << cert_path << "\n" << key_path << "\n";
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int ca_command(Args args) {
  if (args.empty()) return usage_error("ca needs a subcommand: init or issue", kCaUsage);
  const std::string_view subcommand = args.front();
  const Args rest = args.subspan(1);
  if (subcommand == "-h" || subcommand == "--help" || subcommand == "help") {
    std::cout << kCaUsage;
    return 0;
  }
  if (subcommand == "init") {
    InitArgs parsed;
    if (auto stop = parse_init(rest, parsed)) return *stop;
    return ca_init(parsed);
  }
  if (subcommand == "issue") {
    IssueArgs parsed;
    if (auto stop = parse_issue(rest, parsed)) return *stop;
    return ca_issue(parsed);
  }
  return usage_error("unknown ca subcommand '" + std::string(subcommand) + "'", kCaUsage);
}

}  // namespace cpptls::tool
