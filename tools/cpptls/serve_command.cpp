// `cpptls serve [DIR] [--port N] [--bind ADDR] [--cert FILE --key FILE] [--max-connections N]`
//
// A static HTTPS file server for development: serves DIR (default: the current directory)
// over HTTP/1.1 with keep-alive, many connections at once on one thread (Boost.Asio
// coroutines over cpptls::asio::stream, tools/cpptls/serve/). Nothing outside DIR is ever
// served, and no symbolic link below it is followed (serve/path_resolver.hpp). Without --cert and
// --key it makes (once) and uses a local CA and a localhost certificate
// (serve/local_certificate.hpp), and says how to trust the CA. When ready it prints `serving DIR on
// https://ADDR:PORT/`; one line per request goes to stderr. SIGINT or SIGTERM stops it (exit 0).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>

#include "cpptls/cpptls.hpp"

#include "commands.hpp"
#include "serve/local_certificate.hpp"
#include "serve/path_resolver.hpp"
#include "serve/server.hpp"
#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

namespace net = boost::asio;

constexpr std::string_view kServeUsage =
    "usage: cpptls serve [DIR] [--port N] [--bind ADDR] [--cert FILE --key FILE]\n"
    "                    [--max-connections N]\n"
    "Serves the files of DIR (default: .) over HTTPS: GET and HEAD, index.html or a listing\n"
    "for directories. Nothing outside DIR is served. Symbolic links below DIR are never\n"
    "followed, wherever they point: a request through one is 404 and listings leave them out.\n"
    "  --port N      the port (default 8443; 0 picks a free one)\n"
    "  --bind ADDR   the address to listen on (default 127.0.0.1)\n"
    "  --cert FILE   the certificate chain (leaf first) and --key FILE its private key;\n"
    "                without them a local CA and a certificate for localhost, 127.0.0.1 and ::1\n"
    "                are made on the first run in "
    "${XDG_DATA_HOME:-$HOME/.local/share}/cpptls/serve\n"
    "                (the CA is name-constrained: it cannot certify any other host; a CA\n"
    "                made by an older version without constraints is replaced, with a warning)\n"
    "  --max-connections N  connections served at once (default 1024)\n";

struct ServeOptions {
  std::string dir = ".";
  std::uint16_t port = 8443;
  std::string bind = "127.0.0.1";
  std::string cert;
  std::string key;
  std::size_t max_connections = 1024;
};

[[nodiscard]] std::optional<unsigned long> parse_number(const std::string& text,
                                                        unsigned long max) {
  if (text.empty() || text.size() > 7 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const unsigned long value = std::stoul(text);
  if (value > max) return std::nullopt;
  return value;
}

[[nodiscard]] std::optional<int> parse(Args args, ServeOptions& options) {
  std::string error;
  bool dir_given = false;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kServeUsage;
      return 0;
    }
    if (auto port = flag_value(args, i, "--port", error); port || !error.empty()) {
      const auto value = port ? parse_number(*port, 65535) : std::nullopt;
      if (!value) return usage_error(port ? "--port must be 0..65535" : error, kServeUsage);
      options.port = static_cast<std::uint16_t>(*value);
      continue;
    }
    if (auto count = flag_value(args, i, "--max-connections", error); count || !error.empty()) {
      const auto value = count ? parse_number(*count, 1000000) : std::nullopt;
      if (!value || *value == 0) {
        return usage_error(count ? "--max-connections must be 1..1000000" : error, kServeUsage);
      }
      options.max_connections = *value;
      continue;
    }
    bool matched = false;
    for (auto [flag, field] :
         {std::pair{"--bind", &options.bind}, std::pair{"--cert", &options.cert},
          std::pair{"--key", &options.key}}) {
      if (auto value = flag_value(args, i, flag, error); value || !error.empty()) {
        if (!value) return usage_error(error, kServeUsage);
        *field = *value;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (arg.size() > 1 && arg.starts_with("-")) {
      return usage_error("unknown option " + std::string(arg), kServeUsage);
    }
    if (dir_given) return usage_error("more than one DIR: " + std::string(arg), kServeUsage);
    if (arg.empty()) return usage_error("DIR is empty", kServeUsage);
    options.dir = std::string(arg);
    dir_given = true;
    ++i;
  }
  if (options.cert.empty() != options.key.empty()) {
    return usage_error("--cert and --key go together", kServeUsage);
  }
  return std::nullopt;
}

// --cert/--key, or the local CA's localhost certificate (made or reused), with the hint on how
// to trust that CA.
[[nodiscard]] std::optional<Credential> load_credential(const crypto::Provider& provider,
                                                        const ServeOptions& options) {
  std::string cert = options.cert;
  std::string key = options.key;
  if (cert.empty()) {
    auto folder = serve::local_certificate_folder();
    if (!folder) {
      fail(folder.error().reason());
      return std::nullopt;
    }
    auto local = serve::ensure_local_certificate(*folder);
    if (!local) {
      fail(local.error().reason());
      return std::nullopt;
    }
    if (local->replaced_unconstrained_ca) {
      // Said once: the next run finds the constrained CA.
      std::cerr << "warning: the local CA in " << local->folder
                << " could sign certificates for any host (made by an older cpptls serve); it was"
                   " replaced by one limited to localhost, 127.0.0.1 and ::1. Trust the new "
                << local->ca_path
                << " in its place, and remove the old one from every store you added it to"
                   " (sudo update-ca-certificates --fresh after replacing the copy in"
                   " /usr/local/share/ca-certificates).\n";
    }
    std::cout
        << (local->created_ca ? "created a local CA: " : "using the local CA: ") << local->ca_path
        << "\n"
        << "To trust it: sudo cp " << local->ca_path
        << " /usr/local/share/ca-certificates/cpptls-serve.crt && sudo update-ca-certificates,"
        << " or curl --cacert " << local->ca_path << "\n";
    cert = local->cert_path;
    key = local->key_path;
  }
  auto credential = Credential::from_pem_files(provider, cert, key);
  if (!credential) {
    fail(credential.error().reason());
    return std::nullopt;
  }
  return *credential;
}

[[nodiscard]] std::string url_host(const net::ip::address& address) {
  return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

}  // namespace

bool serve_available() noexcept {
  return true;
}

int serve_command(Args args) {
  std::signal(SIGPIPE, SIG_IGN);
  ServeOptions options;
  if (auto exit_code = parse(args, options)) return *exit_code;

  auto resolver = serve::PathResolver::open(options.dir);
  if (!resolver) return fail(resolver.error().reason);
  const crypto::Provider& provider = openssl_provider();
  const auto credential = load_credential(provider, options);
  if (!credential) return 1;

  ServerConfig config;
  config.provider = &provider;
  config.credentials = {*credential};
  config.alpn = {"http/1.1", "http/1.0"};  // never h2: this server speaks HTTP/1.x only
  // Tickets for every connection, under keys that rotate hourly (serve/server.cpp).
  auto sessions = ServerSessions::create(provider, ServerSessionsOptions{});
  if (!sessions) return fail(sessions.error().reason());
  config.sessions = std::move(*sessions);
  serve::Site site;
  site.resolver = &*resolver;
  site.config = &config;

  try {
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options.bind, ec);
    if (ec) return usage_error("--bind " + options.bind + " is not an IP address", kServeUsage);
    net::io_context io(1);
    serve::Server server(io, {address, options.port}, site, options.max_connections);
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      server.stop();
      io.stop();
    });
    server.start();
    const auto endpoint = server.endpoint();
    std::cout << "serving " << resolver->root().string() << " on https://"
              << url_host(endpoint.address()) << ":" << endpoint.port() << "/" << std::endl;
    io.run();
  } catch (const boost::system::system_error& error) {
    return fail("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                error.code().message());
  }
  std::cerr << "stopped\n";
  return 0;
}

}  // namespace cpptls::tool
