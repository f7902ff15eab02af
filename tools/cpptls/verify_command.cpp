// `cpptls verify [--cafile FILE]... [--capath DIR] [--untrusted FILE]... [--host NAME | --ip ADDR]
//  [--at TIME] [--purpose server|client] CERT.pem`
//
// Verifies a certificate the way a TLS client or server would (cpptls::verify_chain of
// include/cpptls/x509.hpp, the handshake's own verifier), without a connection; the counterpart of
// `openssl verify`. On success it prints "OK" and the path, one subject per line from the leaf to
// the trust anchor, and exits 0. Otherwise it prints one "error: REASON" line on stderr and exits
// 1; usage errors exit 2.

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/x509.hpp"

#include "commands.hpp"
#include "time_arg.hpp"

namespace cpptls::tool {
namespace {

constexpr std::string_view kVerifyUsage =
    "usage: cpptls verify [--cafile FILE]... [--capath DIR] [--untrusted FILE]...\n"
    "                     [--host NAME | --ip ADDR] [--at TIME] [--purpose server|client] "
    "CERT.pem\n"
    "  CERT.pem   the certificate to verify (PEM or DER), optionally followed by intermediates\n"
    "  --cafile   trust the certificates of a PEM file (repeatable)\n"
    "  --capath   trust the certificates of every file in a directory\n"
    "             (without --cafile and --capath: the system store, $SSL_CERT_FILE/_DIR)\n"
    "  --untrusted  intermediates that may help build the path (repeatable)\n"
    "  --host, --ip the name or address the certificate must be valid for\n"
    "  --at       the verification time: RFC 3339 (2024-01-01T00:00:00Z), a date (2024-01-01,\n"
    "             its start in UTC) or seconds since the epoch; default now\n"
    "  --purpose  server (serverAuth, the default) or client (clientAuth)\n";

// Larger than any real CA bundle (Debian's is about 200 KiB); a bound on what a mistaken
// argument such as /dev/zero can make us read.
constexpr std::size_t kMaxFileSize = std::size_t{64} * 1024 * 1024;

struct VerifyArgs {
  std::vector<std::string> cafiles;
  std::optional<std::string> capath;
  std::vector<std::string> untrusted;
  std::optional<std::string> host;  // --host or --ip, as given
  std::optional<std::int64_t> at;
  CertificatePurpose purpose = CertificatePurpose::server_auth;
  std::optional<std::string> cert;
};

int usage_failure(std::string_view reason) {
  std::cerr << "error: " << reason << "\n" << kVerifyUsage;
  return 2;
}

// One line, whatever the reason holds: callers and scripts read exactly one `error:` line.
int failure(std::string reason) {
  for (char& c : reason) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::cerr << "error: " << reason << "\n";
  return 1;
}

// The failures of this command are the user's to fix: a file, a directory, an argument.
[[nodiscard]] TlsError argument_error(std::string reason) {
  return TlsError(TlsErrorKind::api_misuse, TlsErrorCode::invalid_argument, 0, std::move(reason));
}

[[nodiscard]] TlsError cannot_read(const std::string& path, int error_number) {
  return argument_error("cannot read " + path + ": " + std::strerror(error_number));
}

// The whole file, or "cannot read PATH: <strerror>".
[[nodiscard]] Result<std::string> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(path, errno);
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      return cannot_read(path, saved);
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > kMaxFileSize) {
      ::close(fd);
      return argument_error("cannot read " + path + ": larger than " +
                            std::to_string(kMaxFileSize / (std::size_t{1024} * 1024)) + " MiB");
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

// Labels of the PEM blocks found, for "no certificate in FILE (found PRIVATE KEY)".
[[nodiscard]] std::string labels_found(std::string_view text) {
  std::string labels;
  for (const std::string& label : pem_labels(text)) {
    if (!labels.empty()) labels += ", ";
    labels += label;
  }
  if (labels.empty()) return "";
  return " (found " + labels + ")";
}

// Every certificate of a file: PEM blocks in order, or one DER certificate.
[[nodiscard]] Result<std::vector<Certificate>> load_certificates(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  const bool pem = text->find("-----BEGIN") != std::string::npos;
  if (!pem && !text->empty() && static_cast<unsigned char>(text->front()) == 0x30) {
    const std::vector<std::uint8_t> der(text->begin(), text->end());
    auto certificate = Certificate::from_der(der);
    if (!certificate) return argument_error(path + ": " + certificate.error().reason());
    return std::vector<Certificate>{std::move(*certificate)};
  }
  auto certificates = Certificate::all_from_pem(*text);
  if (!certificates) return argument_error(path + ": " + certificates.error().reason());
  if (certificates->empty()) {
    return argument_error("no certificate in " + path + (pem ? labels_found(*text) : ""));
  }
  return certificates;
}

[[nodiscard]] Result<void> check_directory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return cannot_read(path, errno);
  ::closedir(dir);
  return {};
}

[[nodiscard]] Result<TrustAnchors> load_trust(const VerifyArgs& args) {
  if (args.cafiles.empty() && !args.capath) return TrustAnchors::system();
  std::vector<Certificate> anchors;
  for (const std::string& file : args.cafiles) {
    auto more = load_certificates(file);
    if (!more) return more.error();
    anchors.insert(anchors.end(), more->begin(), more->end());
  }
  if (args.capath) {
    if (auto readable = check_directory(*args.capath); !readable) return readable.error();
    auto more = certificates_from_directory(*args.capath);
    if (!more) return more.error();
    if (more->empty()) return argument_error("no certificate in " + *args.capath);
    anchors.insert(anchors.end(), more->begin(), more->end());
  }
  return trust_anchors_from(anchors);
}

// "--flag VALUE" or "--flag=VALUE" at args[i]: the value (advancing i past it), nothing when
// args[i] is another flag. `missing` is set when the flag is there without its value.
[[nodiscard]] std::optional<std::string_view> flag_value(Args args, std::size_t& i,
                                                         std::string_view flag, bool& missing) {
  const std::string_view arg = args[i];
  if (arg == flag) {
    if (i + 1 >= args.size()) {
      missing = true;
      return std::nullopt;
    }
    i += 2;
    return args[i - 1];
  }
  if (arg.size() > flag.size() && arg.starts_with(flag) && arg[flag.size()] == '=') {
    ++i;
    return arg.substr(flag.size() + 1);
  }
  return std::nullopt;
}

// The value-taking options; returns a usage failure's exit code, or nothing when the
// argument at args[i] was handled (or is not one of them: `handled` says which).
[[nodiscard]] std::optional<int> parse_option(Args args, std::size_t& i, VerifyArgs& out,
                                              bool& handled) {
  handled = true;
  bool missing = false;
  const auto value = [&](std::string_view flag) { return flag_value(args, i, flag, missing); };
  const auto no_value = [&](std::string_view flag) {
    return usage_failure(std::string(flag) + " needs a value");
  };
  if (auto file = value("--cafile"); file || missing) {
    if (missing) return no_value("--cafile");
    out.cafiles.emplace_back(*file);
  } else if (auto dir = value("--capath"); dir || missing) {
    if (missing) return no_value("--capath");
    if (out.capath) return usage_failure("--capath given twice");
    out.capath = std::string(*dir);
  } else if (auto more = value("--untrusted"); more || missing) {
    if (missing) return no_value("--untrusted");
    out.untrusted.emplace_back(*more);
  } else if (auto host = value("--host"); host || missing) {
    if (missing) return no_value("--host");
    if (out.host) return usage_failure("give one of --host and --ip, once");
    if (host->empty()) return usage_failure("--host needs a name");
    out.host = std::string(*host);
  } else if (auto ip = value("--ip"); ip || missing) {
    if (missing) return no_value("--ip");
    if (out.host) return usage_failure("give one of --host and --ip, once");
    if (!canonical_ip_address(*ip)) {
      return usage_failure("--ip " + std::string(*ip) + " is not an IPv4 or IPv6 address");
    }
    out.host = std::string(*ip);
  } else if (auto at = value("--at"); at || missing) {
    if (missing) return no_value("--at");
    if (out.at) return usage_failure("--at given twice");
    out.at = parse_time_arg(*at);
    if (!out.at) {
      return usage_failure("bad TIME '" + std::string(*at) +
                           "': expected RFC 3339 (2024-01-01T00:00:00Z, 2024-01-01T02:00:00+02:00),"
                           " a date (2024-01-01) or seconds since the epoch");
    }
  } else if (auto purpose = value("--purpose"); purpose || missing) {
    if (missing) return no_value("--purpose");
    if (*purpose == "server") {
      out.purpose = CertificatePurpose::server_auth;
    } else if (*purpose == "client") {
      out.purpose = CertificatePurpose::client_auth;
    } else {
      return usage_failure("--purpose is server or client, not '" + std::string(*purpose) + "'");
    }
  } else {
    handled = false;
  }
  return std::nullopt;
}

// The exit code when the command must stop here (usage error, --help), else nothing.
[[nodiscard]] std::optional<int> parse_args(Args args, VerifyArgs& out) {
  std::size_t i = 0;
  bool options_done = false;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (!options_done) {
      bool handled = false;
      if (auto stop = parse_option(args, i, out, handled)) return stop;
      if (handled) continue;
      if (arg == "-h" || arg == "--help") {
        std::cout << kVerifyUsage;
        return 0;
      }
      if (arg == "--") {
        options_done = true;
        ++i;
        continue;
      }
      if (arg.size() > 1 && arg.starts_with("-")) {
        return usage_failure("unknown option " + std::string(arg));
      }
    }
    if (out.cert) return usage_failure("more than one CERT.pem (intermediates go in --untrusted)");
    out.cert = std::string(arg);
    ++i;
  }
  if (!out.cert) return usage_failure("CERT.pem is required");
  return std::nullopt;
}

int verify(const VerifyArgs& args) {
  auto chain = load_certificates(*args.cert);
  if (!chain) return failure(chain.error().reason());
  // The leaf first; what follows it in CERT.pem joins the --untrusted certificates.
  std::vector<Certificate> intermediates(chain->begin() + 1, chain->end());
  for (const std::string& file : args.untrusted) {
    auto more = load_certificates(file);
    if (!more) return failure(more.error().reason());
    intermediates.insert(intermediates.end(), more->begin(), more->end());
  }
  auto trust = load_trust(args);
  if (!trust) return failure(trust.error().reason());

  ChainVerifyOptions options;
  options.time = args.at;  // unset: the provider's clock
  options.purpose = args.purpose;
  options.host = args.host.value_or("");
  auto path = verify_chain(openssl_provider(), *trust, chain->front(), intermediates, options);
  if (!path) return failure(path.error().reason());
  std::cout << "OK\n";
  for (const Certificate& certificate : *path) {
    std::cout << certificate.describe() << "\n";
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int verify_command(Args args) {
  VerifyArgs parsed;
  if (auto stop = parse_args(args, parsed)) return *stop;
  return verify(parsed);
}

}  // namespace cpptls::tool
