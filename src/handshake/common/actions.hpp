#pragma once
// What a handshake step asks the connection to do (design rule 2): the handshake never
// calls the record layer. A step appends actions to an Output in the order the connection
// must apply them; for TLS 1.2's "ChangeCipherSpec then Finished" that order is
// SendChangeCipherSpec, InstallKeys(write), SendHandshake(Finished).

#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/traffic_keys.hpp"
#include "handshake/common/exporter.hpp"

namespace cpptls::handshake {

enum class Direction : std::uint8_t { read, write };

// Whole handshake messages (type, length, body), possibly several, to send under the current
// write protection.
struct SendHandshake {
  Bytes messages;
};

// A change_cipher_spec record (TLS 1.2; the TLS 1.3 compatibility one).
struct SendChangeCipherSpec {};

// Switch one direction's record protection to these keys (sequence number restarts at 0).
struct InstallKeys {
  Direction direction = Direction::write;
  crypto::SuiteVersion version = crypto::SuiteVersion::tls12;
  crypto::TrafficKeys keys;
};

// The handshake is over: application data may flow both ways, and keying material may be
// exported (the connection keeps the exporter; a TLS 1.2 handshake is freed at this point).
struct HandshakeComplete {
  Exporter exporter;
};

// RFC 8446 4.2.10: the client offered 0-RTT data, which the server refuses; the client has
// sent it already, so its records are skipped, up to `max_bytes` of record bodies in all
// (conn/early_data_skip.hpp):
//  - a_record_decrypts: with a 1-RTT answer, records the handshake read key (installed just
//    before) cannot authenticate, until one it can;
//  - second_client_hello: after a HelloRetryRequest, application_data records in the clear,
//    until the second ClientHello.
struct SkipEarlyData {
  enum class Until : std::uint8_t { a_record_decrypts, second_client_hello };
  Until until = Until::a_record_decrypts;
  std::size_t max_bytes = 0;
};

using Action = std::variant<SendHandshake, SendChangeCipherSpec, InstallKeys, HandshakeComplete,
                            SkipEarlyData>;

class Output {
 public:
  void send(Bytes messages) { actions_.emplace_back(SendHandshake{std::move(messages)}); }
  void send_change_cipher_spec() { actions_.emplace_back(SendChangeCipherSpec{}); }
  void install(Direction direction, crypto::SuiteVersion version, crypto::TrafficKeys keys) {
    actions_.emplace_back(InstallKeys{direction, version, std::move(keys)});
  }
  void complete(Exporter exporter) {
    actions_.emplace_back(HandshakeComplete{std::move(exporter)});
  }
  void skip_early_data(SkipEarlyData::Until until, std::size_t max_bytes) {
    actions_.emplace_back(SkipEarlyData{until, max_bytes});
  }

  [[nodiscard]] std::vector<Action>& actions() noexcept { return actions_; }
  [[nodiscard]] bool empty() const noexcept { return actions_.empty(); }
  void clear() noexcept { actions_.clear(); }

 private:
  std::vector<Action> actions_;
};

}  // namespace cpptls::handshake
