#include "base/checked.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace cpptls {
namespace {

constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();

TEST(Checked, AddDetectsOverflow) {
  EXPECT_EQ(checked_add(2, 3), 5U);
  EXPECT_FALSE(checked_add(kMax, 1).has_value());
}

TEST(Checked, MulDetectsOverflow) {
  EXPECT_EQ(checked_mul(6, 7), 42U);
  EXPECT_FALSE(checked_mul(kMax / 2 + 1, 2).has_value());
}

TEST(Checked, SubRefusesUnderflow) {
  EXPECT_EQ(checked_sub(5, 5), 0U);
  EXPECT_FALSE(checked_sub(4, 5).has_value());
}

}  // namespace
}  // namespace cpptls
