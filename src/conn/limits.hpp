#pragma once
// Bounds the connection layer puts on what a peer can make it hold or do. Every value here
// is a local policy, not a protocol constant: each says why it is large enough.

#include <cstddef>

#include "record/limits.hpp"
#include "wire/enums.hpp"

namespace cpptls::conn {

// The longest handshake message body we reassemble. RFC 5246 and 8446 allow 2^24-1 bytes;
// no message we accept needs more than this except a ClientHello and a certificate chain.
inline constexpr std::size_t kMaxHandshakeBody = std::size_t{64} * 1024;
// The largest legal ClientHello body (RFC 8446 4.1.2, RFC 5246 7.4.1.2): version 2, random
// 32, session id 1+32, cipher suites 2+65534, compression methods 1+255, extensions 2+65535.
// A client may send that much, so the handshake, not this cap, decides on it.
inline constexpr std::size_t kMaxClientHelloBody =
    2 + 32 + (1 + 32) + (2 + 65534) + (1 + 255) + (2 + 65535);
static_assert(kMaxClientHelloBody == 131396);
// A Certificate message carries a whole chain; x509 bounds one certificate at 256 KiB and
// real chains are a few KiB, so the whole message gets that bound.
inline constexpr std::size_t kMaxCertificateBody = std::size_t{256} * 1024;

[[nodiscard]] constexpr std::size_t max_handshake_body(wire::HandshakeType type) noexcept {
  switch (type) {
    case wire::HandshakeType::client_hello:
      return kMaxClientHelloBody;
    case wire::HandshakeType::certificate:
      return kMaxCertificateBody;
    default:
      return kMaxHandshakeBody;
  }
}

// How many of each thing a peer may repeat without application data in between
// (repeat_counter.hpp: empty records, warning alerts, renegotiation requests, KeyUpdates):
// each costs us work and gives nothing, so an endless run is a denial of service. BoringSSL
// allows 32 of each too (kMaxEmptyRecords, kMaxWarningAlerts, kMaxKeyUpdates); no peer we
// know of sends more than a few.
inline constexpr std::size_t kMaxRepeats = 32;

// The outgoing buffer keeps its capacity between writes up to one full record (so a loop of
// 16 KiB writes allocates once); above that it is freed when emptied, so a connection at
// rest does not keep a large burst's memory.
inline constexpr std::size_t kRetainedOutputCapacity =
    record::kHeaderSize + record::kMaxPlaintext + record::kMaxSealOverhead;

}  // namespace cpptls::conn
