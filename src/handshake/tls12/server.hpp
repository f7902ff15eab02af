#pragma once
// The TLS 1.2 server (RFC 5246 7.3), the seed's eleven steps from the server's side:
//
//                                <--  ClientHello                         (step 1)
//   ServerHello, Certificate,    -->                                      (step 2)
//   [ServerKeyExchange], ServerHelloDone
//                                <--  ClientKeyExchange                   (step 4)
//   (master secret, session keys)                                         (steps 5-6)
//                                <--  [ChangeCipherSpec], Finished        (steps 7-8)
//   [ChangeCipherSpec], Finished -->                                      (steps 9-10)
//   application data            <->                                       (step 11)
//
// One std::variant of move-only state structs named by what they expect (architecture rule
// 3). With RSA key transport a bad premaster (padding, version) is not an error where it is
// decrypted: it becomes random bytes (crypto::PrivateKey::decrypt_premaster), and the
// handshake fails at the client's Finished with decrypt_error, exactly like a wrong Finished
// (RFC 5246 7.4.7.1). A ClientHello once connected is a renegotiation attempt and is refused
// with no_renegotiation.

#include <memory>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/common/transcript.hpp"
#include "handshake/tls12/key_schedule.hpp"
#include "handshake/tls12/session_keys.hpp"
#include "record/protection.hpp"
#include "wire/messages/client_hello.hpp"

namespace cpptls::hs12 {

namespace server {

struct ExpectClientHello {
  static constexpr std::string_view kName = "ExpectClientHello";
};

struct ExpectClientKeyExchange {
  static constexpr std::string_view kName = "ExpectClientKeyExchange";
  handshake::TranscriptHash transcript;
  Negotiated negotiated;
  std::unique_ptr<crypto::KeyShare> share;  // ECDHE suites; null for RSA key transport
  // ClientHello.client_version, which the RSA premaster must start with (RFC 5246 7.4.7.1).
  std::uint16_t client_version = 0;
};

struct ExpectChangeCipherSpec {
  static constexpr std::string_view kName = "ExpectChangeCipherSpec";
  handshake::TranscriptHash transcript;
  Negotiated negotiated;
  MasterSecret master;
  KeyBlock keys;
};

struct ExpectFinished {
  static constexpr std::string_view kName = "ExpectFinished";
  handshake::TranscriptHash transcript;
  Negotiated negotiated;
  MasterSecret master;
  record::TrafficKeys server_write;
};

struct Connected {
  static constexpr std::string_view kName = "Connected";
};

// After a failure: the same error forever.
struct Failed {
  static constexpr std::string_view kName = "Failed";
  Error error;
};

using State = std::variant<ExpectClientHello, ExpectClientKeyExchange, ExpectChangeCipherSpec,
                           ExpectFinished, Connected, Failed>;

}  // namespace server

class ServerHandshake final : public handshake::Handshake {
 public:
  explicit ServerHandshake(handshake::ServerSettings settings);

  // Nothing to send: the client speaks first.
  [[nodiscard]] Expected<void> start(handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override;
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override;

  [[nodiscard]] bool is_complete() const noexcept override;
  [[nodiscard]] std::string_view state_name() const noexcept override;
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }

 private:
  using Step = Expected<server::State>;

  [[nodiscard]] Step on(server::ExpectClientHello& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectClientKeyExchange& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectChangeCipherSpec& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::ExpectFinished& s, const wire::HandshakeMessage& m,
                        ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step on(server::Connected& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);
  [[nodiscard]] Step on(server::Failed& s, const wire::HandshakeMessage& m, ByteView encoded,
                        handshake::Output& out);

  // The steps, in the order of the handshake (server_hello.cpp, server_flight.cpp).
  [[nodiscard]] Expected<void> check_settings() const;
  [[nodiscard]] Step accept_client_hello(ByteView body, ByteView encoded, handshake::Output& out);
  [[nodiscard]] Step accept_client_key_exchange(server::ExpectClientKeyExchange& s, ByteView body,
                                                ByteView encoded);
  [[nodiscard]] Step accept_finished(server::ExpectFinished& s, ByteView body, ByteView encoded,
                                     handshake::Output& out);

  [[nodiscard]] const crypto::Provider& provider() const noexcept { return *settings_.provider; }
  [[nodiscard]] const handshake::Credential& credential() const noexcept {
    return settings_.credentials.front();
  }

  handshake::ServerSettings settings_;
  // The configured lists with the defaults filled in.
  std::vector<crypto::CipherSuite> suites_;
  std::vector<crypto::NamedGroup> groups_;
  std::vector<crypto::SignatureScheme> schemes_;

  handshake::SessionSummary summary_;
  server::State state_;
};

}  // namespace cpptls::hs12
