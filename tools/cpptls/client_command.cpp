// `cpptls client HOST:PORT [--servername NAME] [--cafile FILE] [--insecure] [--cert FILE --key
// FILE]
//  [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST] [--alpn LIST] [--keylog FILE] [--trace]
//  [--reconnect] [--status]`
//
// Connects, handshakes, prints the session line on stderr, then copies stdin to the
// connection and the connection to stdout; at the end of stdin it sends close_notify and reads
// until the peer closes. TLS 1.2 has no half-close (a server answers our close_notify with its
// own and sends nothing more, RFC 5246 7.2.1), so there the client first waits until the peer
// has been quiet for a second, so that it reads the answer to what it sent.
//
// --reconnect tries session resumption: after the first handshake it reads for up to a second
// so the server's TLS 1.3 tickets arrive (they come after the handshake, RFC 8446 4.6.1), closes
// that connection, connects again with the same session cache and prints the second session
// line (resumed=yes when the server took the ticket, or with TLS 1.2 the ticket or session id,
// RFC 5246 7.3 and RFC 5077), then goes on as above on the second connection.
//
// --status (openssl s_client's -status) asks the server to staple its OCSP response (RFC 6066
// 8) and prints after the session line whether one came and its size. The response is not
// validated.

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cpptls/cpptls.hpp"
#include "cpptls/io/socket.hpp"
#include "cpptls/io/tls_stream.hpp"

#include "commands.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

constexpr std::string_view kClientUsage =
    "usage: cpptls client HOST:PORT [--servername NAME] [--cafile FILE] [--insecure]\n"
    "                     [--cert FILE --key FILE] [--tls1.2 | --tls1.3] [--ciphers LIST] "
    "[--groups LIST] [--alpn LIST]\n"
    "                     [--keylog FILE] [--trace] [--reconnect] [--status]\n"
    "  --reconnect  handshake, close, connect again resuming the session\n"
    "  --status     ask for the server's stapled OCSP response and report it\n";

struct ClientOptions {
  std::string host;
  std::uint16_t port = 0;
  std::optional<std::string> servername;
  std::string cafile;
  bool insecure = false;
  // A client certificate (chain) and its key, for servers that ask for one.
  std::string cert;
  std::string key;
  // Handshake, close, connect again resuming the session.
  bool reconnect = false;
  // Ask for the stapled OCSP response and print what came (-status in s_client).
  bool status = false;
  TlsOptions tls;
};

// "host:port", "1.2.3.4:443" or "[::1]:443".
[[nodiscard]] bool parse_target(std::string_view target, ClientOptions& options,
                                std::string& error) {
  std::string_view host;
  std::string_view port;
  if (!target.empty() && target.front() == '[') {
    const std::size_t close = target.find("]:");
    if (close == std::string_view::npos) {
      error = "expected [ADDRESS]:PORT, got '" + std::string(target) + "'";
      return false;
    }
    host = target.substr(1, close - 1);
    port = target.substr(close + 2);
  } else {
    const std::size_t colon = target.rfind(':');
    if (colon == std::string_view::npos) {
      error = "expected HOST:PORT, got '" + std::string(target) + "'";
      return false;
    }
    host = target.substr(0, colon);
    port = target.substr(colon + 1);
  }
  unsigned long value = 0;
  const bool digits =
      !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == port.npos;
  if (digits) value = std::stoul(std::string(port));
  if (host.empty() || !digits || value == 0 || value > 65535) {
    error = "bad HOST:PORT '" + std::string(target) + "' (the port is 1..65535)";
    return false;
  }
  options.host = host;
  options.port = static_cast<std::uint16_t>(value);
  return true;
}

[[nodiscard]] std::optional<int> parse(Args args, ClientOptions& options) {
  std::string error;
  bool have_target = false;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (parse_tls_option(args, i, options.tls, error)) {
      if (!error.empty()) return usage_error(error, kClientUsage);
      continue;
    }
    if (auto name = flag_value(args, i, "--servername", error); name || !error.empty()) {
      if (!name) return usage_error(error, kClientUsage);
      options.servername = *name;
      continue;
    }
    if (auto file = flag_value(args, i, "--cert", error); file || !error.empty()) {
      if (!file) return usage_error(error, kClientUsage);
      options.cert = *file;
      continue;
    }
    if (auto file = flag_value(args, i, "--key", error); file || !error.empty()) {
      if (!file) return usage_error(error, kClientUsage);
      options.key = *file;
      continue;
    }
    if (auto file = flag_value(args, i, "--cafile", error); file || !error.empty()) {
      if (!file) return usage_error(error, kClientUsage);
      options.cafile = *file;
      continue;
    }
    if (arg == "--reconnect") {
      options.reconnect = true;
      ++i;
      continue;
    }
    if (arg == "--status" || arg == "-status") {
      options.status = true;
      ++i;
      continue;
    }
    if (arg == "--insecure") {
      options.insecure = true;
      ++i;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << kClientUsage;
      return 0;
    }
    if (arg.starts_with("-"))
      return usage_error("unknown option " + std::string(arg), kClientUsage);
    if (have_target) return usage_error("more than one HOST:PORT", kClientUsage);
    if (!parse_target(arg, options, error)) return usage_error(error, kClientUsage);
    have_target = true;
    ++i;
  }
  if (!have_target) return usage_error("HOST:PORT is required", kClientUsage);
  if (options.cert.empty() != options.key.empty()) {
    return usage_error("--cert and --key go together", kClientUsage);
  }
  if (options.insecure && !options.cafile.empty()) {
    return usage_error("--insecure and --cafile exclude each other", kClientUsage);
  }
  // The name checked against the certificate is never left out by accident: without it any
  // certificate from a trusted CA would do, for any host.
  if (options.servername && options.servername->empty() && !options.insecure) {
    return usage_error(
        "--servername is empty: the server's certificate must be checked for a name (give "
        "--servername NAME, or leave it out to check HOST; --insecure skips all checks)",
        kClientUsage);
  }
  return std::nullopt;
}

[[nodiscard]] Result<ClientConfig> make_config(ClientOptions& options) {
  ClientConfig config;
  config.provider = &openssl_provider();
  // SNI and the name checked: --servername, else HOST. An address literal is checked against
  // the certificate's IP addresses but never sent as SNI (RFC 6066 3).
  config.server_name = options.servername.value_or(options.host);
  config.alpn = options.tls.alpn;
  config.cipher_suites = options.tls.ciphers;
  config.min_version = min_version(options.tls);
  config.max_version = max_version(options.tls);
  config.groups = options.tls.groups;
  apply_keylog_environment(options.tls);
  config.key_log_file = options.tls.keylog;
  config.trace = trace_printer(options.tls.trace);
  // Only --reconnect has a second connection to resume on.
  if (options.reconnect) config.session_cache = std::make_shared<SessionCache>();
  config.request_ocsp_stapling = options.status;
  if (!options.cert.empty()) {
    auto credential = Credential::from_pem_files(*config.provider, options.cert, options.key);
    if (!credential) return credential.error();
    config.certificate = std::move(*credential);
  }
  if (options.insecure) {
    config.insecure_skip_verification = true;
  } else if (!options.cafile.empty()) {
    auto anchors = TrustAnchors::from_pem_file(options.cafile);
    if (!anchors) return anchors.error();
    config.trust = *anchors;
  } else {
    auto anchors = TrustAnchors::system();
    if (!anchors) return anchors.error();
    config.trust = *anchors;
  }
  return config;
}

[[nodiscard]] bool write_stdout(std::span<const std::uint8_t> data) {
  std::cout.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
  std::cout.flush();
  return static_cast<bool>(std::cout);
}

// Copies what the connection has decrypted to stdout.
[[nodiscard]] Result<void> drain(io::TlsStream& stream, std::vector<std::uint8_t>& buffer) {
  while (true) {
    auto read = stream.read_buffered(buffer);
    if (!read) return read.error();
    if (*read == 0) return {};
    if (!write_stdout(std::span(buffer).first(*read))) {
      return io::io_error(TlsErrorCode::output_failed, "cannot write to standard output");
    }
  }
}

// stdin -> connection, connection -> stdout, until stdin ends and the peer has closed.
[[nodiscard]] Result<void> relay(io::TlsStream& stream) {
  std::vector<std::uint8_t> buffer(16384);
  const bool half_close = stream.connection().session()->version != "TLSv1.2";
  bool stdin_open = true;
  bool close_when_quiet = false;  // TLS 1.2, stdin ended: close once the peer is quiet
  while (true) {
    if (auto drained = drain(stream, buffer); !drained) return drained;
    if (stream.peer_closed()) {
      // The peer is done; answer its close_notify with ours (RFC 5246 7.2.1).
      return stream.close();
    }
    pollfd fds[2] = {{stream.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const int count = stdin_open ? 2 : 1;
    const int timeout_ms = stdin_open ? -1 : close_when_quiet ? 1000 : 30000;
    const int ready = ::poll(fds, static_cast<nfds_t>(count), timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return io::io_error(TlsErrorCode::socket_error, std::string("poll: ") + std::strerror(errno));
    }
    if (ready == 0 && close_when_quiet) {
      close_when_quiet = false;
      if (auto closed = stream.close(); !closed) return closed;
      continue;
    }
    if (ready == 0)
      return io::io_error(TlsErrorCode::timeout, "the peer did not close within 30 s");
    if (fds[0].revents != 0) {
      auto received = stream.receive(std::chrono::milliseconds(0));
      if (!received) return received.error();
    }
    if (stdin_open && fds[1].revents != 0) {
      const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        stdin_open = false;
        close_when_quiet = !half_close;
        if (half_close) {
          if (auto closed = stream.close(); !closed) return closed;
        }
        continue;
      }
      if (auto written = stream.write_all(std::span(buffer).first(static_cast<std::size_t>(n)));
          !written) {
        return written;
      }
    }
  }
}

// A connected, handshaken stream; its session line printed on stderr.
[[nodiscard]] Result<std::unique_ptr<io::TlsStream>> connect(const ClientOptions& options,
                                                             const ClientConfig& config) {
  auto socket = io::connect_tcp(options.host, options.port, std::chrono::seconds(10));
  if (!socket) return socket.error();
  auto connection = ClientConnection::create(config);
  if (!connection) return connection.error();
  auto stream = std::make_unique<io::TlsStream>(std::move(*socket), std::move(*connection));
  if (auto done = stream->handshake(); !done) return done.error();
  const SessionInfo& session = *stream->connection().session();
  std::cerr << session_line(session) << "\n";
  if (options.status) {
    if (session.ocsp_response.empty()) {
      std::cerr << "ocsp: no response sent\n";
    } else {
      std::cerr << "ocsp: response of " << session.ocsp_response.size()
                << " bytes stapled (not validated)\n";
    }
  }
  return stream;
}

// The longest --reconnect waits for a ticket on the first connection.
constexpr std::chrono::milliseconds kTicketWait{1000};

// --reconnect's first connection: TLS 1.3 tickets are post-handshake messages (RFC 8446
// 4.6.1), so read until one is kept, the peer closes or kTicketWait has passed; what the peer
// sends meanwhile goes to stdout. Then close_notify, and the socket closes.
[[nodiscard]] Result<void> collect_tickets(io::TlsStream& stream, const SessionCache& cache) {
  std::vector<std::uint8_t> buffer(16384);
  // A TLS 1.2 session is stored when its handshake completes: nothing to wait for.
  const bool tls13 = stream.connection().session()->version == "TLSv1.3";
  const auto deadline = std::chrono::steady_clock::now() + kTicketWait;
  while (tls13 && cache.size() == 0 && !stream.peer_closed()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto received = stream.receive(left);
    if (!received) return received.error();
    if (auto drained = drain(stream, buffer); !drained) return drained;
  }
  return stream.close();
}

}  // namespace

int client_command(Args args) {
  std::signal(SIGPIPE, SIG_IGN);
  ClientOptions options;
  if (auto exit_code = parse(args, options)) return *exit_code;

  auto config = make_config(options);
  if (!config) return fail(config.error().reason());
  if (options.insecure) {
    std::cerr << "warning: --insecure: the server's certificate is not verified\n";
  }

  auto stream = connect(options, *config);
  if (!stream) return fail(stream.error().reason());
  if (options.reconnect) {
    if (auto collected = collect_tickets(**stream, *config->session_cache); !collected) {
      return fail(collected.error().reason());
    }
    stream->reset();  // closes the first socket before the second connects
    stream = connect(options, *config);
    if (!stream) return fail("reconnecting: " + stream.error().reason());
  }

  if (auto relayed = relay(**stream); !relayed) return fail(relayed.error().reason());
  return 0;
}

}  // namespace cpptls::tool
