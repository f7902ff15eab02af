#pragma once
// Turns what the wire observer read into the eleven handshake steps (docs/handshake-steps.md): one
// entry per message that crossed the wire, with its real values, and notes for what happens inside
// one side (the client checking the certificate, both sides deriving the same secrets), placed
// where they happen between the messages.

#include <functional>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "key_log_book.hpp"
#include "narration.hpp"
#include "throwaway_pki.hpp"
#include "wire_observer.hpp"

namespace cpptls::tool::demo {

struct NarratorInputs {
  const crypto::Provider* provider = nullptr;
  const ThrowawayPki* pki = nullptr;
  const KeyLogBook* logs = nullptr;
  const WireObserver* observer = nullptr;
  // Whether the client has accepted everything the server sent so far.
  std::function<bool()> client_ok;
};

class Narrator {
 public:
  Narrator(NarratorInputs inputs, std::function<void(const Entry&)> on_entry);

  // Narrates messages in wire order; call after the receiver has processed them, so that
  // both sides' key logs hold what the notes compare.
  [[nodiscard]] Expected<void> narrate(const std::vector<WireMessage>& messages);

  [[nodiscard]] Narration& narration() noexcept { return narration_; }

 private:
  void add(Entry entry);
  [[nodiscard]] Expected<void> narrate_handshake(const WireMessage& message);
  [[nodiscard]] Expected<Entry> client_hello(const WireMessage& message);
  [[nodiscard]] Expected<Entry> server_hello(const WireMessage& message);
  [[nodiscard]] Expected<Entry> certificate(const WireMessage& message);
  [[nodiscard]] Expected<Entry> client_key_exchange(const WireMessage& message);
  [[nodiscard]] Expected<Entry> other_handshake(const WireMessage& message);
  [[nodiscard]] Entry change_cipher_spec(const WireMessage& message) const;
  [[nodiscard]] Entry application_data(const WireMessage& message) const;
  [[nodiscard]] Entry alert(const WireMessage& message) const;

  // The notes between messages.
  [[nodiscard]] Expected<Entry> certificate_check();
  [[nodiscard]] Expected<Entry> master_secret_note(const WireMessage& key_exchange);
  [[nodiscard]] Entry session_keys_note() const;
  [[nodiscard]] Entry tls13_shared_secret_note() const;
  [[nodiscard]] Entry tls13_traffic_keys_note() const;
  [[nodiscard]] std::string both_sides(std::string_view label) const;

  NarratorInputs in_;
  std::function<void(const Entry&)> on_entry_;
  Narration narration_;
  Bytes transcript_;  // TLS 1.2 handshake messages so far, for the extended master secret
  bool extended_master_secret_ = false;
  std::uint16_t client_version_ = 0x0303;
  Bytes leaf_der_;
  std::vector<Bytes> intermediates_der_;
};

}  // namespace cpptls::tool::demo
