#pragma once
// Comparisons whose running time depends only on the lengths, never on the contents: for
// MACs, Finished verify_data, binders and padding checks.

#include <cstdint>

#include "base/bytes.hpp"

namespace cpptls {

// True when both views hold the same bytes. Lengths are treated as public: views of
// different length compare unequal at once.
[[nodiscard]] bool constant_time_equal(ByteView a, ByteView b) noexcept;

// Returns `if_true` when `condition` is 1 and `if_false` when it is 0, without a branch.
[[nodiscard]] constexpr std::uint8_t constant_time_select(std::uint8_t condition,
                                                          std::uint8_t if_true,
                                                          std::uint8_t if_false) noexcept {
  const auto mask = static_cast<std::uint8_t>(0U - condition);
  return static_cast<std::uint8_t>((if_true & mask) | (if_false & ~mask));
}

}  // namespace cpptls
