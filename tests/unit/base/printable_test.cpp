#include "base/printable.hpp"

#include <string>

#include <gtest/gtest.h>

namespace cpptls {
namespace {

TEST(Printable, KeepsPrintableAsciiAsIs) {
  EXPECT_EQ(printable("http/1.1 h2 CN=example.com, O=\"x\""),
            "http/1.1 h2 CN=example.com, O=\"x\"");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, EscapesNewLinesAndTerminalControls) {
  EXPECT_EQ(printable("h2\nerror: forged"), "h2\\x0aerror: forged");
  EXPECT_EQ(printable("\x1b[31mred\r"), "\\x1b[31mred\\x0d");
  EXPECT_EQ(printable(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("\x7f"), "\\x7f");
}

TEST(Printable, EscapesNonAsciiBytes) {
  EXPECT_EQ(printable("Z\xc3\xbcrich"), "Z\\xc3\\xbcrich");
  EXPECT_EQ(printable("\xff"), "\\xff");
}

TEST(Printable, EscapesBackslashesSoThatTheResultIsUnambiguous) {
  // A peer's literal "\x0a" must not read as an escaped new line.
  EXPECT_EQ(printable("\\x0a"), "\\x5cx0a");
}

TEST(Printable, KeepsBackslashesOnRequestSoThatEscapingTwiceChangesNothing) {
  const std::string once = printable("a\nb\\c");
  EXPECT_EQ(printable(once, Backslashes::keep), once);
  EXPECT_EQ(printable("a\nb\\c", Backslashes::keep), "a\\x0ab\\c");
}

TEST(Printable, AcceptsBytes) {
  const Bytes bytes = {'h', 0x0a, '2'};
  EXPECT_EQ(printable(ByteView(bytes)), "h\\x0a2");
}

TEST(Printable, TellsWhetherTextNeedsEscaping) {
  EXPECT_TRUE(is_printable("plain text"));
  EXPECT_FALSE(is_printable("two\nlines"));
  EXPECT_FALSE(is_printable("back\\slash"));
  EXPECT_TRUE(is_printable("back\\slash", Backslashes::keep));
}

}  // namespace
}  // namespace cpptls
