#pragma once
// Shared by the TLS 1.3 handshake fuzz targets (handshake13_client_fuzz.cpp,
// handshake13_server_fuzz.cpp): the input format, the invariants, and the in-memory pump with
// which each target records its seeds.
//
// Input: records, [type u8][length u16][fragment], after the target's own prefix (the server
// target's profile byte). Handshake (22) fragments are joined and cut into whole handshake
// messages (wire::HandshakeMessage::decode), each given to on_message; change_cipher_spec (20)
// calls on_change_cipher_spec; 24 asks the machine, once it is connected, to update its own
// write key (update_write_key, requesting the peer's update when the fragment's first byte is
// odd), which is what the application may do at any time; any other type, or a record that
// runs past the input, ends it.
//
// Invariants checked after every call: nothing crashes; the state name is one the machine
// declares; installed keys are TLS 1.3 keys of the negotiated AEAD's sizes; the handshake
// completes once, in Connected, after four key installs (handshake and application keys, each
// direction); no change_cipher_spec goes out after that. A failure has a reason and a real
// alert, is never an API misuse (the input cannot misuse the API), produces no action, leaves
// the machine in Failed, and sticks: every later call fails with it and produces nothing.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/hex.hpp"
#include "crypto/algorithms.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/handshake.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"

namespace cpptls::fuzz13 {

#define HS13_FUZZ_CHECK(condition)                                                           \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

inline constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15, inside every cert's validity
inline constexpr std::uint8_t kChangeCipherSpec = 20;
inline constexpr std::uint8_t kHandshake = 22;
inline constexpr std::uint8_t kUpdateKey = 24;

[[nodiscard]] inline bool tracing() {
  static const bool on = std::getenv("CPPTLS_FUZZ_TRACE") != nullptr;
  return on;
}

// Drives one machine through an input and checks every step.
class Harness {
 public:
  Harness(handshake::Handshake& machine, std::span<const std::string_view> state_names)
      : machine_(machine), state_names_(state_names) {}

  // Feeds every record of `records`; stops at the first failure (checked) or malformed record.
  void run(ByteView records) {
    wire::Reader reader(records);
    while (!reader.empty()) {
      auto type = reader.u8();
      if (!type) break;
      auto fragment = reader.u16_prefixed("fragment");
      if (!fragment) break;
      if (!record(*type, *fragment)) return;
    }
    finish();
  }

  // Feeds one record; false when the input must stop.
  bool record(std::uint8_t type, ByteView fragment) {
    handshake::Output out;
    if (type == kChangeCipherSpec) return step(machine_.on_change_cipher_spec(out), out);
    if (type == kUpdateKey) {
      if (!machine_.is_complete()) return true;  // before that it would be our own misuse
      const bool request = !fragment.empty() && (fragment[0] & 1) != 0;
      return step(machine_.update_write_key(request, out), out);
    }
    if (type != kHandshake) return false;
    pending_.insert(pending_.end(), fragment.begin(), fragment.end());
    std::size_t consumed = 0;
    bool going = true;
    while (going) {
      wire::Reader reader(ByteView(pending_).subspan(consumed));
      auto message = wire::HandshakeMessage::decode(reader);
      if (!message) break;
      const ByteView encoded = ByteView(pending_).subspan(consumed, reader.offset());
      going = step(machine_.on_message(*message, encoded, out), out);
      out.clear();
      consumed += reader.offset();
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(consumed));
    return going;
  }

  // The checks at the end of an input that did not fail.
  void finish() {
    trace(nullptr);
    HS13_FUZZ_CHECK(machine_.is_complete() == complete_);
  }

  [[nodiscard]] bool complete() const noexcept { return complete_; }

 private:
  // Checks one call and its output; false when the machine failed.
  bool step(const Expected<void>& result, handshake::Output& out) {
    check_state_name();
    if (!result) {
      check_failure(result.error(), out);
      return false;
    }
    for (handshake::Action& action : out.actions())
      check_action(action);
    if (complete_) HS13_FUZZ_CHECK(machine_.state_name() == "Connected");
    return true;
  }

  void check_state_name() const {
    const std::string_view name = machine_.state_name();
    HS13_FUZZ_CHECK(name == "Failed" || std::find(state_names_.begin(), state_names_.end(), name) !=
                                            state_names_.end());
  }

  void check_action(handshake::Action& action) {
    if (const auto* install = std::get_if<handshake::InstallKeys>(&action)) {
      HS13_FUZZ_CHECK(install->version == crypto::SuiteVersion::tls13);
      HS13_FUZZ_CHECK(install->keys.key.size() == crypto::key_size(install->keys.aead));
      HS13_FUZZ_CHECK(install->keys.iv.size() == 12);
      ++installs_;
    } else if (std::holds_alternative<handshake::HandshakeComplete>(action)) {
      HS13_FUZZ_CHECK(!complete_);
      HS13_FUZZ_CHECK(installs_ == 4);
      HS13_FUZZ_CHECK(machine_.is_complete());
      complete_ = true;
    } else if (std::holds_alternative<handshake::SendChangeCipherSpec>(action)) {
      HS13_FUZZ_CHECK(!complete_);  // RFC 8446 D.4: only before our second flight
    } else if (const auto* send = std::get_if<handshake::SendHandshake>(&action)) {
      HS13_FUZZ_CHECK(!send->messages.empty());
    }
  }

  void check_failure(const Error& error, handshake::Output& out) {
    trace(&error);
    HS13_FUZZ_CHECK(!error.reason().empty());
    HS13_FUZZ_CHECK(error.alert() != AlertDescription::close_notify);
    HS13_FUZZ_CHECK(error.kind() != ErrorKind::api_misuse);
    HS13_FUZZ_CHECK(out.empty());
    HS13_FUZZ_CHECK(machine_.state_name() == "Failed");
    HS13_FUZZ_CHECK(!machine_.is_complete());
    // Sticky: whatever comes next gets the same error, and nothing is produced.
    const Bytes finished = {20, 0, 0, 0};
    wire::Reader reader(finished);
    auto message = wire::HandshakeMessage::decode(reader);
    HS13_FUZZ_CHECK(message.has_value());
    handshake::Output later;
    auto again = machine_.on_message(*message, finished, later);
    HS13_FUZZ_CHECK(!again && again.error().reason() == error.reason());
    auto ccs = machine_.on_change_cipher_spec(later);
    HS13_FUZZ_CHECK(!ccs && ccs.error().reason() == error.reason());
    auto update = machine_.update_write_key(true, later);
    HS13_FUZZ_CHECK(!update);
    HS13_FUZZ_CHECK(later.empty());
    HS13_FUZZ_CHECK(machine_.state_name() == "Failed");
  }

  void trace(const Error* error) const {
    if (!tracing()) return;
    std::fprintf(stderr, "ended in %s%s%s\n", std::string(machine_.state_name()).c_str(),
                 error != nullptr ? ": " : "", error != nullptr ? error->to_string().c_str() : "");
  }

  handshake::Handshake& machine_;
  std::span<const std::string_view> state_names_;
  Bytes pending_;
  std::size_t installs_ = 0;
  bool complete_ = false;
};

// ---- Seed recording (CPPTLS_FUZZ_WRITE_SEEDS=DIR) ----

// Appends one record (cut in pieces of at most 2^16-1 bytes) to `input`.
inline void append_record(Bytes& input, std::uint8_t type, ByteView fragment) {
  do {
    const std::size_t size = std::min<std::size_t>(fragment.size(), 0xffff);
    input.push_back(type);
    input.push_back(static_cast<std::uint8_t>(size >> 8));
    input.push_back(static_cast<std::uint8_t>(size));
    input.insert(input.end(), fragment.begin(),
                 fragment.begin() + static_cast<std::ptrdiff_t>(size));
    fragment = fragment.subspan(size);
  } while (!fragment.empty());
}

// Hands what `from_out` asks to send to `to` (its answers go to `to_out`), and writes it down
// in the input format in `log` when not null. False when `to` failed.
inline bool deliver(handshake::Output& from_out, handshake::Handshake& to,
                    handshake::Output& to_out, Bytes* log) {
  handshake::Output sending = std::move(from_out);
  from_out.clear();
  for (handshake::Action& action : sending.actions()) {
    if (std::holds_alternative<handshake::SendChangeCipherSpec>(action)) {
      if (log != nullptr) append_record(*log, kChangeCipherSpec, {});
      auto taken = to.on_change_cipher_spec(to_out);
      if (!taken) {
        std::fprintf(stderr, "peer refused a change_cipher_spec: %s\n",
                     taken.error().to_string().c_str());
        return false;
      }
      continue;
    }
    const auto* send = std::get_if<handshake::SendHandshake>(&action);
    if (send == nullptr) continue;
    if (log != nullptr) append_record(*log, kHandshake, send->messages);
    wire::Reader reader(send->messages);
    while (!reader.empty()) {
      const std::size_t start = reader.offset();
      auto message = wire::HandshakeMessage::decode(reader);
      if (!message) return false;
      const ByteView encoded = ByteView(send->messages).subspan(start, reader.offset() - start);
      auto taken = to.on_message(*message, encoded, to_out);
      if (!taken) {
        std::fprintf(stderr, "%s refused a message: %s\n", std::string(to.state_name()).c_str(),
                     taken.error().to_string().c_str());
        return false;
      }
    }
  }
  return true;
}

// Runs client and server until neither has anything to send. `client_log` and `server_log`
// receive, when not null, what each one sent.
inline bool pump(handshake::Handshake& client, handshake::Output& client_out,
                 handshake::Handshake& server, handshake::Output& server_out, Bytes* client_log,
                 Bytes* server_log) {
  while (!client_out.empty() || !server_out.empty()) {
    if (!deliver(client_out, server, server_out, client_log)) return false;
    if (!deliver(server_out, client, client_out, server_log)) return false;
  }
  return true;
}

// Writes `input` as DIR/NAME.hex, 40 bytes a line.
inline bool write_hex(const std::string& directory, const std::string& name, ByteView input) {
  std::ofstream file(directory + "/" + name + ".hex");
  const std::string hex = to_hex(input);
  for (std::size_t at = 0; at < hex.size(); at += 80)
    file << hex.substr(at, 80) << '\n';
  return static_cast<bool>(file);
}

}  // namespace cpptls::fuzz13
