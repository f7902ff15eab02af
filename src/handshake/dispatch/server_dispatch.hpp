#pragma once
// The server of either version: the first ClientHello decides (RFC 8446 4.2.1, D.2). A client
// whose supported_versions lists TLS 1.3 gets the TLS 1.3 server when that is on; any other
// client gets the TLS 1.2 server when that is on (which then marks its random with the
// downgrade sentinel if TLS 1.3 was on, RFC 8446 4.1.3). Nothing in common is a
// protocol_version alert.

#include <memory>
#include <optional>
#include <string_view>

#include "base/error.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"

namespace cpptls::handshake {

class VersionedServer final : public Handshake {
 public:
  explicit VersionedServer(ServerSettings settings);
  ~VersionedServer() override;
  VersionedServer(const VersionedServer&) = delete;
  VersionedServer& operator=(const VersionedServer&) = delete;
  VersionedServer(VersionedServer&&) = delete;
  VersionedServer& operator=(VersionedServer&&) = delete;

  [[nodiscard]] Expected<void> start(Output& out) override;
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(Output& out) override;
  [[nodiscard]] Expected<void> update_write_key(bool request_peer_update, Output& out) override;
  [[nodiscard]] bool key_update_owed() const noexcept override {
    return active_ && active_->key_update_owed();
  }

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const SessionSummary& summary() const noexcept override;
  void shed_after_handshake() noexcept override;

 private:
  [[nodiscard]] Expected<void> choose_version(const wire::HandshakeMessage& message);

  ServerSettings settings_;
  VersionSet versions_;
  std::unique_ptr<Handshake> active_;
  std::optional<Error> failed_;
  SessionSummary empty_summary_;
};

}  // namespace cpptls::handshake
