#pragma once
// Connects a client and a server Handshake in memory, without a record layer: each
// SendHandshake is split into single messages (wire::HandshakeMessage::decode) and fed to the
// other side's on_message, each SendChangeCipherSpec to on_change_cipher_spec; InstallKeys
// and HandshakeComplete are recorded. A tamper hook sees every flight (the events one step of
// one side produced) before delivery and may alter, drop, reorder or add events.
//
// Handshake bytes are reassembled per direction, as the connection does: a message whose
// (altered) length runs past what was sent waits for more bytes, and the pump reports that as
// stalled.

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/handshake.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake::testing {

enum class Side : std::uint8_t { client, server };

[[nodiscard]] constexpr Side other(Side side) noexcept {
  return side == Side::client ? Side::server : Side::client;
}

struct Event {
  enum class Kind : std::uint8_t { handshake, change_cipher_spec };
  Kind kind = Kind::handshake;
  Bytes message;  // one whole handshake message; empty for change_cipher_spec

  [[nodiscard]] bool is(wire::HandshakeType type) const noexcept {
    return kind == Kind::handshake && !message.empty() &&
           message[0] == static_cast<std::uint8_t>(type);
  }
  [[nodiscard]] bool is_change_cipher_spec() const noexcept {
    return kind == Kind::change_cipher_spec;
  }
  [[nodiscard]] static Event change_cipher_spec() { return {Kind::change_cipher_spec, {}}; }
};

using Tamper = std::function<void(Side sender, std::vector<Event>& flight)>;

struct SideResult {
  std::optional<Error> error;
  bool complete = false;
  std::vector<InstallKeys> installs;
};

class Pump {
 public:
  Pump(Handshake& client, Handshake& server, Tamper tamper = {});

  // Starts the client, then delivers until nothing is left to deliver or a side failed.
  void run();
  // Starts the client (sends its ClientHello to the queue).
  void start();
  // Delivers the next event; false when there is none or a side has failed.
  bool step();
  // Steps until `side` is in state `name`, or nothing more happens; true when reached.
  bool run_until(Side side, std::string_view name);

  [[nodiscard]] const SideResult& result(Side side) const noexcept {
    return side == Side::client ? client_ : server_;
  }
  [[nodiscard]] const SideResult& client() const noexcept { return client_; }
  [[nodiscard]] const SideResult& server() const noexcept { return server_; }
  [[nodiscard]] bool failed() const noexcept { return client_.error || server_.error; }
  // Both sides complete, nothing failed and nothing left over.
  [[nodiscard]] bool succeeded() const noexcept;
  // Handshake bytes that never formed a whole message.
  [[nodiscard]] bool stalled() const noexcept;
  // Every event delivered (after tampering), with its sender, in order.
  [[nodiscard]] const std::vector<std::pair<Side, Event>>& log() const noexcept { return log_; }
  // The first failure, "client: <error>" / "server: <error>", for messages.
  [[nodiscard]] std::string describe() const;

 private:
  [[nodiscard]] Handshake& handshake(Side side) noexcept {
    return side == Side::client ? client_handshake_ : server_handshake_;
  }
  [[nodiscard]] SideResult& mutable_result(Side side) noexcept {
    return side == Side::client ? client_ : server_;
  }
  // Turns one step's actions into a flight for the other side.
  void apply(Side sender, Output& out);
  void deliver(Side receiver, const Event& event);
  void record(Side side, Expected<void> outcome);

  Handshake& client_handshake_;
  Handshake& server_handshake_;
  Tamper tamper_;
  std::deque<std::pair<Side, Event>> queue_;  // (sender, event)
  std::vector<std::pair<Side, Event>> log_;
  Bytes pending_[2];  // reassembly, per receiver
  SideResult client_;
  SideResult server_;
};

// Both directions' keys agree: the client's write keys are the server's read keys and the
// reverse. Adds a test failure otherwise.
void expect_matching_keys(const Pump& pump);

}  // namespace cpptls::handshake::testing
