#pragma once
// OBJECT IDENTIFIERs (X.690 8.19) kept as their DER contents octets: comparing two OIDs is
// comparing bytes, and constants are byte arrays (see x509/oids.hpp). The dotted form is made
// only for messages.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/tlv.hpp"

namespace cpptls::x509::der {

// Longer than any OID in use (2.25.<UUID> needs 20 octets); bounds the dotted-form work.
constexpr std::size_t kMaxOidSize = 128;

class Oid {
 public:
  constexpr Oid() = default;
  // Wraps contents octets known to be valid (constants, or the result of decode_oid).
  constexpr explicit Oid(ByteView contents) noexcept : bytes_(contents) {}
  template <std::size_t N>
  constexpr explicit Oid(const std::uint8_t (&contents)[N]) noexcept : bytes_(contents, N) {}

  [[nodiscard]] constexpr ByteView bytes() const noexcept { return bytes_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bytes_.empty(); }
  // "1.2.840.113549.1.1.11"; arcs of any size are printed exactly.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Oid& a, const Oid& b) noexcept {
    return a.bytes_.size() == b.bytes_.size() &&
           std::equal(a.bytes_.begin(), a.bytes_.end(), b.bytes_.begin());
  }

 private:
  ByteView bytes_;
};

// X.690 8.19: at least one subidentifier, each in minimal base-128 (no leading 0x80 octet),
// the last octet ends a subidentifier.
[[nodiscard]] Expected<Oid> decode_oid(const Tlv& element, std::string_view what);

}  // namespace cpptls::x509::der
