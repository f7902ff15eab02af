#include "x509/der/oid.hpp"

#include <algorithm>
#include <vector>

#include "x509/der/failure.hpp"

namespace cpptls::x509::der {
namespace {

// Appends the decimal form of a base-128 subidentifier of any length (UUID arcs have 128
// bits), minus `subtract` (for the first arc pair).
void append_arc(ByteView septets, std::uint8_t subtract, std::string& out) {
  // Little-endian base-10^9 limbs: multiply by 128 and add each septet.
  std::vector<std::uint32_t> limbs{0};
  for (const std::uint8_t octet : septets) {
    std::uint64_t carry = octet & 0x7fu;
    for (auto& limb : limbs) {
      const std::uint64_t v = static_cast<std::uint64_t>(limb) * 128 + carry;
      limb = static_cast<std::uint32_t>(v % 1000000000u);
      carry = v / 1000000000u;
    }
    if (carry != 0) limbs.push_back(static_cast<std::uint32_t>(carry));
  }
  // The subtraction never borrows past the lowest limb in practice; do it properly anyway.
  std::uint64_t borrow = subtract;
  for (auto& limb : limbs) {
    if (borrow == 0) break;
    if (limb >= borrow) {
      limb -= static_cast<std::uint32_t>(borrow);
      borrow = 0;
    } else {
      limb = static_cast<std::uint32_t>(limb + 1000000000u - borrow);
      borrow = 1;
    }
  }
  while (limbs.size() > 1 && limbs.back() == 0)
    limbs.pop_back();
  out += std::to_string(limbs.back());
  for (std::size_t i = limbs.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(limbs[i]);
    out.append(9 - part.size(), '0');
    out += part;
  }
}

}  // namespace

std::string Oid::to_string() const {
  std::string out;
  std::size_t start = 0;
  bool first = true;
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if ((bytes_[i] & 0x80) != 0) continue;
    const ByteView arc = bytes_.subspan(start, i + 1 - start);
    if (first) {
      // X.690 8.19.4: the first subidentifier is 40 * X + Y, with X in 0..2.
      std::uint8_t x = 2;
      if (arc.size() == 1 && arc[0] < 80) x = static_cast<std::uint8_t>(arc[0] / 40);
      out += static_cast<char>('0' + x);
      out += '.';
      append_arc(arc, static_cast<std::uint8_t>(40 * x), out);
      first = false;
    } else {
      out += '.';
      append_arc(arc, 0, out);
    }
    start = i + 1;
  }
  if (start != bytes_.size() || first) out += (first ? "(invalid)" : ".(invalid)");
  return out;
}

Expected<Oid> decode_oid(const Tlv& element, std::string_view what) {
  const ByteView v = element.value;
  if (v.empty()) {
    return malformed(ErrorCode::invalid_value, what, "OBJECT IDENTIFIER has no content octets",
                     element.offset);
  }
  if (v.size() > kMaxOidSize) {
    return malformed(ErrorCode::length_out_of_range, what,
                     "OBJECT IDENTIFIER of " + std::to_string(v.size()) +
                         " octets is longer than the " + std::to_string(kMaxOidSize) + " allowed",
                     element.offset);
  }
  bool at_start = true;
  for (const std::uint8_t octet : v) {
    if (at_start && octet == 0x80) {
      return malformed(ErrorCode::invalid_value, what,
                       "OBJECT IDENTIFIER subidentifier is not minimally encoded", element.offset);
    }
    at_start = (octet & 0x80) == 0;
  }
  if (!at_start) {
    return malformed(ErrorCode::invalid_value, what,
                     "OBJECT IDENTIFIER ends in the middle of a subidentifier", element.offset);
  }
  return Oid(v);
}

}  // namespace cpptls::x509::der
