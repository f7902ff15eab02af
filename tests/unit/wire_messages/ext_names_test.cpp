// server_name, ALPN and certificate_authorities: the extensions whose bodies are lists of
// opaque names.
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_certificate_authorities.hpp"
#include "wire/messages/ext_server_name.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::hex;
using test::prefixed;

Bytes server_name_body(std::string_view host) {
  return prefixed(2, cat({hex("00"), prefixed(2, as_bytes(host))}));
}

TEST(ServerName, DecodesTheHostNameAsAView) {
  const Bytes data = hex("0009 00 0006 736572766572");  // "server", from the RFC 8448 trace
  const auto sni = ServerNameList::decode(data);
  ASSERT_TRUE(sni.has_value()) << sni.error().to_string();
  EXPECT_EQ(sni->host_name_text(), "server");
  EXPECT_EQ(sni->host_name.data(), data.data() + 5);
}

TEST(ServerName, RoundTrips) {
  const std::string host = "www.Example-1.org";
  test::expect_round_trip(ServerNameList{as_bytes(host)});
}

TEST(ServerName, EveryTruncationAndATrailingByteFail) {
  const Bytes data = server_name_body("example.com");
  test::expect_every_truncation_fails(data, ServerNameList::decode);
  test::expect_trailing_byte_fails(data, ServerNameList::decode);
}

TEST(ServerName, RefusesAnEmptyListAndAnEmptyName) {
  test::expect_decode_error(ServerNameList::decode(hex("0000")), ErrorCode::length_out_of_range);
  test::expect_decode_error(ServerNameList::decode(hex("0003 00 0000")),
                            ErrorCode::length_out_of_range);
}

TEST(ServerName, AcceptsHostNamesOf1And255BytesAndRefuses256) {
  EXPECT_TRUE(ServerNameList::decode(server_name_body("a")).has_value());
  // 255 bytes: labels of 63 separated by dots (4 * 63 + 3 = 255).
  const std::string label(63, 'a');
  const std::string longest = label + "." + label + "." + label + "." + label;
  ASSERT_EQ(longest.size(), 255U);
  EXPECT_TRUE(ServerNameList::decode(server_name_body(longest)).has_value());
  const auto too_long = ServerNameList::decode(server_name_body(longest + "b"));
  test::expect_illegal(too_long);
  test::expect_reason_mentions(too_long, "256");
}

TEST(ServerName, RefusesALabelLongerThan63Bytes) {
  EXPECT_TRUE(ServerNameList::decode(server_name_body(std::string(63, 'x') + ".com")));
  test::expect_illegal(ServerNameList::decode(server_name_body(std::string(64, 'x') + ".com")));
}

TEST(ServerName, RefusesCharactersOutsideLettersDigitsHyphenAndDot) {
  for (const std::string bad :
       {"exa mple.com", "exa_mple.com", "caf\xc3\xa9.fr", "[::1]", "host:443", "a/b.com"}) {
    const auto sni = ServerNameList::decode(server_name_body(bad));
    test::expect_illegal(sni);
  }
  const auto with_nul = ServerNameList::decode(server_name_body(std::string("a\0b.com", 7)));
  test::expect_illegal(with_nul);
  test::expect_reason_mentions(with_nul, "0x00");
}

TEST(ServerName, RefusesATrailingDotAndEmptyLabels) {
  test::expect_illegal(ServerNameList::decode(server_name_body("example.com.")));
  test::expect_illegal(ServerNameList::decode(server_name_body(".example.com")));
  test::expect_illegal(ServerNameList::decode(server_name_body("example..com")));
  test::expect_illegal(ServerNameList::decode(server_name_body(".")));
}

TEST(ServerName, IgnoresIpAddressLiteralsThatClientsSendAgainstTheRfc) {
  for (const std::string literal : {"192.0.2.1", "127.1", "10", "2130706433"}) {
    const auto sni = ServerNameList::decode(server_name_body(literal));
    ASSERT_TRUE(sni.has_value()) << literal;
    EXPECT_TRUE(sni->host_name_text().empty()) << literal;
    EXPECT_TRUE(sni->ignored_ip_literal) << literal;
    // We never send one ourselves.
    const auto ours = check_host_name(as_bytes(literal));
    test::expect_illegal(ours);
    test::expect_reason_mentions(ours, "IP address");
  }
  // A numeric label that is not the last one is a host name.
  const Bytes body = server_name_body("1.2.3.example");  // the decoded name points into it
  const auto name = ServerNameList::decode(body);
  ASSERT_TRUE(name.has_value());
  EXPECT_FALSE(name->ignored_ip_literal);
  EXPECT_EQ(name->host_name_text(), "1.2.3.example");
  EXPECT_TRUE(ServerNameList::decode(server_name_body("123abc")).has_value());
}

TEST(ServerName, RefusesASecondHostName) {
  const Bytes two = prefixed(2, cat({hex("00"), prefixed(2, as_bytes("a.com")), hex("00"),
                                     prefixed(2, as_bytes("b.com"))}));
  const auto sni = ServerNameList::decode(two);
  test::expect_illegal(sni);
  test::expect_reason_mentions(sni, "more than one host_name");
}

TEST(ServerName, RefusesOtherNameTypes) {
  const Bytes other = prefixed(2, cat({hex("01"), prefixed(2, as_bytes("a.com"))}));
  test::expect_illegal(ServerNameList::decode(other));
}

TEST(ServerName, CheckHostNameIsUsableOnItsOwn) {
  EXPECT_TRUE(check_host_name(as_bytes("localhost")).has_value());
  test::expect_illegal(check_host_name(ByteView()));
}

TEST(Alpn, DecodesTheClientListInOrder) {
  const Bytes data = hex("000c 02 6832 08 687474702f312e31");  // h2, http/1.1
  const auto alpn = ProtocolNameList::decode(data);
  ASSERT_TRUE(alpn.has_value());
  ASSERT_EQ(alpn->protocols.size(), 2U);
  EXPECT_EQ(as_chars(alpn->protocols[0]), "h2");
  EXPECT_EQ(as_chars(alpn->protocols[1]), "http/1.1");
  test::expect_every_truncation_fails(data, ProtocolNameList::decode);
  test::expect_trailing_byte_fails(data, ProtocolNameList::decode);
}

TEST(Alpn, RoundTripsBothForms) {
  test::expect_round_trip(ProtocolNameList{{as_bytes("h2"), as_bytes("http/1.1")}});
  test::expect_round_trip(SelectedProtocol{as_bytes("h2")});
}

// RFC 7301 3.1: protocol_name_list<2..2^16-1> of ProtocolName<1..2^8-1>.
TEST(Alpn, EnforcesTheBoundsOfTheListAndOfEachName) {
  test::expect_decode_error(ProtocolNameList::decode(hex("0000")), ErrorCode::length_out_of_range);
  test::expect_decode_error(ProtocolNameList::decode(hex("0001 00")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(ProtocolNameList::decode(hex("0002 01 61")).has_value());
  test::expect_decode_error(ProtocolNameList::decode(hex("0002 00 00")),
                            ErrorCode::length_out_of_range);
  const Bytes longest_name = prefixed(2, prefixed(1, Bytes(255, 'p')));
  EXPECT_TRUE(ProtocolNameList::decode(longest_name).has_value());
  // The largest list: names of 255 bytes and one shorter, 65535 bytes in all.
  Bytes list;
  while (list.size() + 256 <= 0xffff)
    list = cat({list, prefixed(1, Bytes(255, 'p'))});
  const std::size_t rest = 0xffff - list.size();
  list = cat({list, prefixed(1, Bytes(rest - 1, 'q'))});
  ASSERT_EQ(list.size(), 0xffffU);
  const auto largest = ProtocolNameList::decode(prefixed(2, list));
  ASSERT_TRUE(largest.has_value()) << largest.error().to_string();
}

TEST(Alpn, ServerSelectionCarriesExactlyOneName) {
  const Bytes data = hex("0003 02 6832");
  const auto one = SelectedProtocol::decode(data);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(as_chars(one->protocol), "h2");
  const auto two = SelectedProtocol::decode(hex("0006 02 6832 02 6833"));
  test::expect_illegal(two);
  test::expect_reason_mentions(two, "exactly one");
  test::expect_every_truncation_fails(hex("0003 02 6832"), SelectedProtocol::decode);
  test::expect_trailing_byte_fails(hex("0003 02 6832"), SelectedProtocol::decode);
}

TEST(CertificateAuthorities, DecodesAndRoundTripsTheNames) {
  const Bytes data = hex("000a 0003 300100 0003 300102");
  const auto cas = CertificateAuthorities::decode(data);
  ASSERT_TRUE(cas.has_value()) << cas.error().to_string();
  ASSERT_EQ(cas->authorities.size(), 2U);
  EXPECT_EQ(Bytes(cas->authorities[1].begin(), cas->authorities[1].end()), hex("300102"));
  test::expect_round_trip(*cas);
  test::expect_every_truncation_fails(data, CertificateAuthorities::decode);
  test::expect_trailing_byte_fails(data, CertificateAuthorities::decode);
}

// RFC 8446 4.2.4: authorities<3..2^16-1> of DistinguishedName<1..2^16-1>.
TEST(CertificateAuthorities, EnforcesTheBounds) {
  test::expect_decode_error(CertificateAuthorities::decode(hex("0002 0000")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(CertificateAuthorities::decode(hex("0003 0001 30")).has_value());
  test::expect_decode_error(CertificateAuthorities::decode(hex("0003 0000 30")),
                            ErrorCode::length_out_of_range);
  const Bytes largest = prefixed(2, prefixed(2, Bytes(0xfffd, 0x30)));
  EXPECT_TRUE(CertificateAuthorities::decode(largest).has_value());
}

}  // namespace
}  // namespace cpptls::wire
