#pragma once
// The client of either version (RFC 8446 4.1.1, 4.2.1; RFC 8446 D.1): with TLS 1.3 on, the
// TLS 1.3 client sends a ClientHello that offers TLS 1.2 too (when that is on), and the
// ServerHello decides. A TLS 1.3 ServerHello or HelloRetryRequest (its supported_versions
// says 0x0304) goes on to the TLS 1.3 client. A TLS 1.2 ServerHello is checked for the
// downgrade sentinel (RFC 8446 4.1.3) and handed, with the ClientHello that was sent, to the
// TLS 1.2 client, which carries on as if it had sent it. With TLS 1.3 off, the TLS 1.2 client
// does everything.

#include <memory>
#include <string_view>

#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"

namespace cpptls::hs13 {
class ClientHandshake;
}

namespace cpptls::handshake {

class VersionedClient final : public Handshake {
 public:
  explicit VersionedClient(ClientSettings settings);
  ~VersionedClient() override;
  VersionedClient(const VersionedClient&) = delete;
  VersionedClient& operator=(const VersionedClient&) = delete;
  VersionedClient(VersionedClient&&) = delete;
  VersionedClient& operator=(VersionedClient&&) = delete;

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
  // The first ServerHello while both versions are offered: picks the client that goes on.
  [[nodiscard]] Expected<void> choose_version(const wire::HandshakeMessage& message);

  ClientSettings settings_;
  VersionSet versions_;
  std::unique_ptr<Handshake> active_;  // the client that handles messages
  // active_ as the TLS 1.3 client while the ServerHello may still choose TLS 1.2.
  hs13::ClientHandshake* tls13_ = nullptr;
  bool version_known_ = false;
  SessionSummary empty_summary_;
};

}  // namespace cpptls::handshake
