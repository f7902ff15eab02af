#include "cpptls/connection.hpp"

#include <string>
#include <utility>

#include "conn/api/convert.hpp"
#include "conn/api/settings.hpp"
#include "conn/engine.hpp"
#include "conn/trace.hpp"
#include "handshake/dispatch/client_dispatch.hpp"
#include "handshake/dispatch/server_dispatch.hpp"
#include "wire/enums.hpp"

namespace cpptls {
namespace {

[[nodiscard]] std::string version_name(wire::ProtocolVersion version) {
  switch (version) {
    case wire::ProtocolVersion::tls12:
      return "TLSv1.2";
    case wire::ProtocolVersion::tls13:
      return "TLSv1.3";
    default:
      return wire::to_string(version);
  }
}

[[nodiscard]] SessionInfo public_session(conn::SessionDetails&& details) {
  SessionInfo info;
  info.version = version_name(details.version);
  info.cipher_suite = wire::to_string(details.cipher_suite);
  info.cipher_suite_id = static_cast<std::uint16_t>(details.cipher_suite);
  if (details.group) info.group = wire::to_string(*details.group);
  info.extended_master_secret = details.extended_master_secret;
  info.resumed = details.resumed;
  info.resumed_by_ticket = details.resumed_by_ticket;
  info.alpn = std::move(details.alpn);
  info.server_name = std::move(details.server_name);
  info.peer_subject = std::move(details.peer_subject);
  info.peer_verified = details.peer_verified;
  info.peer_chain = std::move(details.peer_chain);
  if (details.peer_signature_scheme) {
    info.peer_signature_scheme = wire::to_string(*details.peer_signature_scheme);
    info.peer_signature_scheme_id = static_cast<std::uint16_t>(*details.peer_signature_scheme);
  }
  info.hello_retry_request = details.hello_retry_request;
  info.tls_unique = std::move(details.tls_unique);
  info.ocsp_response = std::move(details.ocsp_response);
  return info;
}

[[nodiscard]] std::string_view what_of(const conn::TraceEvent& event) {
  if (event.content == wire::ContentType::handshake) return wire::name(event.message);
  return wire::name(event.content);
}

// Turns the engine's trace events into the public ones.
[[nodiscard]] conn::TraceSink trace_sink(const TraceCallback& callback) {
  if (!callback) return {};
  return [callback](const conn::TraceEvent& event) {
    const std::string line = conn::describe(event);
    const std::string alert =
        event.content == wire::ContentType::alert ? to_string(event.alert) : std::string();
    TraceEvent out;
    out.sent = event.sent;
    out.what = what_of(event);
    if (event.alert_level)
      out.alert_level = *event.alert_level == AlertLevel::fatal ? "fatal" : "warning";
    out.alert = alert;
    out.length = event.length;
    out.handshake_step = event.handshake_step;
    out.state = event.state;
    out.line = line;
    callback(out);
  };
}

}  // namespace

struct Connection::Impl {
  Impl(conn::Side side, const crypto::Provider& provider,
       std::unique_ptr<handshake::Handshake> handshake, const TraceCallback& trace)
      : engine(side, provider, std::move(handshake), trace_sink(trace)) {}

  // Takes the session over from the engine once the handshake has completed (one copy of the
  // peer's chain per connection, not two).
  void note_progress() {
    if (!session && engine.session() != nullptr)
      session = public_session(std::move(*engine.take_session()));
  }

  conn::Engine engine;
  std::optional<SessionInfo> session;
};

Connection::Connection(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Connection::Connection(Connection&& other) noexcept = default;
Connection& Connection::operator=(Connection&& other) noexcept = default;
Connection::~Connection() = default;

Result<std::size_t> Connection::read_tls(std::span<const std::uint8_t> data) {
  auto taken = impl_->engine.read_tls(data);
  impl_->note_progress();
  if (!taken) return api::to_public(taken.error());
  return *taken;
}

std::span<const std::uint8_t> Connection::pending_tls() const noexcept {
  return impl_->engine.pending_tls();
}

void Connection::consume_tls(std::size_t count) noexcept {
  impl_->engine.consume_tls(count);
}

Result<std::size_t> Connection::write(std::span<const std::uint8_t> data) {
  auto written = impl_->engine.write(data);
  if (!written) return api::to_public(written.error());
  return *written;
}

Result<std::size_t> Connection::write(std::string_view text) {
  return write(as_bytes(text));
}

Result<std::size_t> Connection::read(std::span<std::uint8_t> out) {
  auto read = impl_->engine.read(out);
  if (!read) return api::to_public(read.error());
  return *read;
}

Result<void> Connection::close() {
  auto closed = impl_->engine.close();
  if (!closed) return api::to_public(closed.error());
  return {};
}

Result<void> Connection::key_update(bool request_peer_update) {
  auto updated = impl_->engine.key_update(request_peer_update);
  if (!updated) return api::to_public(updated.error());
  return {};
}

Result<void> Connection::export_keying_material(
    std::span<std::uint8_t> out, std::string_view label,
    std::optional<std::span<const std::uint8_t>> context) const {
  std::optional<ByteView> view;
  if (context) view = ByteView(*context);
  auto exported = impl_->engine.export_keying_material(label, view, out);
  if (!exported) return api::to_public(exported.error());
  return {};
}

void Connection::release_buffers() noexcept {
  impl_->engine.release_buffers();
}

IoState Connection::io_state() const noexcept {
  const conn::IoState state = impl_->engine.io_state();
  IoState out;
  out.tls_bytes_to_write = state.tls_bytes_to_write;
  out.plaintext_bytes_to_read = state.plaintext_bytes_to_read;
  out.handshake_complete = state.handshake_complete;
  out.peer_closed = state.peer_closed;
  out.close_sent = state.close_sent;
  out.wants_read = state.wants_read;
  out.failed = state.failed;
  return out;
}

bool Connection::is_handshake_complete() const noexcept {
  return impl_->engine.io_state().handshake_complete;
}

const SessionInfo* Connection::session() const noexcept {
  return impl_->session ? &*impl_->session : nullptr;
}

std::optional<TlsError> Connection::error() const {
  if (!impl_->engine.error()) return std::nullopt;
  return api::to_public(*impl_->engine.error());
}

std::string_view Connection::state_name() const noexcept {
  return impl_->engine.state_name();
}

bool Connection::is_client() const noexcept {
  return impl_->engine.side() == conn::Side::client;
}

Result<ClientConnection> ClientConnection::create(const ClientConfig& config) {
  auto settings = api::client_settings(config);
  if (!settings) return settings.error();
  const crypto::Provider& provider = *config.provider;
  auto impl = std::make_unique<Impl>(
      conn::Side::client, provider,
      std::make_unique<handshake::VersionedClient>(std::move(*settings)), config.trace);
  if (auto started = impl->engine.start(); !started) return api::to_public(started.error());
  return ClientConnection(std::move(impl));
}

Result<ServerConnection> ServerConnection::create(const ServerConfig& config) {
  auto settings = api::server_settings(config);
  if (!settings) return settings.error();
  const crypto::Provider& provider = *config.provider;
  auto impl = std::make_unique<Impl>(
      conn::Side::server, provider,
      std::make_unique<handshake::VersionedServer>(std::move(*settings)), config.trace);
  if (auto started = impl->engine.start(); !started) return api::to_public(started.error());
  return ServerConnection(std::move(impl));
}

}  // namespace cpptls
