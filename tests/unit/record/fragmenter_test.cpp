#include "record/fragmenter.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "record/deframer.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

struct Opened {
  ContentType type;
  Bytes content;
};

// Deframes and opens everything in `stream`.
std::vector<Opened> receive_all(RecordOpener& opener, ByteView stream) {
  Deframer deframer;
  deframer.set_max_fragment(opener.max_fragment());
  std::vector<Opened> out;
  while (!stream.empty()) {
    const std::size_t taken = deframer.feed(stream);
    stream = stream.subspan(taken);
    while (true) {
      auto record = deframer.next();
      EXPECT_TRUE(record.has_value()) << record.error().to_string();
      if (!record || !*record) break;
      auto opened = opener.open((*record)->header, (*record)->fragment);
      EXPECT_TRUE(opened.has_value()) << opened.error().to_string();
      if (!opened) return out;
      out.push_back({opened->type, bytes_of(opened->plaintext)});
    }
  }
  return out;
}

TEST(Fragmenter, Splits40000BytesInto16384And16384And7232) {
  for (auto protection : all_protections()) {
    RecordSealer sealer = make_sealer(protection.version, protection.aead);
    RecordOpener opener = make_opener(protection.version, protection.aead);
    const Bytes data = pattern(40000);
    Bytes out;
    ASSERT_TRUE(seal_records(sealer, ContentType::application_data, data, out).has_value());
    EXPECT_EQ(sealer.sequence(), 3U);
    EXPECT_EQ(out.size(), sealer.max_record_size(16384) * 2 + sealer.max_record_size(7232));
    auto records = receive_all(opener, out);
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[0].content.size(), 16384U);
    EXPECT_EQ(records[1].content.size(), 16384U);
    EXPECT_EQ(records[2].content.size(), 7232U);
    Bytes joined;
    for (const auto& r : records)
      joined.insert(joined.end(), r.content.begin(), r.content.end());
    EXPECT_EQ(joined, data);
  }
}

TEST(Fragmenter, AppendsAfterWhatTheBufferHolds) {
  RecordSealer sealer;
  Bytes out = {0xaa, 0xbb};
  ASSERT_TRUE(seal_records(sealer, ContentType::handshake, Bytes{1, 2, 3}, out).has_value());
  EXPECT_EQ(to_hex(out),
            "aabb"
            "1603030003010203");
}

TEST(Fragmenter, HonoursASmallerMaxFragment) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm);
  RecordOpener opener = make_opener(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm);
  const Bytes data = pattern(1000);
  Bytes out;
  ASSERT_TRUE(seal_records(sealer, ContentType::handshake, data, out, 300).has_value());
  auto records = receive_all(opener, out);
  ASSERT_EQ(records.size(), 4U);
  EXPECT_EQ(records[3].content.size(), 100U);
  for (const auto& r : records)
    EXPECT_EQ(r.type, ContentType::handshake);
}

TEST(Fragmenter, MakesExactlyFullRecordsWhenDataIsAMultiple) {
  RecordSealer sealer;
  Bytes out;
  ASSERT_TRUE(seal_records(sealer, ContentType::application_data, pattern(2 * kMaxPlaintext), out)
                  .has_value());
  EXPECT_EQ(out.size(), 2 * (kHeaderSize + kMaxPlaintext));
}

TEST(Fragmenter, EmptyApplicationDataMakesOneEmptyRecord) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls12, AeadAlgorithm::aes_128_gcm);
  RecordOpener opener = make_opener(SuiteVersion::tls12, AeadAlgorithm::aes_128_gcm);
  Bytes out;
  ASSERT_TRUE(seal_records(sealer, ContentType::application_data, {}, out).has_value());
  EXPECT_EQ(sealer.sequence(), 1U);
  auto records = receive_all(opener, out);
  ASSERT_EQ(records.size(), 1U);
  EXPECT_TRUE(records[0].content.empty());
}

TEST(Fragmenter, EmptyDataOfOtherTypesMakesNoRecord) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm);
  for (auto type : {ContentType::handshake, ContentType::alert, ContentType::change_cipher_spec}) {
    Bytes out;
    ASSERT_TRUE(seal_records(sealer, type, {}, out).has_value());
    EXPECT_TRUE(out.empty());
  }
  EXPECT_EQ(sealer.sequence(), 0U);
}

TEST(Fragmenter, RefusesAMaxFragmentOfZeroOrAbove2To14) {
  RecordSealer sealer;
  Bytes out;
  for (std::size_t max : {std::size_t{0}, kMaxPlaintext + 1}) {
    auto result = seal_records(sealer, ContentType::application_data, pattern(10), out, max);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), ErrorCode::invalid_argument);
  }
  EXPECT_TRUE(out.empty());
}

TEST(Fragmenter, LeavesTheBufferAsItWasOnFailure) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm);
  sealer.set_sequence_for_testing(~std::uint64_t{0} - 1);  // room for one record only
  Bytes out = {0x01};
  auto result = seal_records(sealer, ContentType::application_data, pattern(20000), out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::sequence_exhausted);
  EXPECT_EQ(out, Bytes{0x01});
}

TEST(Fragmenter, ReusesTheBufferWithoutGrowingOnceItIsLargeEnough) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls12, AeadAlgorithm::aes_256_gcm);
  const Bytes data = pattern(40000);
  Bytes out;
  ASSERT_TRUE(seal_records(sealer, ContentType::application_data, data, out).has_value());
  const auto* storage = out.data();
  const std::size_t capacity = out.capacity();
  for (int i = 0; i < 5; ++i) {
    out.clear();
    ASSERT_TRUE(seal_records(sealer, ContentType::application_data, data, out).has_value());
    EXPECT_EQ(out.data(), storage);
    EXPECT_EQ(out.capacity(), capacity);
  }
}

}  // namespace
}  // namespace cpptls::record
