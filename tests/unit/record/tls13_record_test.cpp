// What only TLS 1.3 records have (RFC 8446 5.2-5.4): the inner content type, zero padding, the
// 2^14 + 1 inner plaintext limit, and change_cipher_spec left in the clear.

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

class Tls13Record : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  RecordSealer sealer() const { return make_sealer(SuiteVersion::tls13, GetParam()); }
  RecordOpener opener() const { return make_opener(SuiteVersion::tls13, GetParam()); }
  TrafficKeys keys() const { return make_keys(SuiteVersion::tls13, GetParam()); }

  Expected<OpenedRecord> open_inner(Bytes inner, Bytes& storage) const {
    storage = raw_tls13_record(keys(), 0, inner);
    RecordOpener o = opener();
    return open_whole(o, storage);
  }
};

void expect_unexpected_message(const Expected<OpenedRecord>& result, ErrorCode code) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::unexpected_message);
  EXPECT_EQ(result.error().kind(), ErrorKind::peer_misbehaved);
}

TEST_P(Tls13Record, RemovesPaddingOfAnyLength) {
  // 63 and 64 sit either side of the size the sealer builds on the stack.
  for (std::size_t padding : {0U, 1U, 10U, 63U, 64U, 1000U, 16384U - 100U}) {
    RecordSealer s = sealer();
    RecordOpener o = opener();
    const Bytes data = pattern(100);
    Bytes record = seal_one(s, ContentType::handshake, data, padding);
    EXPECT_EQ(record.size(), kHeaderSize + data.size() + 1 + padding + 16) << padding;
    auto opened = open_whole(o, record);
    ASSERT_TRUE(opened.has_value()) << padding << ": " << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::handshake);
    EXPECT_EQ(bytes_of(opened->plaintext), data);
  }
}

TEST_P(Tls13Record, PadsEmptyApplicationData) {
  RecordSealer s = sealer();
  RecordOpener o = opener();
  Bytes record = seal_one(s, ContentType::application_data, {}, 200);
  auto opened = open_whole(o, record);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::application_data);
  EXPECT_TRUE(opened->plaintext.empty());
}

TEST_P(Tls13Record, RefusesPaddingBeyondTheInnerPlaintextLimit) {
  RecordSealer s = sealer();
  const Bytes data = pattern(100);
  Bytes out(kMaxRecordSize);
  // 100 + 1 + padding may reach 2^14 + 1 and not more (RFC 8446 5.4).
  EXPECT_TRUE(s.seal(ContentType::application_data, data, out, kMaxPlaintext - 100).has_value());
  auto over = s.seal(ContentType::application_data, data, out, kMaxPlaintext - 100 + 1);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(s.sequence(), 1U);
}

TEST_P(Tls13Record, CountsPaddingInTheInnerPlaintextLimit) {
  Bytes storage;
  Bytes at_limit = pattern(kMaxPlaintext - 10);
  at_limit.push_back(0x17);
  at_limit.resize(kMaxTls13InnerPlaintext, 0x00);  // 9 bytes of padding: exactly 2^14 + 1
  auto accepted = open_inner(at_limit, storage);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
  EXPECT_EQ(accepted->plaintext.size(), kMaxPlaintext - 10);

  Bytes over_limit = at_limit;
  over_limit.push_back(0x00);  // one byte of padding more
  auto refused = open_inner(over_limit, storage);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::record_overflow);
  EXPECT_EQ(refused.error().alert(), AlertDescription::record_overflow);
}

TEST_P(Tls13Record, RefusesAnAllZeroInnerPlaintextWithUnexpectedMessage) {
  Bytes storage;
  expect_unexpected_message(open_inner(Bytes(5, 0x00), storage),
                            ErrorCode::unexpected_content_type);
  expect_unexpected_message(open_inner(Bytes(1, 0x00), storage),
                            ErrorCode::unexpected_content_type);
  expect_unexpected_message(open_inner(Bytes{}, storage), ErrorCode::unexpected_content_type);
}

TEST_P(Tls13Record, FindsTheTypeAsTheLastNonZeroByte) {
  Bytes storage;
  // Content that ends in zero bytes keeps them; only the bytes after the type are padding.
  const Bytes inner = {0x01, 0x00, 0x00, 0x16, 0x00, 0x00};
  auto opened = open_inner(inner, storage);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::handshake);
  EXPECT_EQ(bytes_of(opened->plaintext), (Bytes{0x01, 0x00, 0x00}));
}

TEST_P(Tls13Record, RefusesAProtectedChangeCipherSpec) {
  Bytes storage;
  expect_unexpected_message(open_inner(Bytes{0x01, 0x14}, storage),
                            ErrorCode::unexpected_content_type);
}

TEST_P(Tls13Record, RefusesAnUnknownInnerType) {
  Bytes storage;
  for (std::uint8_t type : {0x18, 0x42, 0xff}) {
    expect_unexpected_message(open_inner(Bytes{0x01, type, 0x00}, storage),
                              ErrorCode::unexpected_content_type);
  }
}

TEST_P(Tls13Record, RefusesAnEmptyPaddedHandshakeOrAlert) {
  Bytes storage;
  expect_unexpected_message(open_inner(Bytes{0x16, 0x00, 0x00}, storage), ErrorCode::empty_record);
  expect_unexpected_message(open_inner(Bytes{0x15}, storage), ErrorCode::empty_record);
}

TEST_P(Tls13Record, ReturnsAChangeCipherSpecRecordUntouched) {
  RecordOpener o = opener();
  Bytes ccs = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
  auto opened = open_whole(o, ccs);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::change_cipher_spec);
  EXPECT_EQ(bytes_of(opened->plaintext), Bytes{0x01});
  EXPECT_EQ(o.sequence(), 0U);  // not protected, so it uses no sequence number

  Bytes empty_ccs = {0x14, 0x03, 0x03, 0x00, 0x00};
  auto refused = open_whole(o, empty_ccs);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::empty_record);
}

TEST_P(Tls13Record, RefusesAHandshakeOrAlertInTheClearOnceKeysAreInUse) {
  for (std::uint8_t type : {0x15, 0x16}) {
    RecordOpener o = opener();
    Bytes record = {type, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00};
    expect_unexpected_message(open_whole(o, record), ErrorCode::unexpected_content_type);
  }
}

TEST_P(Tls13Record, SealsChangeCipherSpecInTheClearWithoutASequenceNumber) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::change_cipher_spec, Bytes{0x01});
  EXPECT_EQ(to_hex(record), "140303000101");
  EXPECT_EQ(s.sequence(), 0U);
}

std::string aead_name(const ::testing::TestParamInfo<AeadAlgorithm>& param) {
  switch (param.param) {
    case AeadAlgorithm::aes_128_gcm:
      return "Aes128Gcm";
    case AeadAlgorithm::aes_256_gcm:
      return "Aes256Gcm";
    case AeadAlgorithm::chacha20_poly1305:
      return "ChaCha20Poly1305";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(AllAeads, Tls13Record,
                         ::testing::Values(AeadAlgorithm::aes_128_gcm, AeadAlgorithm::aes_256_gcm,
                                           AeadAlgorithm::chacha20_poly1305),
                         aead_name);

}  // namespace
}  // namespace cpptls::record
