#include "x509/ip_address.hpp"

#include <gtest/gtest.h>

namespace cpptls::x509 {
namespace {

Bytes parsed(std::string_view text) {
  const auto ip = parse_ip(text);
  if (!ip) return {};
  return Bytes(ip->bytes().begin(), ip->bytes().end());
}

TEST(IpAddress, ParsesDottedQuads) {
  EXPECT_EQ(parsed("192.0.2.1"), (Bytes{192, 0, 2, 1}));
  EXPECT_EQ(parsed("0.0.0.0"), (Bytes{0, 0, 0, 0}));
  EXPECT_EQ(parsed("255.255.255.255"), (Bytes{255, 255, 255, 255}));
  for (const char* bad : {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4.", "1..2.3",
                          "0x7f.0.0.1", "1.2.3.-4", "1234.1.1.1", "", "a.b.c.d", "1.2.3.4 "}) {
    EXPECT_TRUE(parsed(bad).empty()) << bad;
  }
}

TEST(IpAddress, ParsesIpv6Forms) {
  const Bytes loopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(parsed("::1"), loopback);
  EXPECT_EQ(parsed("0:0:0:0:0:0:0:1"), loopback);
  EXPECT_EQ(parsed("0000:0000:0000:0000:0000:0000:0000:0001"), loopback);
  EXPECT_EQ(parsed("::"), Bytes(16, 0));
  const Bytes doc = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(parsed("2001:db8::1"), doc);
  EXPECT_EQ(parsed("2001:DB8:0::0:1"), doc);
  EXPECT_EQ(parsed("1::"), (Bytes{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(parsed("::ffff:192.0.2.1"),
            (Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}));
  EXPECT_EQ(parsed("1:2:3:4:5:6:7::"), (Bytes{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0}));
  for (const char* bad :
       {":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1:2:3:4:5:6:7", "::1%eth0",
        "::g", "1.2.3.4::", "1:2:3:4:5:6:7:8::", "::1.2.3", "[::1]"}) {
    EXPECT_TRUE(parsed(bad).empty()) << bad;
  }
}

TEST(IpAddress, FormatsPerRfc5952) {
  EXPECT_EQ(format_ip(Bytes{192, 0, 2, 1}), "192.0.2.1");
  EXPECT_EQ(format_ip(parsed("2001:0DB8:0:0:0:0:0:1")), "2001:db8::1");
  EXPECT_EQ(format_ip(parsed("2001:db8:0:0:1:0:0:1")), "2001:db8::1:0:0:1");     // first longest
  EXPECT_EQ(format_ip(parsed("2001:db8:0:1:1:1:1:1")), "2001:db8:0:1:1:1:1:1");  // one zero
  EXPECT_EQ(format_ip(parsed("::")), "::");
  EXPECT_EQ(format_ip(parsed("::1")), "::1");
  EXPECT_EQ(format_ip(parsed("1::")), "1::");
  EXPECT_EQ(format_ip(Bytes{10, 0, 0, 0, 255, 0, 0, 0}), "10.0.0.0/8");
  EXPECT_EQ(format_ip(Bytes{10, 0, 0, 0, 255, 0, 255, 0}), "10.0.0.0/mask 255.0.255.0");
  EXPECT_EQ(format_ip(Bytes{1, 2, 3}), "(address 010203)");
}

}  // namespace
}  // namespace cpptls::x509
