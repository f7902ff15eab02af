#pragma once
// Arithmetic on lengths that came from the wire: overflow is a value, not undefined
// behaviour or a silent wrap.

#include <cstddef>
#include <optional>

namespace cpptls {

[[nodiscard]] constexpr std::optional<std::size_t> checked_add(std::size_t a,
                                                               std::size_t b) noexcept {
  std::size_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

[[nodiscard]] constexpr std::optional<std::size_t> checked_mul(std::size_t a,
                                                               std::size_t b) noexcept {
  std::size_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

// a - b, or nothing when b > a.
[[nodiscard]] constexpr std::optional<std::size_t> checked_sub(std::size_t a,
                                                               std::size_t b) noexcept {
  if (b > a) return std::nullopt;
  return a - b;
}

}  // namespace cpptls
