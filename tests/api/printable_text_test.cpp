// cpptls::printable_text: the peer's text made safe for a log line or a terminal.

#include "cpptls/printable_text.hpp"

#include <gtest/gtest.h>

namespace cpptls {
namespace {

TEST(ApiPrintableText, ControlAndNonAsciiBytesBecomeEscapes) {
  EXPECT_EQ(printable_text("h2"), "h2");
  EXPECT_EQ(printable_text("a\nb\x1b[31m"), "a\\x0ab\\x1b[31m");
  EXPECT_EQ(printable_text("caf\xc3\xa9"), "caf\\xc3\\xa9");
}

TEST(ApiPrintableText, BackslashesAreEscapedUnlessKept) {
  EXPECT_EQ(printable_text("a\\b"), "a\\x5cb");
  EXPECT_EQ(printable_text("CN=a\\,b", true), "CN=a\\,b");
  EXPECT_EQ(printable_text("CN=a\\,b\n", true), "CN=a\\,b\\x0a");
}

}  // namespace
}  // namespace cpptls
