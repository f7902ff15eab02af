#include "handshake/dispatch/server_dispatch.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "handshake/common/refusals.hpp"
#include "handshake/dispatch/versions.hpp"
#include "handshake/tls12/server.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/extensions.hpp"

namespace cpptls::handshake {

VersionedServer::VersionedServer(ServerSettings settings)
    : settings_(std::move(settings)),
      versions_(usable_versions(settings_.versions, settings_.cipher_suites)) {
  settings_.versions = versions_;
}

VersionedServer::~VersionedServer() = default;

Expected<void> VersionedServer::start(Output& /*out*/) {
  if (!versions_.tls12 && !versions_.tls13) {
    return misuse(ErrorCode::invalid_argument,
                  "no protocol version is usable: the allowed versions have no cipher suite "
                  "among the configured ones");
  }
  return {};
}

Expected<void> VersionedServer::on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                           Output& out) {
  if (failed_) return Unexpected<Error>(*failed_);
  if (!active_) {
    if (message.type != wire::HandshakeType::client_hello) {
      failed_ = unexpected_message("ExpectClientHello", message.type, "client_hello").value();
      return Unexpected<Error>(*failed_);
    }
    if (auto chosen = choose_version(message); !chosen) {
      failed_ = chosen.error();
      return chosen;
    }
  }
  return active_->on_message(message, encoded, out);
}

Expected<void> VersionedServer::choose_version(const wire::HandshakeMessage& message) {
  auto hello = wire::ClientHello::decode(message.body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  bool offers_tls13 = false;
  if (const wire::Extension* extension =
          wire::find_extension(hello->extensions, wire::ExtensionType::supported_versions)) {
    auto versions = wire::SupportedVersionsClientHello::decode(extension->data);
    if (!versions) return Unexpected<Error>(std::move(versions.error()));
    offers_tls13 = std::find(versions->versions.begin(), versions->versions.end(),
                             wire::ProtocolVersion::tls13) != versions->versions.end();
  }
  if (offers_tls13 && versions_.tls13) {
    active_ = std::make_unique<hs13::ServerHandshake>(settings_);
    return {};
  }
  if (!versions_.tls12) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                "the client does not offer TLS 1.3, and this server allows TLS 1.3 only");
  }
  // The TLS 1.2 server refuses a client below TLS 1.2 itself, with its own reason.
  active_ = std::make_unique<hs12::ServerHandshake>(settings_);
  return {};
}

Expected<void> VersionedServer::on_change_cipher_spec(Output& out) {
  if (failed_) return Unexpected<Error>(*failed_);
  if (!active_) return unexpected_change_cipher_spec("ExpectClientHello");
  return active_->on_change_cipher_spec(out);
}

Expected<void> VersionedServer::update_write_key(bool request_peer_update, Output& out) {
  if (!active_) return misuse(ErrorCode::invalid_state, "the handshake has not started");
  return active_->update_write_key(request_peer_update, out);
}

bool VersionedServer::is_complete() const noexcept {
  return active_ && active_->is_complete();
}

std::string_view VersionedServer::state_name() const noexcept {
  if (failed_ && !active_) return "Failed";
  return active_ ? active_->state_name() : std::string_view("ExpectClientHello");
}

void VersionedServer::shed_after_handshake() noexcept {
  // The active server has its own copy of the settings, credentials included.
  settings_ = ServerSettings{};
  if (active_) active_->shed_after_handshake();
}

const SessionSummary& VersionedServer::summary() const noexcept {
  return active_ ? active_->summary() : empty_summary_;
}

}  // namespace cpptls::handshake
