#pragma once
// Sits on the wire between the demo's client and server, as Wireshark does with an
// SSLKEYLOGFILE: it deframes the records each side sends, decrypts the protected ones with
// keys derived from the key log secrets, and splits the handshake messages out of them.
// Every value the demo narrates comes from here, read off the bytes that crossed the socket.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "record/opener.hpp"
#include "wire/enums.hpp"
#include "wire/messages/hello_random.hpp"

namespace cpptls::tool::demo {

enum class Sender : std::uint8_t { client, server };

// One thing that crossed the wire: a handshake message, a change_cipher_spec, an alert or a
// record of application data.
struct WireMessage {
  enum class Kind : std::uint8_t { handshake, change_cipher_spec, alert, application_data };
  Sender sender = Sender::client;
  Kind kind = Kind::handshake;
  wire::HandshakeType type = wire::HandshakeType::hello_request;  // for handshake messages
  Bytes body;     // the handshake body (no header), the alert or the application data
  Bytes message;  // handshake: header and body, as the transcript hashes it
  // The record that carried it (its last part), exactly as sent: header and fragment.
  Bytes record;
  // The key that opened the record ("server handshake traffic key"); empty in the clear.
  std::string key;
};

// The secret a key log line gives for `label` ("CLIENT_RANDOM", "SERVER_TRAFFIC_SECRET_0"),
// as logged by `side`, or nothing if that side has not logged it (yet).
using SecretLookup = std::function<std::optional<SecretBytes>(Sender side, std::string_view label)>;

class WireObserver {
 public:
  WireObserver(const crypto::Provider& provider, SecretLookup secrets);

  // The bytes `sender` wrote to its socket, in order; returns what they completed.
  [[nodiscard]] Expected<std::vector<WireMessage>> observe(Sender sender, ByteView bytes);

  // What the hellos settled; valid once the ServerHello has been observed.
  [[nodiscard]] bool tls13() const noexcept { return tls13_; }
  [[nodiscard]] const crypto::CipherSuiteInfo* suite() const noexcept { return suite_; }
  [[nodiscard]] const wire::Random& client_random() const noexcept { return client_random_; }
  [[nodiscard]] const wire::Random& server_random() const noexcept { return server_random_; }

 private:
  struct Direction {
    Bytes pending;    // bytes of an incomplete record
    Bytes handshake;  // bytes of an incomplete handshake message
    record::RecordOpener opener;
    std::string key_name;
    // TLS 1.3: the key log label of the next key, installed at the next protected record
    // (the sender has logged it by the time it sends such a record).
    std::string next_label;
  };

  [[nodiscard]] Direction& direction(Sender sender) noexcept {
    return sender == Sender::client ? client_ : server_;
  }
  [[nodiscard]] Expected<void> open_record(Sender sender, ByteView record,
                                           std::vector<WireMessage>& out);
  [[nodiscard]] Expected<void> split_handshake(Sender sender, ByteView record,
                                               std::vector<WireMessage>& out);
  [[nodiscard]] Expected<void> after_handshake_message(Sender sender, const WireMessage& message);
  [[nodiscard]] Expected<void> install_tls12_keys(Sender sender);
  [[nodiscard]] Expected<void> install_tls13_keys(Sender sender);

  const crypto::Provider& provider_;
  SecretLookup secrets_;
  Direction client_;
  Direction server_;
  bool tls13_ = false;
  const crypto::CipherSuiteInfo* suite_ = nullptr;
  wire::Random client_random_{};
  wire::Random server_random_{};
};

// The first 8 bytes of SHA-256 of `secret`, in hex: shows that two secrets are equal without
// showing either.
[[nodiscard]] std::string fingerprint(const crypto::Provider& provider, ByteView secret);

}  // namespace cpptls::tool::demo
