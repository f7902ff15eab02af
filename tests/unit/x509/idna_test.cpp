// Punycode (RFC 3492) and the ASCII form of host names.

#include "x509/idna.hpp"

#include <gtest/gtest.h>

namespace cpptls::x509 {
namespace {

TEST(Punycode, EncodesTheRfc3492SampleStrings) {
  // RFC 3492 7.1 (A) Arabic (Egyptian) and (B) Chinese (simplified).
  const std::u32string arabic = {0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628,
                                 0x062A, 0x0643, 0x0644, 0x0645, 0x0648, 0x0634,
                                 0x0639, 0x0631, 0x0628, 0x064A, 0x061F};
  EXPECT_EQ(punycode_encode(arabic), "egbpdaj6bu4bxfgehfvwxn");
  const std::u32string chinese = {0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48,
                                  0x4E0D, 0x8BF4, 0x4E2D, 0x6587};
  EXPECT_EQ(punycode_encode(chinese), "ihqwcrb4cv8a8dqg056pqjye");
  // (L) mixed: "3<nen>B<gumi><kinpachi><sensei>".
  const std::u32string mixed = {0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F};
  EXPECT_EQ(punycode_encode(mixed), "3B-ww4c5e180e575a65lsy2b");
}

TEST(Punycode, RefusesCodePointsPastUnicode) {
  EXPECT_EQ(punycode_encode(std::u32string{0x110000}), std::nullopt);
}

TEST(ToAsciiHost, EncodesUnicodeLabelsAndLowersAsciiOnes) {
  EXPECT_EQ(to_ascii_host("b\xc3\xbc"
                          "cher.Example"),
            "xn--bcher-kva.example");
  EXPECT_EQ(to_ascii_host("WWW.EXAMPLE.COM."), "www.example.com.");
  EXPECT_EQ(to_ascii_host("\xe5\x85\xac\xe5\x8f\xb8.cn"), "xn--55qx5d.cn");
}

TEST(ToAsciiHost, RefusesMalformedUtf8AndEmptyLabels) {
  EXPECT_EQ(to_ascii_host("bad\xff.example"), std::nullopt);
  EXPECT_EQ(to_ascii_host("over\xc0\xaflong"), std::nullopt);
  EXPECT_EQ(to_ascii_host("a..b"), std::nullopt);
  EXPECT_EQ(to_ascii_host(""), std::nullopt);
  EXPECT_EQ(to_ascii_host(".leading"), std::nullopt);
}

}  // namespace
}  // namespace cpptls::x509
