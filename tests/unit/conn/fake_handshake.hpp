#pragma once
// A scripted stand-in for the TLS 1.2 handshake, so that the engine is tested alone: the same
// message flow and key changes as RFC 5246's full handshake, with fixed message bodies and
// fixed keys instead of any cryptography.
//
//   client                                   server
//   ClientHello             -------->
//                                            ServerHello, Certificate, ServerHelloDone
//                           <--------
//   ClientKeyExchange, [CCS, write key], Finished
//                           -------->
//                                            [read key], [CCS, write key], Finished, complete
//                           <--------
//   [read key], complete

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "conn/side.hpp"
#include "crypto/algorithms.hpp"
#include "handshake/common/handshake.hpp"
#include "record/protection.hpp"

namespace cpptls::conn::test {

struct FakeOptions {
  crypto::AeadAlgorithm aead = crypto::AeadAlgorithm::aes_128_gcm;
  std::size_t certificate_size = 1000;  // body of the server's Certificate message
  // When set, the step that handles this message type fails with this alert.
  std::optional<wire::HandshakeType> fail_on;
  AlertDescription fail_alert = AlertDescription::handshake_failure;
};

// The keys each side writes with (tls12 layout: 4-byte salt for GCM, 12-byte IV for ChaCha).
[[nodiscard]] record::TrafficKeys fake_keys(Side writer, crypto::AeadAlgorithm aead);

[[nodiscard]] std::unique_ptr<handshake::Handshake> make_fake_handshake(Side side,
                                                                        FakeOptions options = {});

}  // namespace cpptls::conn::test
