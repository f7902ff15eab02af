#pragma once
// A client and a server engine over the fake handshake, joined in memory, with helpers to move
// bytes between them in chunks of any size and to tamper with them in transit.

#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "conn/engine.hpp"
#include "conn/trace.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "fake_handshake.hpp"
#include "record/sealer.hpp"

namespace cpptls::conn::test {

inline constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();

struct Endpoint {
  std::unique_ptr<Engine> engine;
  std::vector<TraceEvent> events;
  Bytes received;  // plaintext read so far
};

struct EnginePair {
  Endpoint client;
  Endpoint server;
};

[[nodiscard]] std::unique_ptr<EnginePair> make_pair(FakeOptions options = {});

// Takes everything `from` has to send (and tells it it was sent).
[[nodiscard]] Bytes take_output(Endpoint& from);

// Offers `data` to `to` in chunks of at most `chunk` bytes, reading plaintext whenever the
// engine stops taking bytes. Stops at the first error.
[[nodiscard]] Expected<void> deliver(ByteView data, Endpoint& to, std::size_t chunk = kWhole);

// Moves bytes both ways until neither side has anything to send.
[[nodiscard]] Expected<void> pump(EnginePair& pair, std::size_t chunk = kWhole);

// Starts both sides and pumps until both report the handshake complete.
void run_handshake(EnginePair& pair, std::size_t chunk = kWhole);

[[nodiscard]] Bytes pattern(std::size_t size, std::uint8_t seed = 3);

// A record in the clear: header and content.
[[nodiscard]] Bytes plaintext_record(wire::ContentType type, ByteView content);

}  // namespace cpptls::conn::test

namespace cpptls::conn::test {

// A record protected with the fake keys of `writer`, as that side's record number `sequence`
// (after the fake handshake each side has sealed one record, its Finished, with number 0).
[[nodiscard]] Bytes sealed_record(Side writer, std::uint64_t sequence, wire::ContentType type,
                                  ByteView content,
                                  crypto::AeadAlgorithm aead = crypto::AeadAlgorithm::aes_128_gcm);

}  // namespace cpptls::conn::test
