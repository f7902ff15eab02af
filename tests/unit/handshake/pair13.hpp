#pragma once
// Shared helpers of the TLS 1.3 handshake tests: ClientHellos built field by field, what one
// step of a handshake asked for (messages sent, keys installed, in order), the
// draft-ietf-tls-tls13-vectors server's credential (its RSA key is printed as numbers in
// section 2 of the trace, its certificate in the Certificate message), and a TLS 1.3 client and
// server joined by a Pump.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/key_schedule.hpp"
#include "handshake/tls13/server.hpp"
#include "unit/handshake/pump.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"

namespace cpptls::handshake::testing {

// A TLS 1.3 ClientHello. Each optional extension is left out when empty (nullopt).
struct Hello13 {
  wire::Random random = filled_random(0x42);
  Bytes session_id;
  std::vector<crypto::CipherSuite> suites = {crypto::CipherSuite::TLS_AES_128_GCM_SHA256};
  Bytes compression = {0};
  std::optional<std::vector<wire::ProtocolVersion>> versions =
      std::vector{wire::ProtocolVersion::tls13, wire::ProtocolVersion::tls12};
  std::optional<std::vector<crypto::NamedGroup>> groups =
      std::vector{crypto::NamedGroup::x25519, crypto::NamedGroup::secp256r1};
  std::optional<std::vector<crypto::SignatureScheme>> schemes =
      std::vector{crypto::SignatureScheme::ecdsa_secp256r1_sha256,
                  crypto::SignatureScheme::rsa_pss_rsae_sha256, crypto::SignatureScheme::ed25519};
  // (group, key_exchange) in order; nullopt leaves key_share out.
  std::optional<std::vector<std::pair<crypto::NamedGroup, Bytes>>> shares =
      std::vector<std::pair<crypto::NamedGroup, Bytes>>{};
  std::optional<std::string> server_name;
  std::optional<std::vector<std::string>> alpn;
  bool psk_modes = false;
  bool early_data = false;
  bool cookie = false;
  // Raw extensions added after the others (unknown types, pre_shared_key bodies...).
  std::vector<std::pair<wire::ExtensionType, Bytes>> extra;

  static wire::Random filled_random(std::uint8_t value) {
    wire::Random random{};
    random.fill(value);
    return random;
  }
};

// The whole message (header and body).
[[nodiscard]] Bytes encode_hello13(const Hello13& hello);

// A fresh key share of the real provider, and its public value for Hello13::shares.
[[nodiscard]] std::unique_ptr<crypto::KeyShare> make_share(crypto::NamedGroup group);
[[nodiscard]] std::pair<crypto::NamedGroup, Bytes> share_entry(crypto::NamedGroup group);

// What the actions of one step asked for.
struct Actions {
  std::vector<Bytes> messages;  // each handshake message sent, whole, in order
  std::vector<InstallKeys> installs;
  bool complete = false;
  // The order, e.g. "send(server_hello) ccs install(write) install(read)
  // send(encrypted_extensions,certificate,certificate_verify,finished) install(write)".
  std::string order;

  // The first message of `type`, or empty.
  [[nodiscard]] Bytes message(wire::HandshakeType type) const;
  // Every message sent, concatenated.
  [[nodiscard]] Bytes all() const;
};
[[nodiscard]] Actions collect(Output& out);

// Decodes `message` (one whole handshake message) and hands it to `handshake`.
[[nodiscard]] Expected<void> feed(Handshake& handshake, ByteView message, Output& out);

// The trace server's RSA-1024 key (section 2) as DER PKCS#8, and its certificate and key as a
// credential (the chain is the one self-signed certificate of the trace).
[[nodiscard]] Bytes trace_rsa_private_key_pkcs8();
[[nodiscard]] Credential trace_credential(const crypto::Provider& provider);

// Key log lines captured by label.
struct KeyLog {
  std::map<std::string, Bytes> secrets;
  Bytes client_random;
  [[nodiscard]] KeyLogCallback callback();
};

// leaf-rsa (whose extKeyUsage has clientAuth) as the client's credential, and the trust store
// (root-rsa) a server verifies it with.
[[nodiscard]] const Credential& client_rsa_credential();
[[nodiscard]] std::shared_ptr<const x509::TrustStore> client_trust();

// More server credentials: P-384 (the self-signed root-ec), Ed25519 (leaf-ed25519 under
// root-ed25519).
[[nodiscard]] const Credential& p384_credential();
[[nodiscard]] const Credential& ed25519_credential();

// A TLS 1.3 client played by the test, message by message, against a real ServerHandshake:
// it sends the messages it is given, keeps the transcript of both sides, and builds the
// client's second flight from the secrets the server logs (CLIENT_HANDSHAKE_TRAFFIC_SECRET),
// so that the server tests do not depend on the client state machine.
class ScriptedClient {
 public:
  // `settings.key_log` is replaced by the client's own capture.
  explicit ScriptedClient(ServerSettings settings);

  // Sends one message; on success it joins the transcript, and what the server sent back is
  // in last() and the transcript.
  [[nodiscard]] Expected<void> send(ByteView message);
  [[nodiscard]] Expected<void> send_change_cipher_spec();
  [[nodiscard]] const Actions& last() const noexcept { return last_; }

  // The client's second flight, over the transcript so far.
  [[nodiscard]] Bytes certificate(const Credential* credential, ByteView context = {}) const;
  [[nodiscard]] Bytes certificate_verify(const crypto::PrivateKey& key,
                                         crypto::SignatureScheme scheme) const;
  [[nodiscard]] Bytes finished() const;
  // Sends ClientHello, then (when the server asked for one) `credential`'s Certificate and
  // CertificateVerify, then Finished; true when the server is connected.
  [[nodiscard]] bool connect(const Hello13& hello, const Credential* credential = nullptr);

  // The transcript hash (of the suite the server chose).
  [[nodiscard]] Bytes transcript_hash() const;
  [[nodiscard]] hs13::ServerHandshake& server() noexcept { return *server_; }
  [[nodiscard]] const KeyLog& key_log() const noexcept { return *log_; }
  [[nodiscard]] crypto::HashAlgorithm hash() const;

 private:
  std::unique_ptr<KeyLog> log_;
  std::unique_ptr<hs13::ServerHandshake> server_;
  Bytes transcript_;
  crypto::CipherSuite suite_ = crypto::CipherSuite::TLS_AES_128_GCM_SHA256;
  Actions last_;
};

// TLS 1.3 only, on both sides.
[[nodiscard]] ClientSettings client_settings13();
[[nodiscard]] ServerSettings server_settings13(const Credential& credential);

struct Pair13 {
  Pair13(ClientSettings client_settings, ServerSettings server_settings, Tamper tamper = {})
      : client(std::move(client_settings)),
        server(std::move(server_settings)),
        pump(client, server, std::move(tamper)) {}

  hs13::ClientHandshake client;
  hs13::ServerHandshake server;
  Pump pump;
};

[[nodiscard]] std::unique_ptr<Pair13> run13(ClientSettings client, ServerSettings server,
                                            Tamper tamper = {});

}  // namespace cpptls::handshake::testing
