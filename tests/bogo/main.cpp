// cpptls's shim for BoringSSL's TLS test runner (ssl/test/runner). The runner starts it once
// per test with the flags of ssl/test/test_config.cc; it makes 1 + -resume-count connections
// to the runner and exits 0 (passed), 1 (failed, the error on stderr) or 89 (asked for
// something it does not implement). See docs/conformance.md.

#include <cstdio>
#include <memory>
#include <string>

#include "cpptls/connection.hpp"
#include "cpptls/provider.hpp"

#include "checks.hpp"
#include "config_builder.hpp"
#include "exchange.hpp"
#include "flags.hpp"
#include "status.hpp"
#include "transport.hpp"

namespace {

using namespace cpptls::bogo;

[[nodiscard]] cpptls::Result<cpptls::Connection> make_connection(const ShimFlags& shim,
                                                                 const ConnectionFlags& flags,
                                                                 const Sessions& sessions,
                                                                 Status& status) {
  if (shim.server) {
    cpptls::ServerConfig config;
    status = build_server_config(flags, sessions, config);
    if (!status.ok())
      return cpptls::TlsError(cpptls::TlsErrorKind::api_misuse,
                              cpptls::TlsErrorCode::invalid_argument, 0, "");
    auto server = cpptls::ServerConnection::create(config);
    if (!server) return server.error();
    return cpptls::Connection(std::move(*server));
  }
  cpptls::ClientConfig config;
  status = build_client_config(flags, sessions, config);
  if (!status.ok())
    return cpptls::TlsError(cpptls::TlsErrorKind::api_misuse,
                            cpptls::TlsErrorCode::invalid_argument, 0, "");
  auto client = cpptls::ClientConnection::create(config);
  if (!client) return client.error();
  return cpptls::Connection(std::move(*client));
}

[[nodiscard]] Status run_connection(const ShimFlags& shim, int index, const Sessions& sessions,
                                    std::uint16_t& session_signature) {
  const bool is_resume = index > 0;
  const ConnectionFlags& flags = is_resume ? shim.resume : shim.initial;
  Status status;
  auto connection = make_connection(shim, flags, sessions, status);
  if (!status.ok()) return status;
  if (!connection) return Status::tls_failure(connection.error());
  auto transport = Transport::connect(shim.port, shim.ipv6, shim.shim_id, status);
  if (!transport) return status;
  const std::size_t sessions_before = sessions.client ? sessions.client->size() : 0;
  const std::size_t cached_before = sessions.server ? sessions.server->cached_sessions() : 0;
  status = run_exchange(*connection, *transport, flags, is_resume, session_signature);
  if (!status.ok()) return status;
  if (const cpptls::SessionInfo* session = connection->session()) {
    status = check_peer_certificates(*session, flags, *sessions.verify);
    if (!status.ok()) return status;
  }
  // A TLS 1.3 client told to expect no ticket (-expect-no-session) must not have stored one.
  if (flags.expect_no_session && sessions.client && sessions.client->size() > sessions_before) {
    return Status::failure("shim check: a session was stored, expected none");
  }
  // BoringSSL's new-session callback: a server caching the session under its id, a client
  // storing it. Checked on the first connection only, as BoringSSL's shim does.
  if (!is_resume && (flags.expect_session_id || flags.expect_no_session_id)) {
    const bool cached = sessions.server ? sessions.server->cached_sessions() > cached_before
                                        : sessions.client->size() > sessions_before;
    if (flags.expect_session_id && !cached)
      return Status::failure("shim check: the session was not cached, expected it");
    if (flags.expect_no_session_id && cached)
      return Status::failure("shim check: the session was cached, expected none");
  }
  return Status::success();
}

}  // namespace

int main(int argc, char** argv) {
  // The runner asks once, before any test, whether the split-handshake helper exists; we
  // have none (its tests are disabled in config.json).
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "-is-handshaker-supported") {
      std::printf("No\n");
      return 0;
    }
  }
  const ParseOutcome parsed = parse_flags(argc, argv);
  if (!parsed.flags) {
    report(parsed.unimplemented ? Status::unimplemented(parsed.message)
                                : Status::failure(parsed.message));
    return static_cast<int>(parsed.unimplemented ? Exit::unimplemented : Exit::failure);
  }
  const ShimFlags& shim = *parsed.flags;
  Sessions sessions;
  sessions.use_verifier = wants_verifier(shim.initial) || wants_verifier(shim.resume);
  if (shim.server) {
    auto created = cpptls::ServerSessions::create(cpptls::openssl_provider());
    if (!created) {
      report(Status::tls_failure(created.error()));
      return static_cast<int>(Exit::failure);
    }
    sessions.server = std::move(*created);
  } else {
    sessions.client = std::make_shared<cpptls::SessionCache>();
  }
  std::uint16_t session_signature = 0;
  for (int i = 0; i <= shim.resume_count; ++i) {
    const Status status = run_connection(shim, i, sessions, session_signature);
    if (!status.ok()) {
      report(status);
      if (status.exit == Exit::failure)
        report(Status::failure("connection " + std::to_string(i + 1) + " failed"));
      return static_cast<int>(status.exit);
    }
  }
  return static_cast<int>(Exit::ok);
}
