#pragma once
// What both hellos share: the 32-byte random, the special values a server writes into it
// (RFC 8446 4.1.3: the HelloRetryRequest marker and the downgrade sentinels), and the bound
// of the legacy session id.

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/error.hpp"
#include "wire/reader.hpp"

namespace cpptls::wire {

using Random = std::array<std::uint8_t, 32>;

// opaque legacy_session_id<0..32> (RFC 8446 4.1.2, RFC 5246 7.4.1.2).
inline constexpr std::size_t kMaxSessionIdSize = 32;

// RFC 8446 4.1.3: a ServerHello whose random is SHA-256("HelloRetryRequest") is a
// HelloRetryRequest.
inline constexpr Random kHelloRetryRequestRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

// RFC 8446 4.1.3: a TLS 1.3 server that negotiates an older version ends its random with
// "DOWNGRD" and 01 (TLS 1.2) or 00 (TLS 1.1 or below); a TLS 1.3 client that sees either
// MUST abort with illegal_parameter.
enum class DowngradeSentinel : std::uint8_t { none, tls12, tls11_or_below };

[[nodiscard]] DowngradeSentinel downgrade_sentinel(const Random& random) noexcept;
// Overwrites the last 8 bytes (no-op for DowngradeSentinel::none).
void set_downgrade_sentinel(Random& random, DowngradeSentinel sentinel) noexcept;

[[nodiscard]] Expected<Random> read_random(Reader& reader, std::string_view what);

}  // namespace cpptls::wire
