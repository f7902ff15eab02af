#include "conn/trace.hpp"

#include <string>

#include "base/printable.hpp"

namespace cpptls::conn {

int handshake_step(Side sender, wire::ContentType content, wire::HandshakeType message) noexcept {
  using wire::HandshakeType;
  const bool client = sender == Side::client;
  if (content == wire::ContentType::change_cipher_spec) return client ? 7 : 9;
  if (content != wire::ContentType::handshake) return 0;
  switch (message) {
    case HandshakeType::client_hello:
      return client ? 1 : 0;
    case HandshakeType::server_hello:
    case HandshakeType::server_key_exchange:
    case HandshakeType::server_hello_done:
      return client ? 0 : 2;
    case HandshakeType::certificate:
      // The server sends its certificate in step 2; a client certificate is no step.
      return client ? 0 : 2;
    case HandshakeType::client_key_exchange:
      return client ? 4 : 0;
    case HandshakeType::finished:
      return client ? 8 : 10;
    default:
      return 0;
  }
}

std::string describe(const TraceEvent& event) {
  std::string line = event.sent ? "sent " : "received ";
  if (event.content == wire::ContentType::handshake) {
    line += wire::to_string(event.message);
  } else if (event.content == wire::ContentType::alert) {
    line += "alert ";
    line += event.alert_level == AlertLevel::fatal ? "fatal " : "warning ";
    line += to_string(event.alert);
  } else {
    line += wire::to_string(event.content);
  }
  line += " (" + std::to_string(event.length) + " bytes)";
  if (event.handshake_step != 0)
    line += " [handshake step " + std::to_string(event.handshake_step) + "]";
  if (!event.state.empty()) {
    line += " state=";
    line += event.state;
  }
  // Every part is our own text today; the guard keeps it so if a peer's string ever joins.
  return printable(line, Backslashes::keep);
}

}  // namespace cpptls::conn
