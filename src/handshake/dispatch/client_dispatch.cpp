#include "handshake/dispatch/client_dispatch.hpp"

#include <string>
#include <utility>

#include "handshake/common/refusals.hpp"
#include "handshake/dispatch/versions.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/client_downgrade.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake {

VersionedClient::VersionedClient(ClientSettings settings)
    : settings_(std::move(settings)),
      versions_(usable_versions(settings_.versions, settings_.cipher_suites)) {
  settings_.versions = versions_;
}

VersionedClient::~VersionedClient() = default;

Expected<void> VersionedClient::start(Output& out) {
  if (active_) return misuse(ErrorCode::invalid_state, "start() was called twice");
  if (!versions_.tls12 && !versions_.tls13) {
    return misuse(ErrorCode::invalid_argument,
                  "no protocol version is usable: the allowed versions (" +
                      describe(settings_.versions) +
                      ") have no cipher suite among the configured ones");
  }
  if (versions_.tls13) {
    auto client = std::make_unique<hs13::ClientHandshake>(settings_);
    tls13_ = client.get();
    active_ = std::move(client);
    version_known_ = !versions_.tls12;
  } else {
    active_ = std::make_unique<hs12::ClientHandshake>(settings_);
    version_known_ = true;
  }
  return active_->start(out);
}

Expected<void> VersionedClient::on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                           Output& out) {
  if (!active_) return misuse(ErrorCode::invalid_state, "a message arrived before start()");
  if (!version_known_ && message.type == wire::HandshakeType::server_hello) {
    if (auto chosen = choose_version(message); !chosen) return chosen;
  }
  return active_->on_message(message, encoded, out);
}

Expected<void> VersionedClient::choose_version(const wire::HandshakeMessage& message) {
  auto hello = wire::ServerHello::decode(message.body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  // RFC 8446 4.2.1: a TLS 1.3 ServerHello (or HelloRetryRequest) carries supported_versions;
  // its value is checked by the TLS 1.3 client.
  if (wire::find_extension(hello->extensions, wire::ExtensionType::supported_versions) != nullptr) {
    version_known_ = true;
    tls13_ = nullptr;
    return {};
  }
  // RFC 8446 4.1.3: a TLS 1.3 server never picks TLS 1.2 for a client that offers 1.3; a
  // downgrade sentinel in its random says an attacker removed 1.3 from our offer.
  if (auto checked = hs13::check_no_downgrade(*hello); !checked) return checked;
  auto tls12 = std::make_unique<hs12::ClientHandshake>(settings_);
  if (auto adopted =
          tls12->adopt_client_hello(tls13_->sent_client_hello(), tls13_->client_random());
      !adopted) {
    return adopted;
  }
  tls13_ = nullptr;
  active_ = std::move(tls12);
  version_known_ = true;
  return {};
}

Expected<void> VersionedClient::on_change_cipher_spec(Output& out) {
  if (!active_) return unexpected_change_cipher_spec("Start");
  return active_->on_change_cipher_spec(out);
}

Expected<void> VersionedClient::update_write_key(bool request_peer_update, Output& out) {
  if (!active_) return misuse(ErrorCode::invalid_state, "the handshake has not started");
  return active_->update_write_key(request_peer_update, out);
}

bool VersionedClient::is_complete() const noexcept {
  return active_ && active_->is_complete();
}

std::string_view VersionedClient::state_name() const noexcept {
  return active_ ? active_->state_name() : std::string_view("Start");
}

void VersionedClient::shed_after_handshake() noexcept {
  // The active client has its own copy of the settings; only what it keeps is needed.
  settings_ = ClientSettings{};
  if (active_) active_->shed_after_handshake();
}

const SessionSummary& VersionedClient::summary() const noexcept {
  return active_ ? active_->summary() : empty_summary_;
}

}  // namespace cpptls::handshake
