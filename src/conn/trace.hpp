#pragma once
// What `--trace` prints and what a user's trace callback sees: every handshake message,
// change_cipher_spec and alert the connection sends or receives, with the handshake step
// (docs/handshake-steps.md) that it carries out, where there is one.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/alert.hpp"
#include "conn/side.hpp"
#include "wire/enums.hpp"

namespace cpptls::conn {

struct TraceEvent {
  bool sent = false;  // we sent it; otherwise we received it
  wire::ContentType content = wire::ContentType::handshake;
  wire::HandshakeType message = wire::HandshakeType::hello_request;  // for handshake content
  std::optional<AlertLevel> alert_level;                             // for alerts
  AlertDescription alert = AlertDescription::close_notify;           // for alerts
  std::size_t length = 0;  // the message's whole encoding, or the record content's length
  int handshake_step = 0;  // 1..11, or 0 when the message carries out none of the eleven
  std::string_view state;  // the handshake state when it happened ("ExpectServerHello")
};

using TraceSink = std::function<void(const TraceEvent&)>;

// The handshake step (docs/handshake-steps.md) a message carries out,
// given which side sent it: 1 ClientHello; 2 ServerHello, the server's Certificate,
// ServerKeyExchange and ServerHelloDone; 4 ClientKeyExchange (the premaster secret); 7 and 8
// the client's ChangeCipherSpec and Finished; 9 and 10 the server's. 0 for anything else.
[[nodiscard]] int handshake_step(Side sender, wire::ContentType content,
                                 wire::HandshakeType message) noexcept;

// "sent client_hello (212 bytes) [handshake step 1] state=ExpectServerHello"
[[nodiscard]] std::string describe(const TraceEvent& event);

}  // namespace cpptls::conn
