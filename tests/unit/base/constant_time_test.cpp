#include "base/constant_time.hpp"

#include <gtest/gtest.h>

namespace cpptls {
namespace {

TEST(ConstantTime, EqualViewsCompareEqual) {
  const Bytes a = {1, 2, 3, 4};
  const Bytes b = {1, 2, 3, 4};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_TRUE(constant_time_equal(ByteView{}, ByteView{}));
}

TEST(ConstantTime, AnyDifferingByteCompareUnequal) {
  const Bytes a = {1, 2, 3, 4};
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = a;
      b[i] ^= static_cast<std::uint8_t>(1U << bit);
      EXPECT_FALSE(constant_time_equal(a, b)) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(ConstantTime, DifferentLengthsCompareUnequal) {
  const Bytes a = {1, 2, 3};
  const Bytes b = {1, 2};
  EXPECT_FALSE(constant_time_equal(a, b));
}

TEST(ConstantTime, SelectPicksByCondition) {
  EXPECT_EQ(constant_time_select(1, 0xaa, 0x55), 0xaa);
  EXPECT_EQ(constant_time_select(0, 0xaa, 0x55), 0x55);
}

}  // namespace
}  // namespace cpptls
