// `cpptls ca init DIR [--rsa] [--name NAME]`
// `cpptls ca issue DIR --name NAME... [--ip ADDR]... [--server] [--client] [--days N]
//  [--not-before TIME] [--not-after TIME] [--rsa] [--out PREFIX]`
//
// A small CA for tests and development, in the spirit of mkcert: `init` makes a self-signed
// root in DIR, `issue` makes a leaf certificate and key signed by it. Certificates come from
// the public certificate builder (cpptls::CertificateAuthority, include/cpptls/x509.hpp): our
// own DER writer, signed through the crypto provider; no OpenSSL certificate code is involved.
// Both print the paths they wrote, one per line, certificate first, and exit 0; failures print one
// `error: REASON` line and exit 1, usage errors exit 2. Nothing existing is overwritten.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/x509.hpp"

#include "commands.hpp"
#include "test_ca.hpp"
#include "time_arg.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

using namespace test_ca;  // NOLINT: the CA's building blocks, shared with `cpptls serve`

constexpr std::string_view kCaUsage =
    "usage: cpptls ca init DIR [--rsa] [--name NAME]\n"
    "       cpptls ca issue DIR --name NAME [--name NAME]... [--ip ADDR]... [--server] [--client]\n"
    "                       [--days N | --not-before TIME --not-after TIME] [--rsa]\n"
    "                       [--out PREFIX]\n"
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
    "           --not-before, --not-after  the validity's ends instead: RFC 3339, a date\n"
    "                    (2024-01-01) or epoch seconds; for certificates that have expired or\n"
    "                    are not yet valid, to test refusals\n"
    "           --rsa    an RSA-2048 key instead of ECDSA P-256\n"
    "           --out    PREFIX of the two files (default DIR/NAME, '*' spelled _wildcard)\n"
    "Keys are PKCS#8 PEM with mode 0600. Prints the paths written.\n";

constexpr int kDefaultDays = 90;
constexpr int kMaxDays = 3650;
constexpr std::size_t kCaNameRandomSize = 8;  // 16 hex digits: two test CAs never collide

struct InitArgs {
  std::string dir;
  std::optional<std::string> name;
  bool rsa = false;
};

struct IssueArgs {
  std::string dir;
  std::vector<std::string> names;
  std::vector<std::string> ips;  // canonical text
  std::string first_identity;    // the first --name or --ip as given: CN and default PREFIX
  bool server = false;
  bool client = false;
  int days = kDefaultDays;
  std::optional<std::int64_t> not_before;
  std::optional<std::int64_t> not_after;
  bool rsa = false;
  std::optional<std::string> out;
};

// ---- files ----

// The key (0600) then the certificate (0644); neither may exist. If the certificate cannot be
// written, the key is removed again so that no half pair is left.
[[nodiscard]] Result<void> write_pair(const std::string& cert_path, const std::string& cert_pem,
                                      const std::string& key_path, const PrivateKey& key) {
  for (const std::string* path : {&cert_path, &key_path}) {
    if (exists(*path)) {
      return tool_error(*path + " already exists; remove it or choose another --out");
    }
  }
  auto key_pem = key.to_pem();
  if (!key_pem) return key_pem.error();
  auto key_written = write_new_file(key_path, *key_pem, 0600);
  wipe(*key_pem);
  if (!key_written) return key_written;
  if (auto written = write_new_file(cert_path, cert_pem, 0644); !written) {
    ::unlink(key_path.c_str());
    return written;
  }
  return {};
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
  if (canonical_ip_address(name)) {
    error = "--name " + name + " is an IP address: use --ip " + name;
  } else if (!is_valid_dns_name(name, true)) {
    error = "--name '" + name +
            "' is not a host name (letters, digits and hyphens in dot-separated labels, "
            "optionally '*.' first, no trailing dot)";
  } else {
    out.names.push_back(name);
    if (out.first_identity.empty()) out.first_identity = name;
  }
}

void take_ip(IssueArgs& out, const std::string& text, std::string& error) {
  const auto address = canonical_ip_address(text);
  if (!address) {
    error = "--ip " + text + " is not an IPv4 or IPv6 address";
    return;
  }
  out.ips.push_back(*address);
  if (out.first_identity.empty()) out.first_identity = *address;
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
    for (auto [flag, field] :
         {std::pair{"--not-before", &out.not_before}, std::pair{"--not-after", &out.not_after}}) {
      auto time = flag_value(args, i, flag, error);
      if (!time && error.empty()) continue;
      if (time && field->has_value()) error = std::string(flag) + " given twice";
      if (time && !field->has_value()) {
        *field = parse_time_arg(*time);
        if (!*field) {
          error = "bad TIME '" + std::string(*time) + "' for " + flag +
                  ": expected RFC 3339 (2024-01-01T00:00:00Z), a date (2024-01-01) or seconds "
                  "since the epoch";
        }
      }
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
  if (out.not_before.has_value() != out.not_after.has_value()) {
    return usage_error("--not-before and --not-after go together", kCaUsage);
  }
  if (out.not_after && days_given) {
    return usage_error("--days or --not-before/--not-after, not both", kCaUsage);
  }
  if (!out.client) out.server = true;
  return std::nullopt;
}

// ---- init ----

int ca_init(const InitArgs& args) {
  const std::string cert_path = join_path(args.dir, "ca.pem");
  const std::string key_path = join_path(args.dir, "ca.key");
  if (exists(cert_path) || exists(key_path)) {
    return fail(args.dir + " already holds a CA (" + (exists(cert_path) ? cert_path : key_path) +
                "); choose another DIR");
  }
  if (::mkdir(args.dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return fail(describe_errno("create the directory", args.dir, errno));
  }

  auto key = make_key(args.rsa);
  if (!key) return fail(key.error().reason());
  const std::string common_name =
      args.name.value_or("cpptls test CA " + random_hex(kCaNameRandomSize));
  auto ca = build_root(*key, common_name);
  if (!ca) return fail(ca.error().reason());

  auto written = write_pair(cert_path, ca->certificate().to_pem(), key_path, *key);
  if (!written) return fail(written.error().reason());
  std::cout << cert_path << "\n" << key_path << "\n";
  std::cout.flush();
  return std::cout ? 0 : 1;
}

// ---- issue ----

[[nodiscard]] std::string default_prefix(const IssueArgs& args) {
  std::string file = args.first_identity;
  if (file.starts_with("*")) file = "_wildcard" + file.substr(1);
  return join_path(args.dir, file);
}

int ca_issue(const IssueArgs& args) {
  auto ca = load_ca(args.dir);
  if (!ca) return fail(ca.error().reason());
  const std::string prefix = args.out.value_or(default_prefix(args));
  const std::string cert_path = prefix + ".pem";
  const std::string key_path = prefix + ".key";

  auto leaf = make_key(args.rsa);
  if (!leaf) return fail(leaf.error().reason());
  const LeafProfile profile{args.names,  args.ips,  args.first_identity, args.server,
                            args.client, args.days, args.not_before,     args.not_after};
  auto certificate = build_leaf(*ca, *leaf, profile);
  if (!certificate) return fail("CA in " + args.dir + ": " + certificate.error().reason());

  // "The certificate with its chain": what `cpptls server --cert` and most servers load.
  const std::string chain = certificate->to_pem() + ca->certificate().to_pem();
  if (auto written = write_pair(cert_path, chain, key_path, *leaf); !written) {
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
