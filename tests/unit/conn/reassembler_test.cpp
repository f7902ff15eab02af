#include <algorithm>

#include <gtest/gtest.h>

#include "conn/handshake_reassembler.hpp"
#include "engine_pair.hpp"

namespace cpptls::conn::test {
namespace {

Bytes message(std::uint8_t type, std::size_t body) {
  Bytes out = {type, static_cast<std::uint8_t>(body >> 16), static_cast<std::uint8_t>(body >> 8),
               static_cast<std::uint8_t>(body)};
  const Bytes content = pattern(body, type);
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

std::vector<Bytes> feed(HandshakeReassembler& reassembler, ByteView record) {
  std::vector<Bytes> out;
  reassembler.start_record(record);
  while (true) {
    auto next = reassembler.next();
    EXPECT_TRUE(next.has_value());
    if (!next || !*next) break;
    out.emplace_back((*next)->begin(), (*next)->end());
  }
  return out;
}

TEST(HandshakeReassembler, SplitsSeveralMessagesInOneRecord) {
  Bytes record = message(2, 10);
  const Bytes second = message(11, 0);
  const Bytes third = message(14, 300);
  record.insert(record.end(), second.begin(), second.end());
  record.insert(record.end(), third.begin(), third.end());
  HandshakeReassembler reassembler;
  const auto messages = feed(reassembler, record);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0], message(2, 10));
  EXPECT_EQ(messages[1], second);
  EXPECT_EQ(messages[2], third);
  EXPECT_FALSE(reassembler.mid_message());
  EXPECT_EQ(reassembler.buffer_capacity(), 0u);  // nothing copied
}

TEST(HandshakeReassembler, JoinsAMessageSplitAtEveryByte) {
  Bytes stream = message(1, 50);
  const Bytes second = message(16, 20);
  stream.insert(stream.end(), second.begin(), second.end());
  for (std::size_t a = 0; a <= stream.size(); ++a) {
    for (std::size_t b = a; b <= stream.size(); b += 7) {
      HandshakeReassembler reassembler;
      std::vector<Bytes> all;
      for (const auto& [from, to] :
           {std::pair{std::size_t{0}, a}, std::pair{a, b}, std::pair{b, stream.size()}}) {
        auto got = feed(reassembler, ByteView(stream).subspan(from, to - from));
        all.insert(all.end(), got.begin(), got.end());
      }
      ASSERT_EQ(all.size(), 2u) << a << " " << b;
      EXPECT_EQ(all[0], message(1, 50));
      EXPECT_EQ(all[1], second);
      EXPECT_FALSE(reassembler.mid_message());
    }
  }
}

TEST(HandshakeReassembler, ReportsMidMessageUntilComplete) {
  const Bytes whole = message(11, 100);
  HandshakeReassembler reassembler;
  EXPECT_TRUE(feed(reassembler, ByteView(whole).first(2)).empty());
  EXPECT_TRUE(reassembler.mid_message());
  EXPECT_TRUE(feed(reassembler, ByteView(whole).subspan(2, 50)).empty());
  EXPECT_TRUE(reassembler.mid_message());
  EXPECT_EQ(feed(reassembler, ByteView(whole).subspan(52)).size(), 1u);
  EXPECT_FALSE(reassembler.mid_message());
  reassembler.release();
  EXPECT_EQ(reassembler.buffer_capacity(), 0u);
}

TEST(HandshakeReassembler, RefusesOversizedMessageWhenItsHeaderIsComplete) {
  const std::uint8_t header[] = {2, 0x01, 0x00, 0x01};  // server_hello of 65537 bytes
  HandshakeReassembler reassembler;
  reassembler.start_record(ByteView(header).first(3));
  auto first = reassembler.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->has_value());
  reassembler.start_record(ByteView(header).subspan(3));
  auto second = reassembler.next();
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().alert(), AlertDescription::decode_error);
}

TEST(HandshakeReassembler, JoinsAClientHelloOfTheLargestLegalSize) {
  // RFC 8446 4.1.2: every vector of a ClientHello at its longest is 131396 bytes of body.
  const Bytes hello = message(1, 131396);
  HandshakeReassembler reassembler;
  std::vector<Bytes> got;
  for (std::size_t at = 0; at < hello.size(); at += 16384) {
    const std::vector<Bytes> more = feed(
        reassembler, ByteView(hello).subspan(at, std::min<std::size_t>(16384, hello.size() - at)));
    got.insert(got.end(), more.begin(), more.end());
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], hello);
}

TEST(HandshakeReassembler, RefusesAClientHelloOneByteLongerWithDecodeError) {
  const std::uint8_t header[] = {1, 0x02, 0x01, 0x45};  // 131397
  HandshakeReassembler reassembler;
  reassembler.start_record(header);
  auto next = reassembler.next();
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().alert(), AlertDescription::decode_error);
  EXPECT_NE(next.error().reason().find("131397"), std::string::npos);
}

TEST(HandshakeReassembler, AllowsCertificateUpTo256KiB) {
  const std::uint8_t limit[] = {11, 0x04, 0x00, 0x00};  // 262144
  HandshakeReassembler reassembler;
  reassembler.start_record(limit);
  auto at_limit = reassembler.next();
  ASSERT_TRUE(at_limit.has_value());
  const std::uint8_t over[] = {11, 0x04, 0x00, 0x01};
  HandshakeReassembler other;
  other.start_record(over);
  EXPECT_FALSE(other.next().has_value());
}

}  // namespace
}  // namespace cpptls::conn::test
