#pragma once
// Counts what a peer may legally repeat without ever sending application data, each of which
// costs us work (a decryption, a key derivation, a record to send) and gives the caller
// nothing, so that a peer cannot keep us busy forever for a few bytes each (issue 11). Each
// kind is refused past kMaxRepeats (limits.hpp) since the last application data; BoringSSL
// bounds the same things (kMaxEmptyRecords, kMaxWarningAlerts, kMaxKeyUpdates).

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/error.hpp"

namespace cpptls::conn {

enum class Repeated : std::uint8_t {
  // An application data record with no content (RFC 5246 6.2.1; RFC 8446 5.4, padding only).
  empty_record,
  // An alert that leaves the connection up: a TLS 1.2 warning other than close_notify (RFC
  // 5246 7.2), a TLS 1.3 user_canceled after the handshake (RFC 8446 6.1).
  warning_alert,
  // TLS 1.2 after the handshake: a HelloRequest to a client, a ClientHello to a server, each
  // refused with a no_renegotiation warning that we send (RFC 5246 7.2.2, RFC 5746 4.2).
  renegotiation_request,
  // TLS 1.3 KeyUpdate (RFC 8446 4.6.3): a new read key, and with update_requested a new write
  // key and a record to send.
  key_update,
};
inline constexpr std::size_t kRepeatedKinds = 4;

class RepeatCounter {
 public:
  // Counts one more `what` from the peer; past the limit, the error that ends the connection
  // (unexpected_message, with a reason that starts "too many <what>" and names the limit).
  [[nodiscard]] Expected<void> count(Repeated what);
  // Application data with content arrived: the peer is making progress, so every count
  // starts again.
  void reset() noexcept { counts_ = {}; }
  [[nodiscard]] std::size_t count_of(Repeated what) const noexcept {
    return counts_[static_cast<std::size_t>(what)];
  }

 private:
  std::array<std::size_t, kRepeatedKinds> counts_{};
};

}  // namespace cpptls::conn
