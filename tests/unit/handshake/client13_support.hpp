#pragma once
// Fixtures of the TLS 1.3 client tests: a client that replays one section of the TLS 1.3
// traces (draft-ietf-tls-tls13-vectors) with the trace's randoms, key shares and ClientHello
// bytes, helpers that feed it the server's messages, and readers of the actions it returned.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls13/client.hpp"
#include "wire/enums.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::hs13::client_test {

using handshake::Output;

inline constexpr int kSimple = 3;         // simple 1-RTT handshake
inline constexpr int kRetry = 5;          // HelloRetryRequest
inline constexpr int kClientAuth = 6;     // client authentication
inline constexpr int kCompatibility = 7;  // middlebox compatibility mode

// The trace's message `name` ("ServerHello", "Finished") of section `section`, the
// `skip`-th one: whole handshake messages, header included.
[[nodiscard]] Bytes trace_message(int section, std::string_view name, int skip = 0);

struct KeyLogLine {
  std::string label;
  Bytes client_random;
  Bytes secret;
};

// A client replaying the client's side of one trace section. Its provider is deterministic,
// with the trace's ephemeral private keys queued; the test seam replaces its ClientHellos
// with the trace's, so its transcript is the trace's. Lives on the heap: the settings point
// at the provider and the key log into this object.
struct TraceClient {
  TraceClient();
  TraceClient(const TraceClient&) = delete;
  TraceClient& operator=(const TraceClient&) = delete;

  crypto::testing::DeterministicProvider provider;
  std::vector<KeyLogLine> key_log;
  // The ClientHellos the client built itself, before the seam replaced them.
  std::vector<Bytes> own_hellos;
  std::unique_ptr<ClientHandshake> client;
  Output started;  // what start() returned
};

// Settings for a trace client: SNI "server" (as the trace), no verification.
[[nodiscard]] handshake::ClientSettings trace_settings();

// Starts a client for `section` (3, 5, 6 or 7): the trace's x25519 (and, for 5, P-256) private
// keys are queued and its ClientHello(s) replace ours. `adjust` may change the settings;
// `edit_hello` may change the trace's first ClientHello before it replaces ours (the transcript
// then leaves the trace's, so only checks before the server's CertificateVerify still hold).
[[nodiscard]] std::unique_ptr<TraceClient> start_trace_client(
    int section, const std::function<void(handshake::ClientSettings&)>& adjust = {},
    const std::function<void(wire::ClientHello&)>& edit_hello = {});

// Hands one whole handshake message to `client`; `out` receives the actions.
[[nodiscard]] Expected<void> deliver(handshake::Handshake& client, ByteView message, Output& out);

// Feeds the trace's server flight of `section` up to and including the message named `last`
// ("ServerHello", "EncryptedExtensions", "CertificateRequest", "Certificate",
// "CertificateVerify", "Finished"), stopping at the first failure; the actions of the last
// message delivered land in `out`. A HelloRetryRequest (section 5) is delivered first. With
// after_hello, the flight resumes after a ServerHello already fed (with the server's
// compatibility change_cipher_spec, section 7).
[[nodiscard]] Expected<void> feed_server_flight(TraceClient& trace, int section,
                                                std::string_view last, Output& out,
                                                bool after_hello = false);

// The actions of `out`, read back.
[[nodiscard]] std::vector<Bytes> sent_messages(Output& out);
[[nodiscard]] std::vector<handshake::InstallKeys*> installs(Output& out);
// "send(finished)", "ccs", "install(write)", "install(read)", "complete", in order.
[[nodiscard]] std::vector<std::string> action_names(Output& out);

// Decodes a whole ServerHello message, lets `change` alter it, and encodes it again.
[[nodiscard]] Bytes edit_server_hello(ByteView message,
                                      const std::function<void(wire::ServerHello&)>& change);
// A HelloRetryRequest (random = the special value, empty session id echo) with
// supported_versions 0x0304 and the given extensions' bodies already encoded.
[[nodiscard]] Bytes hello_retry_request(crypto::CipherSuite suite, ByteView session_id_echo,
                                        std::optional<crypto::NamedGroup> group,
                                        std::optional<Bytes> cookie);

// A whole handshake message of `type` with `body`.
[[nodiscard]] Bytes handshake_message(wire::HandshakeType type, ByteView body);

// The RSA key of the trace's section 2 (the server's key in sections 3 and 5), loaded with the
// real provider from the prime factors the trace prints.
[[nodiscard]] std::shared_ptr<const crypto::PrivateKey> trace_rsa_key();

// The traffic keys a TrafficSecret gives for AES-128-GCM (every trace uses it).
[[nodiscard]] crypto::TrafficKeys keys_of(ByteView secret);

[[nodiscard]] std::string hex_of(ByteView bytes);

}  // namespace cpptls::hs13::client_test
