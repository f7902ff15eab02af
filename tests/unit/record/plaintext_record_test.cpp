// Records before any key is installed (RFC 8446 5.1, RFC 5246 6.2.1).

#include <gtest/gtest.h>

#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

TEST(PlaintextRecord, SealsHeaderAndCopyOfTheFragment) {
  RecordSealer sealer;
  EXPECT_FALSE(sealer.is_protected());
  EXPECT_FALSE(sealer.key_update_due());
  const Bytes record = seal_one(sealer, ContentType::handshake, Bytes{0x01, 0x02, 0x03});
  EXPECT_EQ(to_hex(record), "1603030003010203");
  EXPECT_EQ(sealer.max_record_size(3), record.size());
}

TEST(PlaintextRecord, UsesTheRecordVersionItWasGiven) {
  // RFC 8446 5.1: a first ClientHello may carry 0x0301 for compatibility.
  RecordSealer sealer(0x0301);
  const Bytes record = seal_one(sealer, ContentType::handshake, Bytes{0xaa});
  EXPECT_EQ(to_hex(record),
            "16030100"
            "01aa");
}

TEST(PlaintextRecord, OpensAsIs) {
  RecordOpener opener;
  EXPECT_FALSE(opener.is_protected());
  EXPECT_EQ(opener.max_fragment(), kMaxPlaintext);
  Bytes record = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
  auto opened = open_whole(opener, record);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::alert);
  EXPECT_EQ(bytes_of(opened->plaintext), (Bytes{0x02, 0x28}));
  EXPECT_EQ(opened->plaintext.data(), record.data() + kHeaderSize);  // a view, not a copy
}

TEST(PlaintextRecord, RoundTripsAFullFragment) {
  RecordSealer sealer;
  RecordOpener opener;
  const Bytes data = pattern(kMaxPlaintext);
  Bytes record = seal_one(sealer, ContentType::handshake, data);
  auto opened = open_whole(opener, record);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(bytes_of(opened->plaintext), data);
}

TEST(PlaintextRecord, RefusesAFragmentAbove2To14WithRecordOverflow) {
  RecordOpener opener;
  Bytes body(kMaxPlaintext + 1, 0x00);
  auto opened = opener.open(
      RecordHeader{ContentType::handshake, 0x0303, static_cast<std::uint16_t>(body.size())}, body);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code(), ErrorCode::record_overflow);
  EXPECT_EQ(opened.error().alert(), AlertDescription::record_overflow);
}

TEST(PlaintextRecord, RefusesEmptyHandshakeAlertAndChangeCipherSpec) {
  for (auto type : {ContentType::handshake, ContentType::alert, ContentType::change_cipher_spec}) {
    RecordOpener opener;
    Bytes record = {static_cast<std::uint8_t>(type), 0x03, 0x03, 0x00, 0x00};
    auto opened = open_whole(opener, record);
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().code(), ErrorCode::empty_record);
    EXPECT_EQ(opened.error().alert(), AlertDescription::unexpected_message);

    RecordSealer sealer;
    Bytes out(10);
    EXPECT_FALSE(sealer.seal(type, {}, out).has_value());
  }
}

TEST(PlaintextRecord, AllowsEmptyApplicationData) {
  RecordOpener opener;
  Bytes record = {0x17, 0x03, 0x03, 0x00, 0x00};
  auto opened = open_whole(opener, record);
  ASSERT_TRUE(opened.has_value());
  EXPECT_TRUE(opened->plaintext.empty());
}

TEST(PlaintextRecord, IgnoresTls13Padding) {
  RecordSealer sealer;
  const Bytes record = seal_one(sealer, ContentType::handshake, Bytes{0x01}, 20);
  EXPECT_EQ(record.size(), kHeaderSize + 1);
}

}  // namespace
}  // namespace cpptls::record
