// Round trips and refusals common to every protected state: TLS 1.2 and TLS 1.3 with each
// AEAD, through the real (OpenSSL) provider.

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "record/deframer.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

class SealOpen : public ::testing::TestWithParam<Protection> {
 protected:
  SuiteVersion version() const { return GetParam().version; }
  AeadAlgorithm aead() const { return GetParam().aead; }
  bool tls13() const { return version() == SuiteVersion::tls13; }
  RecordSealer sealer(std::uint8_t seed = 0x40) const {
    return make_sealer(version(), aead(), seed);
  }
  RecordOpener opener(std::uint8_t seed = 0x40) const {
    return make_opener(version(), aead(), seed);
  }
  TrafficKeys keys() const { return make_keys(version(), aead()); }

  // A record built without the sealer, for plaintexts the sealer refuses to make.
  Bytes raw_record(std::uint64_t sequence, ContentType type, ByteView content) const {
    if (!tls13()) return raw_tls12_record(keys(), sequence, type, content);
    Bytes inner(content.begin(), content.end());
    inner.push_back(static_cast<std::uint8_t>(type));
    return raw_tls13_record(keys(), sequence, inner);
  }

  // Runs `bytes` through the real receive path (deframer, then opener) with a fresh opener and
  // tells whether a record came out of it.
  Expected<OpenedRecord> receive(Bytes& bytes) const {
    RecordOpener fresh = opener();
    Deframer deframer;
    deframer.set_max_fragment(fresh.max_fragment());
    EXPECT_EQ(deframer.feed(bytes), bytes.size());
    auto record = deframer.next();
    if (!record) return Unexpected<Error>(record.error());
    if (!*record) {
      return fail(ErrorKind::decode, ErrorCode::truncated, AlertDescription::decode_error,
                  "incomplete record");
    }
    return fresh.open((*record)->header, (*record)->fragment);
  }
};

void expect_error(const Expected<OpenedRecord>& result, ErrorCode code, AlertDescription alert) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), alert) << result.error().to_string();
}

void expect_bad_record_mac(const Expected<OpenedRecord>& result) {
  expect_error(result, ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST_P(SealOpen, RoundTripsEveryContentTypeAndSize) {
  RecordSealer s = sealer();
  RecordOpener o = opener();
  EXPECT_TRUE(s.is_protected());
  EXPECT_TRUE(o.is_protected());
  std::uint64_t count = 0;
  for (auto type : {ContentType::handshake, ContentType::alert, ContentType::application_data}) {
    for (std::size_t size : {1U, 2U, 100U, 1000U, 16383U, 16384U}) {
      const Bytes data = pattern(size, static_cast<std::uint8_t>(count));
      const std::size_t expected_size = s.max_record_size(size);
      Bytes record = seal_one(s, type, data);
      EXPECT_EQ(record.size(), expected_size);
      auto opened = open_whole(o, record);
      ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
      EXPECT_EQ(opened->type, type);
      EXPECT_EQ(bytes_of(opened->plaintext), data);
      ++count;
      EXPECT_EQ(s.sequence(), count);
      EXPECT_EQ(o.sequence(), count);
    }
  }
}

TEST_P(SealOpen, RoundTripsEmptyApplicationData) {
  RecordSealer s = sealer();
  RecordOpener o = opener();
  Bytes record = seal_one(s, ContentType::application_data, {});
  auto opened = open_whole(o, record);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::application_data);
  EXPECT_TRUE(opened->plaintext.empty());
}

TEST_P(SealOpen, WritesTheOuterHeaderOfTheVersion) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::handshake, pattern(10));
  // TLS 1.3 hides the type behind application_data (RFC 8446 5.2); TLS 1.2 shows it.
  EXPECT_EQ(record[0], tls13() ? 0x17 : 0x16);
  EXPECT_EQ(record[1], 0x03);
  EXPECT_EQ(record[2], 0x03);
  EXPECT_EQ((std::size_t{record[3]} << 8) | record[4], record.size() - kHeaderSize);
}

TEST_P(SealOpen, EveryBitFlipAnywhereIsRefused) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::application_data, pattern(24));
  for (std::size_t i = 0; i < record.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes tampered = record;
      tampered[i] ^= static_cast<std::uint8_t>(1U << bit);
      EXPECT_FALSE(receive(tampered).has_value()) << "byte " << i << " bit " << bit;
    }
  }
}

TEST_P(SealOpen, TamperingAnyBodyByteFailsWithBadRecordMac) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::handshake, pattern(40));
  for (std::size_t i = kHeaderSize; i < record.size(); ++i) {
    Bytes tampered = record;
    tampered[i] ^= 0x01;
    RecordOpener o = opener();
    expect_bad_record_mac(open_whole(o, tampered));
    EXPECT_EQ(o.sequence(), 0U) << "a failed record does not use a sequence number";
  }
}

TEST_P(SealOpen, TamperingTheRecordVersionIsRefusedWithProtocolVersion) {
  // Once keys are in use the version is known: 0x0303 (RFC 8446 5.2, RFC 5246 6.2.1). Any other
  // is refused before the AEAD, which would refuse it too (it is additional data).
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::application_data, pattern(40));
  for (std::uint8_t minor : {0x00, 0x01, 0x02, 0x04, 0xff}) {
    Bytes tampered = record;
    tampered[2] = minor;
    RecordOpener o = opener();
    expect_error(open_whole(o, tampered), ErrorCode::bad_record_header,
                 AlertDescription::protocol_version);
    EXPECT_EQ(o.sequence(), 0U) << "a refused record does not use a sequence number";
  }
}

TEST_P(SealOpen, RefusesAnAuthenticRecordWithAnotherVersionWithProtocolVersion) {
  // A peer that writes 0x03ff into the header and the additional data alike: the record
  // authenticates, but RFC 8446 5.2 ("always 0x0303") and RFC 5246 6.2.1 (the negotiated
  // version) refuse it.
  const Bytes content = pattern(40);
  Bytes record;
  if (tls13()) {
    Bytes inner = content;
    inner.push_back(static_cast<std::uint8_t>(ContentType::application_data));
    record = raw_tls13_record(keys(), 0, inner, 0x03ff);
  } else {
    record = raw_tls12_record(keys(), 0, ContentType::application_data, content, 0x03ff);
  }
  RecordOpener o = opener();
  expect_error(open_whole(o, record), ErrorCode::bad_record_header,
               AlertDescription::protocol_version);
}

TEST_P(SealOpen, TamperingTheContentTypeIsRefused) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::application_data, pattern(40));
  for (auto type : {ContentType::handshake, ContentType::alert}) {
    Bytes tampered = record;
    tampered[0] = static_cast<std::uint8_t>(type);
    RecordOpener o = opener();
    if (tls13()) {
      // The outer type must be application_data once keys are in use (RFC 8446 5.2).
      expect_error(open_whole(o, tampered), ErrorCode::unexpected_content_type,
                   AlertDescription::unexpected_message);
    } else {
      expect_bad_record_mac(open_whole(o, tampered));  // the type is in the additional data
    }
  }
}

TEST_P(SealOpen, TamperingTheLengthFailsWithBadRecordMac) {
  RecordSealer s = sealer();
  const Bytes record = seal_one(s, ContentType::application_data, pattern(40));
  const std::size_t body = record.size() - kHeaderSize;
  {
    Bytes shorter(record.begin(), record.end() - 1);
    shorter[3] = static_cast<std::uint8_t>((body - 1) >> 8);
    shorter[4] = static_cast<std::uint8_t>(body - 1);
    RecordOpener o = opener();
    expect_bad_record_mac(open_whole(o, shorter));
  }
  {
    Bytes longer = record;
    longer.push_back(0x00);
    longer[3] = static_cast<std::uint8_t>((body + 1) >> 8);
    longer[4] = static_cast<std::uint8_t>(body + 1);
    RecordOpener o = opener();
    expect_bad_record_mac(open_whole(o, longer));
  }
}

TEST_P(SealOpen, WrongSequenceNumberFailsWithBadRecordMac) {
  // Each attempt opens its own copy: a failed open leaves the bytes unusable.
  RecordSealer s = sealer();
  const Bytes first = seal_one(s, ContentType::application_data, pattern(30));
  const Bytes second = seal_one(s, ContentType::application_data, pattern(30));
  {
    RecordOpener o = opener();
    o.set_sequence_for_testing(1);
    Bytes copy = first;
    expect_bad_record_mac(open_whole(o, copy));
  }
  {
    RecordOpener o = opener();  // reordered: the second record first
    Bytes copy = second;
    expect_bad_record_mac(open_whole(o, copy));
  }
  {
    RecordOpener o = opener();  // replayed
    Bytes copy = first;
    ASSERT_TRUE(open_whole(o, copy).has_value());
    Bytes again = first;
    expect_bad_record_mac(open_whole(o, again));
  }
}

TEST_P(SealOpen, WrongKeyFailsWithBadRecordMacNamingTheRecord) {
  RecordSealer s = sealer(0x40);
  RecordOpener o = opener(0x41);
  Bytes record = seal_one(s, ContentType::application_data, pattern(30));
  auto opened = open_whole(o, record);
  expect_bad_record_mac(opened);
  EXPECT_EQ(opened.error().kind(), ErrorKind::crypto);
  EXPECT_NE(opened.error().reason().find("record 0"), std::string::npos) << opened.error().reason();
}

TEST_P(SealOpen, SealsAFullFragmentAndRefusesOneByteMore) {
  RecordSealer s = sealer();
  const Bytes full = pattern(kMaxPlaintext);
  Bytes out(s.max_record_size(kMaxPlaintext + 1));
  EXPECT_TRUE(s.seal(ContentType::application_data, full, out).has_value());
  const Bytes too_long = pattern(kMaxPlaintext + 1);
  auto refused = s.seal(ContentType::application_data, too_long, out);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind(), ErrorKind::api_misuse);
  EXPECT_EQ(refused.error().code(), ErrorCode::invalid_argument);
}

TEST_P(SealOpen, OpensAFullFragmentAndRefusesOneByteMoreWithRecordOverflow) {
  // Built with a raw AEAD: the sealer will not make the oversized one.
  {
    Bytes full = raw_record(0, ContentType::application_data, pattern(kMaxPlaintext));
    RecordOpener o = opener();
    auto opened = open_whole(o, full);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    EXPECT_EQ(opened->plaintext.size(), kMaxPlaintext);
  }
  {
    Bytes over = raw_record(0, ContentType::application_data, pattern(kMaxPlaintext + 1));
    RecordOpener o = opener();
    auto opened = open_whole(o, over);
    expect_error(opened, ErrorCode::record_overflow, AlertDescription::record_overflow);
  }
}

TEST_P(SealOpen, CiphertextAboveTheStateLimitIsRecordOverflow) {
  RecordOpener o = opener();
  const std::size_t limit = tls13() ? kMaxTls13Ciphertext : kMaxTls12Ciphertext;
  EXPECT_EQ(o.max_fragment(), limit);
  Bytes body(limit + 1, 0x5a);
  const RecordHeader header{ContentType::application_data, 0x0303,
                            static_cast<std::uint16_t>(body.size())};
  auto opened = o.open(header, body);
  expect_error(opened, ErrorCode::record_overflow, AlertDescription::record_overflow);
  EXPECT_NE(opened.error().reason().find(std::to_string(limit + 1)), std::string::npos)
      << opened.error().reason();

  // The deframer, told the opener's limit, refuses the same record from its header alone.
  Deframer deframer;
  deframer.set_max_fragment(o.max_fragment());
  Bytes record(kHeaderSize);
  header.encode(std::span<std::uint8_t, kHeaderSize>(record.data(), kHeaderSize));
  EXPECT_EQ(deframer.feed(record), kHeaderSize);
  auto refused = deframer.next();
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::record_overflow);
}

TEST_P(SealOpen, RecordTooShortForNonceAndTagFailsWithBadRecordMac) {
  const std::size_t minimum =
      (!tls13() && aead() != AeadAlgorithm::chacha20_poly1305) ? 8U + 16U : 16U;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, minimum - 1}) {
    RecordOpener o = opener();
    Bytes body(size, 0x00);
    auto opened = o.open(
        RecordHeader{ContentType::application_data, 0x0303, static_cast<std::uint16_t>(size)},
        body);
    expect_bad_record_mac(opened);
  }
}

TEST_P(SealOpen, RefusesToSealAnEmptyHandshakeOrAlert) {
  RecordSealer s = sealer();
  Bytes out(100);
  for (auto type : {ContentType::handshake, ContentType::alert}) {
    auto sealed = s.seal(type, {}, out);
    ASSERT_FALSE(sealed.has_value());
    EXPECT_EQ(sealed.error().code(), ErrorCode::invalid_argument);
  }
  auto padded = s.seal(ContentType::handshake, {}, out, 5);  // not even with padding
  EXPECT_FALSE(padded.has_value());
  EXPECT_EQ(s.sequence(), 0U);
}

TEST_P(SealOpen, RefusesAReceivedEmptyHandshakeOrAlertRecord) {
  for (auto type : {ContentType::handshake, ContentType::alert}) {
    Bytes record = raw_record(0, type, {});
    RecordOpener o = opener();
    auto opened = open_whole(o, record);
    expect_error(opened, ErrorCode::empty_record, AlertDescription::unexpected_message);
  }
}

TEST_P(SealOpen, RefusesContentTypesThatCannotBeSent) {
  RecordSealer s = sealer();
  Bytes out(100);
  for (auto type : {ContentType::invalid, ContentType::heartbeat, static_cast<ContentType>(99)}) {
    auto sealed = s.seal(type, pattern(3), out);
    ASSERT_FALSE(sealed.has_value());
    EXPECT_EQ(sealed.error().code(), ErrorCode::invalid_argument);
  }
}

TEST_P(SealOpen, OutputTooSmallIsBufferTooSmall) {
  RecordSealer s = sealer();
  const Bytes data = pattern(50);
  Bytes out(s.max_record_size(data.size()) - 1);
  auto sealed = s.seal(ContentType::application_data, data, out);
  ASSERT_FALSE(sealed.has_value());
  EXPECT_EQ(sealed.error().kind(), ErrorKind::api_misuse);
  EXPECT_EQ(sealed.error().code(), ErrorCode::buffer_too_small);
  EXPECT_EQ(s.sequence(), 0U);
  out.push_back(0);
  EXPECT_TRUE(s.seal(ContentType::application_data, data, out).has_value());
}

TEST_P(SealOpen, MaxRecordSizeAnyBoundsEveryState) {
  RecordSealer s = sealer();
  for (std::size_t size : {0U, 1U, 16384U}) {
    EXPECT_LE(s.max_record_size(size), RecordSealer::max_record_size_any(size));
  }
}

TEST_P(SealOpen, OpenRefusesAFragmentThatDisagreesWithItsHeader) {
  RecordSealer s = sealer();
  Bytes record = seal_one(s, ContentType::application_data, pattern(10));
  RecordOpener o = opener();
  wire::Reader reader(record);
  auto header = RecordHeader::decode(reader, kMaxTls12Ciphertext);
  ASSERT_TRUE(header.has_value());
  auto opened = o.open(*header, MutableByteView(record).subspan(kHeaderSize + 1));
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code(), ErrorCode::invalid_argument);
}

TEST_P(SealOpen, RoundTripsAtAnySequenceNumber) {
  for (std::uint64_t sequence : {std::uint64_t{1} << 32, std::uint64_t{0x0102030405060708},
                                 std::numeric_limits<std::uint64_t>::max() - 1}) {
    RecordSealer s = sealer();
    RecordOpener o = opener();
    s.set_sequence_for_testing(sequence);
    o.set_sequence_for_testing(sequence);
    Bytes record = seal_one(s, ContentType::application_data, pattern(20));
    auto opened = open_whole(o, record);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    EXPECT_EQ(bytes_of(opened->plaintext), pattern(20));
  }
}

TEST_P(SealOpen, SequenceExhaustionIsFatalBeforeTheNumberWraps) {
  const auto last = std::numeric_limits<std::uint64_t>::max();
  RecordSealer s = sealer();
  RecordOpener o = opener();
  s.set_sequence_for_testing(last - 1);
  o.set_sequence_for_testing(last - 1);
  Bytes record = seal_one(s, ContentType::application_data, pattern(20));
  ASSERT_TRUE(open_whole(o, record).has_value());
  EXPECT_EQ(s.sequence(), last);
  EXPECT_EQ(o.sequence(), last);

  Bytes out(100);
  auto sealed = s.seal(ContentType::application_data, pattern(20), out);
  ASSERT_FALSE(sealed.has_value());
  EXPECT_EQ(sealed.error().code(), ErrorCode::sequence_exhausted);
  EXPECT_EQ(s.sequence(), last);  // it did not wrap

  Bytes next = raw_record(last, ContentType::application_data, pattern(20));
  auto opened = open_whole(o, next);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code(), ErrorCode::sequence_exhausted);
}

TEST_P(SealOpen, KeyUpdateIsDueAtTheConfidentialityLimit) {
  const std::uint64_t limit = crypto::aead_info(aead()).confidentiality_limit;
  RecordSealer s = sealer();
  EXPECT_FALSE(s.key_update_due());
  if (limit == std::numeric_limits<std::uint64_t>::max()) {
    // ChaCha20-Poly1305: no limit below the sequence space.
    s.set_sequence_for_testing(std::uint64_t{1} << 40);
    (void)seal_one(s, ContentType::application_data, pattern(1));
    EXPECT_FALSE(s.key_update_due());
    return;
  }
  s.set_sequence_for_testing(limit - 1);
  EXPECT_FALSE(s.key_update_due());
  (void)seal_one(s, ContentType::application_data, pattern(1));
  EXPECT_TRUE(s.key_update_due());
}

TEST_P(SealOpen, CreateRefusesWrongKeyOrIvSizes) {
  TrafficKeys short_key = keys();
  short_key.key.pop_back();
  auto a = RecordSealer::create(provider(), version(), short_key);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().code(), ErrorCode::invalid_argument);

  TrafficKeys long_iv = keys();
  long_iv.iv.push_back(0);
  auto b = RecordOpener::create(provider(), version(), long_iv);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().code(), ErrorCode::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(AllProtections, SealOpen, ::testing::ValuesIn(all_protections()),
                         protection_name);

TEST(Tls12Keys, GcmTakesAFourByteSaltAndChaChaATwelveByteMask) {
  // RFC 5288 3 and RFC 7905 2, as the suite table says (tls12_fixed_iv_size).
  TrafficKeys gcm_with_12 = make_keys(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm);
  EXPECT_FALSE(RecordSealer::create(provider(), SuiteVersion::tls12, gcm_with_12).has_value());
  TrafficKeys chacha_with_4 = make_keys(SuiteVersion::tls12, AeadAlgorithm::aes_128_gcm);
  chacha_with_4.aead = AeadAlgorithm::chacha20_poly1305;
  chacha_with_4.key = make_keys(SuiteVersion::tls12, AeadAlgorithm::chacha20_poly1305).key;
  EXPECT_FALSE(RecordSealer::create(provider(), SuiteVersion::tls12, chacha_with_4).has_value());
}

}  // namespace
}  // namespace cpptls::record
