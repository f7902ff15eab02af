#pragma once
// The steps of the key schedule that both TLS 1.2 sides take the same way, on what the hellos
// negotiated: from the premaster secret to the master secret (extended when both sides
// agreed, RFC 7627) and the key block, with the key log line; and Finished, made and checked.

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/exporter.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/common/transcript.hpp"
#include "handshake/tls12/key_schedule.hpp"
#include "wire/messages/hello_random.hpp"

namespace cpptls::hs12 {

// What the hellos settled, which every later state needs.
struct Negotiated {
  wire::Random client_random{};
  wire::Random server_random{};
  const crypto::CipherSuiteInfo* suite = nullptr;  // a TLS 1.2 suite, never null once set
  bool extended_master_secret = false;
};

struct SessionKeys {
  MasterSecret master;
  KeyBlock keys;
};

// Call once the transcript holds ClientKeyExchange (the EMS session hash ends there,
// RFC 7627 3). Reports "CLIENT_RANDOM <client_random> <master_secret>" to `key_log` when set.
[[nodiscard]] Expected<SessionKeys> derive_session_keys(const crypto::Provider& provider,
                                                        const Negotiated& negotiated,
                                                        PremasterSecret premaster,
                                                        const handshake::TranscriptHash& transcript,
                                                        const handshake::KeyLogCallback& key_log);

// RFC 5705 4: the exporter over the master secret and this connection's randoms.
[[nodiscard]] handshake::Exporter make_exporter(const Negotiated& negotiated,
                                                const MasterSecret& master);

// The whole Finished message `sender` sends now (over the transcript so far).
[[nodiscard]] Expected<Bytes> make_finished(const crypto::Provider& provider,
                                            const Negotiated& negotiated,
                                            const MasterSecret& master, Sender sender,
                                            const handshake::TranscriptHash& transcript);

// The verify_data of an encoded Finished message: what follows its 4-byte handshake header.
[[nodiscard]] Bytes finished_verify_data_of(ByteView message);

// Checks the body of the peer's Finished against the transcript so far: a body that is not
// 12 bytes is a decode_error; different verify_data (compared in constant time) is a
// decrypt_error (RFC 5246 7.4.9), the one failure a wrong key, a tampered message or a bad
// RSA premaster all end in.
[[nodiscard]] Expected<void> check_finished(const crypto::Provider& provider,
                                            const Negotiated& negotiated,
                                            const MasterSecret& master, Sender sender,
                                            const handshake::TranscriptHash& transcript,
                                            ByteView body);

}  // namespace cpptls::hs12
