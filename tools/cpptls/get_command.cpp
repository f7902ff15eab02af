// `cpptls get URL [--cafile FILE | --insecure] [-o FILE] [-I] [-L] [-v]
//  [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST] [--keylog FILE] [--trace]`
//
// An HTTPS GET like curl's: one HTTP/1.1 request per connection ("Connection: close"), the
// body to standard output (or -o FILE) whatever the status, as curl does without --fail.
// -I sends HEAD and prints the response heads instead; -L follows redirects (at most 10,
// https only); -v prints the handshake and both heads on stderr ("* ", "> ", "< ").
//
// Exit status: 0 when the final response is 2xx; 1 otherwise, with one "error: REASON" line
// (an HTTP status, a TLS, certificate or connection failure, a malformed or truncated
// response, a redirect to http:// or too many redirects); 2 on a usage error, which includes a
// URL that is not https:// (the user can fix the command line, the server cannot).

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cpptls/cpptls.hpp"
#include "cpptls/io/socket.hpp"
#include "cpptls/io/tls_stream.hpp"
#include "cpptls/version.hpp"

#include "commands.hpp"
#include "http/request.hpp"
#include "http/response_parser.hpp"
#include "http/text.hpp"
#include "http/url.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

constexpr std::string_view kGetUsage =
    "usage: cpptls get URL [--cafile FILE | --insecure] [-o FILE] [-I] [-L] [-v]\n"
    "                  [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST] [--keylog FILE]"
    " [--trace]\n"
    "  URL             https://HOST[:PORT][/PATH][?QUERY] (https only; IPv6 as [ADDR])\n"
    "  -o, --output    write the body to FILE instead of standard output\n"
    "  -I, --head      send HEAD and print the response head\n"
    "  -L, --location  follow redirects (301 302 303 307 308; at most 10; https only)\n"
    "  -v, --verbose   print the handshake and the request and response heads on stderr\n"
    "exit status: 0 if the final response is 2xx, 1 otherwise, 2 on a usage error\n";

// As curl's default --max-redirs.
constexpr int kMaxRedirects = 10;
constexpr std::chrono::seconds kConnectTimeout{10};

struct GetOptions {
  http::Url url;
  std::string cafile;
  bool insecure = false;
  std::string output;  // empty or "-": standard output
  bool head_only = false;
  bool follow = false;
  bool verbose = false;
  TlsOptions tls;
};

// The option an argument without a value turns on, or nullptr.
[[nodiscard]] bool GetOptions::*switch_named(std::string_view arg) {
  static constexpr std::pair<std::string_view, bool GetOptions::*> kSwitches[] = {
      {"--insecure", &GetOptions::insecure}, {"-I", &GetOptions::head_only},
      {"--head", &GetOptions::head_only},    {"-L", &GetOptions::follow},
      {"--location", &GetOptions::follow},   {"-v", &GetOptions::verbose},
      {"--verbose", &GetOptions::verbose},
  };
  for (const auto& [name, flag] : kSwitches) {
    if (arg == name) return flag;
  }
  return nullptr;
}

[[nodiscard]] std::optional<int> parse(Args args, GetOptions& options) {
  std::string error;
  bool have_url = false;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (parse_tls_option(args, i, options.tls, error)) {
      if (!error.empty()) return usage_error(error, kGetUsage);
      continue;
    }
    if (auto file = flag_value(args, i, "--cafile", error); file || !error.empty()) {
      if (!file) return usage_error(error, kGetUsage);
      options.cafile = *file;
      continue;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 >= args.size()) return usage_error(std::string(arg) + " needs a FILE", kGetUsage);
      options.output = args[i + 1];
      i += 2;
      continue;
    }
    if (bool GetOptions::*flag = switch_named(arg)) {
      options.*flag = true;
      ++i;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << kGetUsage;
      return 0;
    }
    if (arg.starts_with("-")) return usage_error("unknown option " + std::string(arg), kGetUsage);
    if (have_url) return usage_error("more than one URL", kGetUsage);
    auto url = http::parse_url(arg);
    if (!url) return usage_error(url.error().reason(), kGetUsage);
    options.url = *url;
    have_url = true;
    ++i;
  }
  if (!have_url) return usage_error("a URL is required", kGetUsage);
  if (options.insecure && !options.cafile.empty()) {
    return usage_error("--insecure and --cafile exclude each other", kGetUsage);
  }
  if (!options.tls.alpn.empty()) {
    return usage_error("--alpn: cpptls get offers http/1.1 itself", kGetUsage);
  }
  return std::nullopt;
}

// The settings every connection shares; each fetch adds its own server_name.
[[nodiscard]] Result<ClientConfig> make_config(GetOptions& options) {
  ClientConfig config;
  config.provider = &openssl_provider();
  // RFC 7301: a server that speaks several protocols then knows this is HTTP/1.1.
  config.alpn = {"http/1.1"};
  config.cipher_suites = options.tls.ciphers;
  config.min_version = min_version(options.tls);
  config.max_version = max_version(options.tls);
  config.groups = options.tls.groups;
  apply_keylog_environment(options.tls);
  config.key_log_file = options.tls.keylog;
  config.trace = trace_printer(options.tls.trace);
  if (options.insecure) {
    config.insecure_skip_verification = true;
  } else {
    // Loaded once for all the connections a redirect chain makes.
    auto anchors = options.cafile.empty() ? TrustAnchors::system()
                                          : TrustAnchors::from_pem_file(options.cafile);
    if (!anchors) return anchors.error();
    config.trust = *anchors;
  }
  return config;
}

// The error with `context` before its reason.
[[nodiscard]] TlsError in_context(const TlsError& error, const std::string& context) {
  return TlsError(error.kind(), error.code(), error.alert(), context + ": " + error.reason());
}

// Standard output or the -o file, opened (and truncated) when the first bytes to keep are
// known to come.
class Output {
 public:
  explicit Output(std::string path) : path_(std::move(path)) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() {
    if (fd_ > STDERR_FILENO) ::close(fd_);
  }

  [[nodiscard]] Result<void> open() {
    if (fd_ >= 0) return {};
    if (path_.empty() || path_ == "-") {
      fd_ = STDOUT_FILENO;
      return {};
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
      return io::io_error(TlsErrorCode::output_failed,
                          "cannot open " + path_ + ": " + std::strerror(errno));
    return {};
  }

  [[nodiscard]] Result<void> write(std::span<const std::uint8_t> data) { return write_all(data); }
  [[nodiscard]] Result<void> write(std::string_view text) {
    return write_all(std::span(text.data(), text.size()));
  }

 private:
  template <class Byte>
  [[nodiscard]] Result<void> write_all(std::span<const Byte> bytes) {
    if (auto opened = open(); !opened) return opened;
    while (!bytes.empty()) {
      const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        const std::string name = fd_ == STDOUT_FILENO ? "standard output" : path_;
        return io::io_error(TlsErrorCode::output_failed,
                            "cannot write to " + name + ": " + std::strerror(errno));
      }
      bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
    return {};
  }

  std::string path_;
  int fd_ = -1;
};

[[nodiscard]] bool is_redirect(int status) noexcept {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The Location to follow next, when -L is on and the response is a redirect that has one.
[[nodiscard]] std::optional<std::string_view> location_to_follow(const http::ResponseHead& head,
                                                                 const GetOptions& options) {
  if (!options.follow || !is_redirect(head.status)) return std::nullopt;
  return head.find("location");
}

// The head as received, one "name: value" line each, as curl -I prints it; for the terminal
// (-v) with unprintable bytes escaped.
[[nodiscard]] std::string head_text(const http::ResponseHead& head, std::string_view prefix,
                                    std::string_view end, bool for_terminal) {
  const auto shown = [for_terminal](std::string_view text) {
    return for_terminal ? http::escaped(text) : std::string(text);
  };
  std::string text = std::string(prefix) + shown(head.status_line()) + std::string(end);
  for (const http::HeaderField& field : head.fields) {
    text += std::string(prefix) + field.name + ": " + shown(field.value) + std::string(end);
  }
  return text + std::string(prefix) + std::string(end);
}

// Once the final head is in: shows the heads (-v on stderr, -I on the output) and says
// whether the body is kept (it is not for a redirect that will be followed, nor with -I).
[[nodiscard]] Result<bool> on_head(const http::ResponseParser& parser, const GetOptions& options,
                                   Output& output) {
  std::vector<const http::ResponseHead*> heads;
  for (const http::ResponseHead& interim : parser.interim())
    heads.push_back(&interim);
  heads.push_back(&parser.head());
  for (const http::ResponseHead* head : heads) {
    if (options.verbose) std::cerr << head_text(*head, "< ", "\n", /*for_terminal=*/true);
    if (options.head_only) {
      if (auto written = output.write(head_text(*head, "", "\r\n", /*for_terminal=*/false));
          !written) {
        return written.error();
      }
    }
  }
  if (options.head_only || location_to_follow(parser.head(), options)) return false;
  if (auto opened = output.open(); !opened) return opened.error();
  return true;
}

// The connection failed before the response was complete. A TCP close without close_notify
// could be an attacker cutting the body short (RFC 8446 6.1), so, as curl does, it is an
// error even when the body was delimited by the close.
[[nodiscard]] TlsError cut_short(const TlsError& error, http::ResponseParser& parser) {
  if (error.kind() != TlsErrorKind::io || error.code() != TlsErrorCode::connection_truncated)
    return error;
  auto finished = parser.finish();
  if (!finished) {
    return in_context(finished.error(), "the server closed the connection without close_notify");
  }
  return TlsError(error.kind(), error.code(), 0,
                  "the server closed the connection without close_notify after " +
                      std::to_string(parser.body_size()) +
                      " bytes of a body that ends with the connection: it may be truncated");
}

// Reads the response, writing the body to `output` unless on_head says otherwise.
[[nodiscard]] Result<http::ResponseHead> receive_response(io::TlsStream& stream,
                                                          const GetOptions& options,
                                                          Output& output) {
  http::ResponseParser parser(/*expect_body=*/!options.head_only);
  std::vector<std::uint8_t> buffer(16384);
  std::vector<std::uint8_t> body;
  bool head_seen = false;
  bool keep_body = false;
  while (!parser.complete()) {
    auto read = stream.read(buffer);
    if (!read) return cut_short(read.error(), parser);
    if (*read == 0) {
      if (auto finished = parser.finish(); !finished) return finished.error();
    } else if (auto pushed = parser.push(std::span(buffer).first(*read), body); !pushed) {
      return pushed.error();
    }
    if (!head_seen && parser.head_complete()) {
      head_seen = true;
      auto keep = on_head(parser, options, output);
      if (!keep) return keep.error();
      keep_body = *keep;
    }
    if (keep_body && !body.empty()) {
      if (auto written = output.write(body); !written) return written.error();
    }
    body.clear();
  }
  return parser.head();
}

// One request on a connection of its own.
[[nodiscard]] Result<http::ResponseHead> fetch(const GetOptions& options,
                                               const ClientConfig& shared, const http::Url& url,
                                               Output& output) {
  // SNI and the name the certificate must match: the URL's host. An IP address is checked
  // against the certificate's addresses and not sent as SNI (RFC 6066 3).
  ClientConfig config = shared;
  config.server_name = url.host;
  const std::string where = io::host_port(url.host, url.port);
  if (options.verbose) std::cerr << "* Connecting to " << where << "\n";
  auto socket = io::connect_tcp(url.host, url.port, kConnectTimeout);
  // Its reason already names the host ("cannot connect to localhost:1: Connection refused").
  if (!socket) return socket.error();
  auto connection = ClientConnection::create(config);
  if (!connection) return connection.error();
  io::TlsStream stream(std::move(*socket), std::move(*connection));
  if (auto done = stream.handshake(); !done) return in_context(done.error(), where);
  if (options.verbose) std::cerr << "* " << session_line(*stream.connection().session()) << "\n";

  const std::string request =
      http::encode_request(options.head_only ? http::Method::head : http::Method::get, url,
                           "cpptls/" + std::string(kVersion));
  if (options.verbose) {
    std::string_view rest = request;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      std::cerr << "> " << rest.substr(0, end) << "\n";
      rest.remove_prefix(end + 2);
    }
  }
  const std::vector<std::uint8_t> request_bytes(request.begin(), request.end());
  if (auto sent = stream.write_all(request_bytes); !sent) return sent.error();

  auto head = receive_response(stream, options, output);
  // Best effort: the response is complete (or failed) whatever becomes of our close_notify.
  (void)stream.close();
  return head;
}

// Exit status and message for the final response.
[[nodiscard]] int final_status(const http::ResponseHead& head, const http::Url& url,
                               const GetOptions& options) {
  if (head.status >= 200 && head.status <= 299) return 0;
  std::string reason = "HTTP " + std::to_string(head.status);
  if (!head.reason.empty()) reason += " " + http::escaped(head.reason);
  reason += " from " + url.to_string();
  if (const auto location = head.find("location"); location && is_redirect(head.status)) {
    reason += " (a redirect to " + http::quote_untrusted(*location) +
              (options.follow ? ")" : "; -L follows redirects)");
  }
  return fail(reason);
}

}  // namespace

int get_command(Args args) {
  std::signal(SIGPIPE, SIG_IGN);
  GetOptions options;
  if (auto exit_code = parse(args, options)) return *exit_code;
  auto config = make_config(options);
  if (!config) return fail(config.error().reason());
  if (options.insecure) {
    std::cerr << "warning: --insecure: the server's certificate is not verified\n";
  }

  Output output(options.output);
  http::Url url = options.url;
  for (int redirects = 0;; ++redirects) {
    auto head = fetch(options, *config, url, output);
    if (!head) return fail(head.error().reason());
    const auto location = location_to_follow(*head, options);
    if (!location) return final_status(*head, url, options);
    auto next = http::resolve_reference(url, *location);
    if (!next)
      return fail("cannot follow the redirect from " + url.to_string() + ": " +
                  next.error().reason());
    if (redirects == kMaxRedirects) {
      return fail("stopped after " + std::to_string(kMaxRedirects) +
                  " redirects; the next was to " + next->to_string());
    }
    if (options.verbose) std::cerr << "* Following the redirect to " << next->to_string() << "\n";
    url = *next;
  }
}

}  // namespace cpptls::tool
