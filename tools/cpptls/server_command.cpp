// `cpptls server --cert FILE --key FILE [--status-file FILE] [--sni NAME=CERT:KEY]... [--port N]
//  [--bind ADDR] [--www | --echo] [--once] [--verify-client | --request-client] [--cafile FILE]
//  [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST] [--alpn LIST] [--keylog FILE] [--trace]`
//
// Serves one connection after another until killed (or one, with --once). When ready it prints
// `listening on ADDR:PORT` on stdout. A failed handshake is logged with its reason and does not
// stop the server. All connections share one set of ticket keys, so clients can resume; the
// keys rotate every hour (the previous one still opens tickets, older ones are gone).
//
// --status-file (also spelled --status_file, as openssl s_server's -status_file) names a DER
// OCSP response for the --cert certificate, stapled to clients that ask (RFC 6066 8, RFC 8446
// 4.4.2.1). It is read once at start and sent as it is: refresh it by restarting.

#include <sys/socket.h>

#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
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

constexpr std::string_view kServerUsage =
    "usage: cpptls server --cert FILE --key FILE [--status-file FILE] [--sni NAME=CERT:KEY]...\n"
    "                     [--port N] [--bind ADDR] [--www | --echo] [--once]\n"
    "                     [--verify-client | --request-client] [--cafile FILE]\n"
    "                     [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST]\n"
    "                     [--alpn LIST] [--keylog FILE] [--trace]\n";

enum class Mode : std::uint8_t { print, www, echo };

// --sni NAME=CERT:KEY: a further certificate, chosen when the client asks for NAME (and the
// certificate's names match it).
struct SniCredential {
  std::string name;
  std::string cert;
  std::string key;
};

struct ServerOptions {
  std::string cert;
  std::string key;
  std::string status_file;  // a DER OCSP response to staple for --cert
  std::vector<SniCredential> sni;
  ServerConfig::ClientAuth client_auth = ServerConfig::ClientAuth::none;
  std::string cafile;  // anchors for client certificates
  std::uint16_t port = 4433;
  std::string bind = "127.0.0.1";
  Mode mode = Mode::print;
  bool once = false;
  TlsOptions tls;
};

// The longest HTTP request head --www waits for.
constexpr std::size_t kMaxRequestHead = 64 * 1024;

[[nodiscard]] std::optional<int> parse(Args args, ServerOptions& options) {
  std::string error;
  bool www = false;
  bool echo = false;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (parse_tls_option(args, i, options.tls, error)) {
      if (!error.empty()) return usage_error(error, kServerUsage);
      continue;
    }
    if (auto file = flag_value(args, i, "--cert", error); file || !error.empty()) {
      if (!file) return usage_error(error, kServerUsage);
      options.cert = *file;
      continue;
    }
    if (auto file = flag_value(args, i, "--key", error); file || !error.empty()) {
      if (!file) return usage_error(error, kServerUsage);
      options.key = *file;
      continue;
    }
    // s_server's spelling, -status_file, is accepted too.
    auto status = flag_value(args, i, "--status-file", error);
    if (!status && error.empty()) status = flag_value(args, i, "--status_file", error);
    if (status || !error.empty()) {
      if (!status) return usage_error(error, kServerUsage);
      options.status_file = *status;
      continue;
    }
    if (auto sni = flag_value(args, i, "--sni", error); sni || !error.empty()) {
      if (!sni) return usage_error(error, kServerUsage);
      const std::size_t equals = sni->find('=');
      const std::size_t colon = sni->find(':', equals == std::string::npos ? 0 : equals);
      if (equals == std::string::npos || equals == 0 || colon == std::string::npos ||
          colon == equals + 1 || colon + 1 == sni->size()) {
        return usage_error("--sni takes NAME=CERT:KEY, not '" + *sni + "'", kServerUsage);
      }
      options.sni.push_back({sni->substr(0, equals), sni->substr(equals + 1, colon - equals - 1),
                             sni->substr(colon + 1)});
      continue;
    }
    if (auto file = flag_value(args, i, "--cafile", error); file || !error.empty()) {
      if (!file) return usage_error(error, kServerUsage);
      options.cafile = *file;
      continue;
    }
    if (arg == "--verify-client" || arg == "--request-client") {
      const auto mode = arg == "--verify-client" ? ServerConfig::ClientAuth::require
                                                 : ServerConfig::ClientAuth::request;
      if (options.client_auth != ServerConfig::ClientAuth::none && options.client_auth != mode) {
        return usage_error("--verify-client and --request-client exclude each other", kServerUsage);
      }
      options.client_auth = mode;
      ++i;
      continue;
    }
    if (auto address = flag_value(args, i, "--bind", error); address || !error.empty()) {
      if (!address) return usage_error(error, kServerUsage);
      options.bind = *address;
      continue;
    }
    if (auto port = flag_value(args, i, "--port", error); port || !error.empty()) {
      if (!port) return usage_error(error, kServerUsage);
      const bool digits = !port->empty() && port->size() <= 5 &&
                          port->find_first_not_of("0123456789") == std::string::npos;
      const unsigned long value = digits ? std::stoul(*port) : 0;
      if (!digits || value > 65535) {
        return usage_error("--port must be 0..65535, not '" + *port + "'", kServerUsage);
      }
      options.port = static_cast<std::uint16_t>(value);
      continue;
    }
    if (arg == "--www" || arg == "--echo" || arg == "--once") {
      (arg == "--www" ? www : arg == "--echo" ? echo : options.once) = true;
      ++i;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::cout << kServerUsage;
      return 0;
    }
    return usage_error("unknown argument " + std::string(arg), kServerUsage);
  }
  if (options.cert.empty() || options.key.empty()) {
    return usage_error("--cert and --key are required", kServerUsage);
  }
  if (www && echo) return usage_error("--www and --echo exclude each other", kServerUsage);
  if (options.client_auth != ServerConfig::ClientAuth::none && options.cafile.empty()) {
    return usage_error("--verify-client and --request-client need --cafile FILE", kServerUsage);
  }
  if (options.client_auth == ServerConfig::ClientAuth::none && !options.cafile.empty()) {
    return usage_error(
        "--cafile is for client certificates: add --verify-client or "
        "--request-client",
        kServerUsage);
  }
  options.mode = www ? Mode::www : echo ? Mode::echo : Mode::print;
  return std::nullopt;
}

[[nodiscard]] std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// --www: read the request head, answer with a page holding the session line.
[[nodiscard]] Result<void> serve_www(io::TlsStream& stream, const std::string& line) {
  std::string request;
  std::vector<std::uint8_t> buffer(4096);
  while (request.find("\r\n\r\n") == std::string::npos &&
         request.find("\n\n") == std::string::npos && request.size() < kMaxRequestHead) {
    auto read = stream.read(buffer);
    if (!read) return read.error();
    if (*read == 0) break;  // the peer closed; a TLS 1.3 client half-closes and still reads
    request.append(reinterpret_cast<const char*>(buffer.data()), *read);
  }
  // Under TLS 1.2 the client's close_notify ends the connection: ours has answered it and
  // nothing may follow (RFC 5246 7.2.1), so the page is not sent.
  if (stream.connection().io_state().close_sent) return {};
  const std::string body = "cpptls " + std::string(kVersion) + "\n" + line + "\n";
  const std::string response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return stream.write_all(as_bytes(response));
}

[[nodiscard]] Result<void> serve_echo(io::TlsStream& stream) {
  std::vector<std::uint8_t> buffer(16384);
  while (true) {
    auto read = stream.read(buffer);
    if (!read) return read.error();
    if (*read == 0) return {};
    // Under TLS 1.2 the client's close_notify, read with its last data, ended the connection
    // (RFC 5246 7.2.1): nothing is echoed after it.
    if (stream.connection().io_state().close_sent) return {};
    if (auto written = stream.write_all(std::span(buffer).first(*read)); !written) return written;
  }
}

[[nodiscard]] Result<void> serve_print(io::TlsStream& stream) {
  std::vector<std::uint8_t> buffer(16384);
  while (true) {
    auto read = stream.read(buffer);
    if (!read) return read.error();
    if (*read == 0) return {};
    std::cout.write(reinterpret_cast<const char*>(buffer.data()),
                    static_cast<std::streamsize>(*read));
    std::cout.flush();
  }
}

// One connection, start to end. Errors say why; the caller logs them.
[[nodiscard]] Result<void> serve(io::Socket socket, const ServerConfig& config, Mode mode) {
  auto connection = ServerConnection::create(config);
  if (!connection) return connection.error();
  io::TlsStream stream(std::move(socket), std::move(*connection));
  if (auto done = stream.handshake(); !done) return done;
  const std::string line = session_line(*stream.connection().session());
  std::cerr << line << "\n";

  Result<void> served;
  switch (mode) {
    case Mode::www:
      served = serve_www(stream, line);
      break;
    case Mode::echo:
      served = serve_echo(stream);
      break;
    case Mode::print:
      served = serve_print(stream);
      break;
  }
  if (!served) return served;
  if (auto closed = stream.close(); !closed) return closed;
  // Let the client read everything before the socket goes: no more writes, then drain what it
  // still sends (its close_notify) for a moment, so that closing does not reset the connection.
  ::shutdown(stream.fd(), SHUT_WR);
  for (int i = 0; i < 20 && !stream.peer_closed(); ++i) {
    auto received = stream.receive(std::chrono::milliseconds(100));
    if (!received) break;
  }
  return {};
}

}  // namespace

int server_command(Args args) {
  std::signal(SIGPIPE, SIG_IGN);
  ServerOptions options;
  if (auto exit_code = parse(args, options)) return *exit_code;

  const crypto::Provider& provider = openssl_provider();
  auto credential = Credential::from_pem_files(provider, options.cert, options.key);
  if (!credential) return fail(credential.error().reason());
  if (!options.status_file.empty()) {
    std::ifstream in(options.status_file, std::ios::binary);
    if (!in) return fail("cannot open --status-file " + options.status_file);
    std::vector<std::uint8_t> response((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
    if (in.bad()) return fail("cannot read --status-file " + options.status_file);
    if (response.empty()) return fail("--status-file " + options.status_file + " is empty");
    auto stapling = credential->with_ocsp_response(std::move(response));
    if (!stapling) {
      return fail("--status-file " + options.status_file + ": " + stapling.error().reason());
    }
    credential = std::move(*stapling);
  }

  ServerConfig config;
  config.provider = &provider;
  config.credentials = {*credential};
  for (const SniCredential& sni : options.sni) {
    auto extra = Credential::from_pem_files(provider, sni.cert, sni.key);
    if (!extra) return fail("--sni " + sni.name + ": " + extra.error().reason());
    if (!extra->matches_name(sni.name)) {
      return fail("--sni " + sni.name + ": the certificate in " + sni.cert +
                  " is not valid for that name");
    }
    config.credentials.push_back(*extra);
  }
  config.client_auth = options.client_auth;
  if (!options.cafile.empty()) {
    auto anchors = TrustAnchors::from_pem_file(options.cafile);
    if (!anchors) return fail(anchors.error().reason());
    config.client_trust = std::move(*anchors);
  }
  config.cipher_suites = options.tls.ciphers;
  config.min_version = min_version(options.tls);
  config.max_version = max_version(options.tls);
  config.groups = options.tls.groups;
  config.alpn = options.tls.alpn;
  apply_keylog_environment(options.tls);
  config.key_log_file = options.tls.keylog;
  config.trace = trace_printer(options.tls.trace);
  // One set of ticket keys for every connection, so that a client can resume a session from an
  // earlier connection (RFC 8446 2.2). They rotate hourly, checked before each handshake.
  auto sessions = ServerSessions::create(provider, ServerSessionsOptions{});
  if (!sessions) return fail(sessions.error().reason());
  config.sessions = std::move(*sessions);

  auto listener = io::Listener::open(options.bind, options.port);
  if (!listener) return fail(listener.error().reason());
  std::cout << "listening on " << io::host_port(listener->address(), listener->port()) << std::endl;

  while (true) {
    std::string peer;
    auto socket = listener->accept(&peer);
    if (!socket) return fail(socket.error().reason());
    if (auto rotated = config.sessions->rotate_if_due(std::time(nullptr)); !rotated) {
      return fail(rotated.error().reason());
    }
    auto served = serve(std::move(*socket), config, options.mode);
    if (options.once) return served ? 0 : fail(served.error().reason());
    if (!served)
      std::cerr << "connection from " << peer << " failed: " << served.error().reason() << "\n";
  }
}

}  // namespace cpptls::tool
