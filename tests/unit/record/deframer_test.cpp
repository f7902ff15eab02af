#include "record/deframer.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "record/limits.hpp"

namespace cpptls::record {
namespace {

Bytes make_record(ContentType type, std::size_t length, std::uint8_t fill) {
  Bytes out = {static_cast<std::uint8_t>(type), 0x03, 0x03, static_cast<std::uint8_t>(length >> 8),
               static_cast<std::uint8_t>(length)};
  for (std::size_t i = 0; i < length; ++i)
    out.push_back(static_cast<std::uint8_t>(fill + i));
  return out;
}

Bytes fragment_of(const Bytes& record) {
  return Bytes(record.begin() + kHeaderSize, record.end());
}

struct Taken {
  RecordHeader header;
  Bytes fragment;
};

// Takes every whole record out, failing the test on an error.
std::vector<Taken> drain(Deframer& deframer) {
  std::vector<Taken> out;
  while (true) {
    auto record = deframer.next();
    EXPECT_TRUE(record.has_value()) << record.error().to_string();
    if (!record || !*record) return out;
    const auto& [header, fragment] = **record;
    out.push_back({header, Bytes(fragment.begin(), fragment.end())});
  }
}

// Feeds all of `data` in chunks of `chunk` bytes, draining records after each feed.
std::vector<Taken> feed_in_chunks(Deframer& deframer, ByteView data, std::size_t chunk) {
  std::vector<Taken> out;
  while (!data.empty()) {
    const std::size_t taken = deframer.feed(data.first(std::min(chunk, data.size())));
    data = data.subspan(taken);
    auto records = drain(deframer);
    out.insert(out.end(), records.begin(), records.end());
    if (taken == 0 && records.empty()) {
      ADD_FAILURE() << "the deframer made no progress";
      break;
    }
  }
  return out;
}

Error error_of(Deframer& deframer) {
  auto record = deframer.next();
  EXPECT_FALSE(record.has_value());
  if (record)
    return Error(ErrorKind::internal, ErrorCode::internal_error, AlertDescription::internal_error,
                 "no error");
  return record.error();
}

TEST(Deframer, YieldsNothingBeforeAnyBytesAndAllocatesNothing) {
  Deframer deframer;
  auto record = deframer.next();
  ASSERT_TRUE(record.has_value());
  EXPECT_FALSE(record->has_value());
  EXPECT_EQ(deframer.feed({}), 0U);
  EXPECT_FALSE(deframer.holds_storage());
}

TEST(Deframer, YieldsOneWholeRecord) {
  Deframer deframer;
  const Bytes record = make_record(ContentType::handshake, 10, 0x20);
  EXPECT_EQ(deframer.feed(record), record.size());
  auto taken = drain(deframer);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_EQ(taken[0].header, (RecordHeader{ContentType::handshake, 0x0303, 10}));
  EXPECT_EQ(taken[0].fragment, fragment_of(record));
  EXPECT_EQ(deframer.buffered(), 0U);
}

TEST(Deframer, YieldsAnEmptyRecord) {
  Deframer deframer;
  const Bytes record = make_record(ContentType::application_data, 0, 0);
  EXPECT_EQ(deframer.feed(record), record.size());
  auto taken = drain(deframer);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_TRUE(taken[0].fragment.empty());
}

TEST(Deframer, ReassemblesARecordSplitAtEveryBytePosition) {
  const Bytes record = make_record(ContentType::application_data, 40, 0x30);
  for (std::size_t split = 0; split <= record.size(); ++split) {
    Deframer deframer;
    EXPECT_EQ(deframer.feed(ByteView(record).first(split)), split);
    auto first = drain(deframer);
    EXPECT_EQ(first.size(), split == record.size() ? 1U : 0U) << "split at " << split;
    EXPECT_EQ(deframer.feed(ByteView(record).subspan(split)), record.size() - split);
    auto second = drain(deframer);
    first.insert(first.end(), second.begin(), second.end());
    ASSERT_EQ(first.size(), 1U) << "split at " << split;
    EXPECT_EQ(first[0].fragment, fragment_of(record));
  }
}

TEST(Deframer, ReassemblesTwoRecordsSplitAtEveryBytePosition) {
  Bytes stream = make_record(ContentType::handshake, 17, 0x01);
  const Bytes second = make_record(ContentType::application_data, 9, 0x80);
  stream.insert(stream.end(), second.begin(), second.end());
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    Deframer deframer;
    auto taken = feed_in_chunks(deframer, ByteView(stream).first(split), split + 1);
    auto rest = feed_in_chunks(deframer, ByteView(stream).subspan(split), stream.size());
    taken.insert(taken.end(), rest.begin(), rest.end());
    ASSERT_EQ(taken.size(), 2U) << "split at " << split;
    EXPECT_EQ(taken[0].header.type, ContentType::handshake);
    EXPECT_EQ(taken[0].fragment.size(), 17U);
    EXPECT_EQ(taken[1].fragment, fragment_of(second));
  }
}

TEST(Deframer, YieldsManyRecordsFromOneChunk) {
  Bytes chunk;
  std::vector<Bytes> records;
  for (std::size_t i = 0; i < 20; ++i) {
    records.push_back(
        make_record(ContentType::application_data, i * 3, static_cast<std::uint8_t>(i)));
    chunk.insert(chunk.end(), records.back().begin(), records.back().end());
  }
  Deframer deframer;
  EXPECT_EQ(deframer.feed(chunk), chunk.size());
  auto taken = drain(deframer);
  ASSERT_EQ(taken.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(taken[i].fragment, fragment_of(records[i])) << i;
  }
}

TEST(Deframer, ReassemblesAStreamOfRecordsInAnyChunkSize) {
  std::vector<Bytes> records;
  Bytes stream;
  for (std::size_t length : {0U, 1U, 100U, 16384U, 5U, 16000U, 16384U, 2U}) {
    records.push_back(
        make_record(ContentType::application_data, length, static_cast<std::uint8_t>(length)));
    stream.insert(stream.end(), records.back().begin(), records.back().end());
  }
  for (std::size_t chunk : {1U, 2U, 3U, 5U, 7U, 100U, 4096U, 16389U, 20000U, 100000U}) {
    Deframer deframer;
    auto taken = feed_in_chunks(deframer, stream, chunk);
    ASSERT_EQ(taken.size(), records.size()) << "chunks of " << chunk;
    for (std::size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(taken[i].fragment, fragment_of(records[i])) << "chunks of " << chunk;
    }
  }
}

TEST(Deframer, TakesOnlyWhatFitsAndTheRestAfterRecordsAreTaken) {
  Bytes stream;
  for (int i = 0; i < 4; ++i) {
    const Bytes record = make_record(ContentType::application_data, kMaxPlaintext, 0);
    stream.insert(stream.end(), record.begin(), record.end());
  }
  Deframer deframer;
  const std::size_t taken = deframer.feed(stream);
  EXPECT_LE(taken, kMaxRecordSize);
  EXPECT_GE(taken, kHeaderSize + kMaxPlaintext);
  // The buffered records come out first; then the rest goes in.
  EXPECT_EQ(feed_in_chunks(deframer, ByteView(stream).subspan(taken), stream.size()).size(), 4U);
}

TEST(Deframer, CompactsToFitAMaximalTls12RecordAfterAnotherRecord) {
  // A 2^14 + 2048 byte record fills the whole buffer, so it only fits once the bytes before it
  // are gone.
  Bytes stream = make_record(ContentType::handshake, 10, 0x11);
  const Bytes big = make_record(ContentType::application_data, kMaxTls12Ciphertext, 0x22);
  stream.insert(stream.end(), big.begin(), big.end());
  for (std::size_t chunk : {7U, 4096U, 100000U}) {
    Deframer deframer;
    deframer.set_max_fragment(kMaxTls12Ciphertext);
    auto taken = feed_in_chunks(deframer, stream, chunk);
    ASSERT_EQ(taken.size(), 2U) << "chunks of " << chunk;
    EXPECT_EQ(taken[1].fragment, fragment_of(big));
  }
}

TEST(Deframer, WaitsWhenAChunkEndsMidHeader) {
  const Bytes record = make_record(ContentType::alert, 2, 0x01);
  Deframer deframer;
  EXPECT_EQ(deframer.feed(ByteView(record).first(3)), 3U);
  auto none = deframer.next();
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(deframer.buffered(), 3U);
  EXPECT_EQ(deframer.feed(ByteView(record).subspan(3)), record.size() - 3);
  auto taken = drain(deframer);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_EQ(taken[0].header.type, ContentType::alert);
}

TEST(Deframer, RefusesAnOversizeLengthFromTheHeaderAlone) {
  const Bytes header = {0x17, 0x03, 0x03, 0x40, 0x01};  // 2^14 + 1, no body yet
  Deframer deframer;
  EXPECT_EQ(deframer.feed(header), header.size());
  const Error error = error_of(deframer);
  EXPECT_EQ(error.code(), ErrorCode::record_overflow);
  EXPECT_EQ(error.alert(), AlertDescription::record_overflow);
  EXPECT_NE(error.reason().find("16385"), std::string::npos) << error.reason();
}

TEST(Deframer, RefusesABadContentTypeBeforeTheBodyArrives) {
  const Bytes header = {0x63, 0x03, 0x03, 0x00, 0x10};
  Deframer deframer;
  EXPECT_EQ(deframer.feed(header), header.size());
  EXPECT_EQ(error_of(deframer).code(), ErrorCode::unexpected_content_type);
}

TEST(Deframer, AppliesTheMaxFragmentOfTheReadState) {
  const Bytes tls13_max = {0x17, 0x03, 0x03, 0x41, 0x00};  // 2^14 + 256
  const Bytes tls13_max_plus_1 = {0x17, 0x03, 0x03, 0x41, 0x01};
  {
    Deframer deframer;
    EXPECT_EQ(deframer.max_fragment(), kMaxPlaintext);  // before keys
    deframer.set_max_fragment(kMaxTls13Ciphertext);
    EXPECT_EQ(deframer.feed(tls13_max), tls13_max.size());
    auto waiting = deframer.next();
    ASSERT_TRUE(waiting.has_value()) << waiting.error().to_string();
    EXPECT_FALSE(waiting->has_value());
  }
  {
    Deframer deframer;
    deframer.set_max_fragment(kMaxTls13Ciphertext);
    EXPECT_EQ(deframer.feed(tls13_max_plus_1), tls13_max_plus_1.size());
    EXPECT_EQ(error_of(deframer).code(), ErrorCode::record_overflow);
  }
}

TEST(Deframer, LowersAMaxFragmentAboveItsBuffer) {
  Deframer deframer;
  deframer.set_max_fragment(100000);
  EXPECT_EQ(deframer.max_fragment(), kMaxTls12Ciphertext);
  const Bytes too_long = {0x17, 0x03, 0x03, 0x48, 0x01};  // 2^14 + 2049
  EXPECT_EQ(deframer.feed(too_long), too_long.size());
  EXPECT_EQ(error_of(deframer).code(), ErrorCode::record_overflow);
}

TEST(Deframer, ChecksTheLimitInForceWhenTheHeaderIsRead) {
  // The connection installs new read keys between records; the next header is judged by the
  // new state's limit, even if its bytes arrived before the change.
  Bytes stream = make_record(ContentType::handshake, 4, 0);
  const Bytes protected_record = make_record(ContentType::application_data, kMaxPlaintext + 17, 0);
  stream.insert(stream.end(), protected_record.begin(), protected_record.end());
  for (bool keys_installed : {false, true}) {
    Deframer deframer;
    EXPECT_EQ(deframer.feed(stream), stream.size());
    auto first = deframer.next();
    ASSERT_TRUE(first.has_value() && first->has_value());
    if (keys_installed) {
      deframer.set_max_fragment(kMaxTls13Ciphertext);
      auto second = drain(deframer);
      ASSERT_EQ(second.size(), 1U);
      EXPECT_EQ(second[0].fragment, fragment_of(protected_record));
    } else {
      EXPECT_EQ(error_of(deframer).code(), ErrorCode::record_overflow);
    }
  }
}

TEST(Deframer, KeepsItsErrorForever) {
  Deframer deframer;
  const Bytes bad = {0x17, 0x04, 0x03, 0x00, 0x01};
  EXPECT_EQ(deframer.feed(bad), bad.size());
  const Error first = error_of(deframer);
  EXPECT_EQ(first.code(), ErrorCode::bad_record_header);
  EXPECT_TRUE(deframer.failed());
  EXPECT_FALSE(deframer.holds_storage());  // nothing more will be read: freed at once

  const Bytes good = make_record(ContentType::handshake, 4, 0);
  EXPECT_EQ(deframer.feed(good), 0U);
  for (int i = 0; i < 3; ++i) {
    const Error again = error_of(deframer);
    EXPECT_EQ(again.code(), first.code());
    EXPECT_EQ(again.alert(), first.alert());
    EXPECT_EQ(again.reason(), first.reason());
  }
}

TEST(Deframer, KeepsAnErrorFoundAfterGoodRecords) {
  Bytes stream = make_record(ContentType::handshake, 4, 0);
  const Bytes bad = {0x17, 0x03, 0x03, 0xff, 0xff};
  stream.insert(stream.end(), bad.begin(), bad.end());
  Deframer deframer;
  EXPECT_EQ(deframer.feed(stream), stream.size());
  auto good = deframer.next();
  ASSERT_TRUE(good.has_value() && good->has_value());
  EXPECT_EQ(error_of(deframer).code(), ErrorCode::record_overflow);
  EXPECT_EQ(error_of(deframer).code(), ErrorCode::record_overflow);
}

TEST(Deframer, ReleasesStorageOnlyWhenEmpty) {
  const Bytes record = make_record(ContentType::application_data, 50, 0x01);
  Deframer deframer;
  EXPECT_EQ(deframer.feed(ByteView(record).first(20)), 20U);
  EXPECT_TRUE(deframer.holds_storage());
  EXPECT_FALSE(deframer.release_storage());  // 20 bytes are waiting
  EXPECT_TRUE(deframer.holds_storage());

  EXPECT_EQ(deframer.feed(ByteView(record).subspan(20)), record.size() - 20);
  ASSERT_EQ(drain(deframer).size(), 1U);
  EXPECT_TRUE(deframer.release_storage());
  EXPECT_FALSE(deframer.holds_storage());

  // And it comes back when bytes arrive again.
  EXPECT_EQ(deframer.feed(record), record.size());
  EXPECT_TRUE(deframer.holds_storage());
  auto again = drain(deframer);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].fragment, fragment_of(record));
}

TEST(Deframer, GivesAMutableViewForInPlaceDecryption) {
  const Bytes record = make_record(ContentType::application_data, 8, 0x01);
  Deframer deframer;
  EXPECT_EQ(deframer.feed(record), record.size());
  auto taken = deframer.next();
  ASSERT_TRUE(taken.has_value() && taken->has_value());
  MutableByteView fragment = (*taken)->fragment;
  ASSERT_EQ(fragment.size(), 8U);
  fragment[0] = 0xee;  // the opener writes plaintext here
  EXPECT_EQ(fragment[0], 0xee);
}

TEST(Deframer, MovesItsBytesAndLeavesTheSourceEmpty) {
  const Bytes record = make_record(ContentType::application_data, 30, 0x01);
  Deframer source;
  source.set_max_fragment(kMaxTls13Ciphertext);
  EXPECT_EQ(source.feed(ByteView(record).first(10)), 10U);
  Deframer moved(std::move(source));
  EXPECT_EQ(moved.buffered(), 10U);
  EXPECT_EQ(moved.max_fragment(), kMaxTls13Ciphertext);
  EXPECT_EQ(source.buffered(), 0U);  // NOLINT(bugprone-use-after-move): pinned behaviour
  EXPECT_FALSE(source.holds_storage());
  EXPECT_EQ(moved.feed(ByteView(record).subspan(10)), record.size() - 10);
  auto taken = drain(moved);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_EQ(taken[0].fragment, fragment_of(record));
}

}  // namespace
}  // namespace cpptls::record
