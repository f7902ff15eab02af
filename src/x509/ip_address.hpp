#pragma once
// IP address text (RFC 791 dotted quad, RFC 4291 2.2 IPv6) to octets and back (RFC 5952), for
// host matching and messages.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace cpptls::x509 {

struct IpAddress {
  std::array<std::uint8_t, 16> octets{};
  std::uint8_t size = 0;  // 4 or 16

  [[nodiscard]] ByteView bytes() const noexcept { return {octets.data(), size}; }
};

// "192.0.2.1" (four decimal parts 0..255, no leading zeros: "010" would be octal to some
// parsers, so it is not an address here) or "2001:db8::1", "::ffff:192.0.2.1" (no zone
// index). Nothing for anything else.
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text) noexcept;

// Dotted quad for 4 octets, RFC 5952 for 16 (lower case, longest run of two or more zero
// groups as "::"), hex otherwise; with "/prefix" for an address-and-mask constraint of 8 or
// 32 octets.
[[nodiscard]] std::string format_ip(ByteView address);

}  // namespace cpptls::x509
