// Records checked byte for byte against values this code did not compute:
//  - TLS 1.3: the "Simple 1-RTT Handshake" of draft-ietf-tls-tls13-vectors (the same handshake
//    as RFC 8448 3), read from the trace file in ../shared/testdata;
//  - TLS 1.2 (and more TLS 1.3 AEADs): records computed with Python's `cryptography` package
//    (AESGCM, ChaCha20Poly1305) following RFC 5246 6.2.3.3, RFC 5288 3, RFC 7905 2 and
//    RFC 8446 5.2, with key 00..0f (AES-128) or 20..3f (32-byte keys), TLS 1.2 GCM salt
//    a0a1a2a3, 12-byte IV b0..bb and the content "record layer known answer".

#include <cctype>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

TrafficKeys keys_from_hex(AeadAlgorithm aead, std::string_view key, std::string_view iv) {
  return TrafficKeys{aead, to_secret(hex(key)), to_secret(hex(iv))};
}

struct KnownRecord {
  SuiteVersion version;
  TrafficKeys keys;
  std::uint64_t sequence;
  ContentType type;
  Bytes content;
  std::size_t padding;
  Bytes record;
};

// Seals `known.content` and expects `known.record`; opens `known.record` and expects the content.
void check_known_record(const KnownRecord& known) {
  auto sealer = RecordSealer::create(provider(), known.version, known.keys);
  ASSERT_TRUE(sealer.has_value()) << sealer.error().to_string();
  sealer->set_sequence_for_testing(known.sequence);
  EXPECT_EQ(to_hex(seal_one(*sealer, known.type, known.content, known.padding)),
            to_hex(known.record));

  auto opener = RecordOpener::create(provider(), known.version, known.keys);
  ASSERT_TRUE(opener.has_value()) << opener.error().to_string();
  opener->set_sequence_for_testing(known.sequence);
  Bytes record = known.record;
  auto opened = open_whole(*opener, record);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(opened->type, known.type);
  EXPECT_EQ(to_hex(opened->plaintext), to_hex(known.content));
  EXPECT_EQ(opener->sequence(), known.sequence + 1);
}

const Bytes kContent = hex("7265636f7264206c61796572206b6e6f776e20616e73776572");
constexpr std::string_view kKey16 = "000102030405060708090a0b0c0d0e0f";
constexpr std::string_view kKey32 =
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
constexpr std::string_view kSalt = "a0a1a2a3";
constexpr std::string_view kIv12 = "b0b1b2b3b4b5b6b7b8b9babb";

TEST(KnownAnswer, Tls12Aes128GcmRecord) {
  check_known_record({SuiteVersion::tls12, keys_from_hex(AeadAlgorithm::aes_128_gcm, kKey16, kSalt),
                      0x0102030405060708, ContentType::application_data, kContent, 0,
                      hex("1703030031"
                          "0102030405060708"
                          "6e58f8a549acbca8e7de9272386f5860ca59a333c76e017919"
                          "7c5896fddc634b722e2cca04364244c1")});
}

TEST(KnownAnswer, Tls12Aes256GcmHandshakeRecord) {
  check_known_record({SuiteVersion::tls12, keys_from_hex(AeadAlgorithm::aes_256_gcm, kKey32, kSalt),
                      1, ContentType::handshake, kContent, 0,
                      hex("1603030031"
                          "0000000000000001"
                          "6b69eb637b2324349511e08124fdb6dc9e3e7fffdc21a07330"
                          "7c96ea6651729254ff18f0d8939eeaec")});
}

TEST(KnownAnswer, Tls12ChaCha20Poly1305Record) {
  // No explicit nonce: the sequence number only enters the nonce mask (RFC 7905 2).
  check_known_record({SuiteVersion::tls12,
                      keys_from_hex(AeadAlgorithm::chacha20_poly1305, kKey32, kIv12),
                      0x0102030405060708, ContentType::application_data, kContent, 0,
                      hex("1703030029"
                          "080cf94784a0fd146e9f8339e753e12304a42de7ad61a0937b"
                          "fde5604a39be3c4c41c286c1bf0fbf80")});
}

TEST(KnownAnswer, Tls13Aes256GcmPaddedHandshakeRecord) {
  check_known_record({SuiteVersion::tls13, keys_from_hex(AeadAlgorithm::aes_256_gcm, kKey32, kIv12),
                      3, ContentType::handshake, kContent, 4,
                      hex("170303002e88203da296a888027cae99b8af76fa1a8b61e8aa4355357d135bdfc1bb92"
                          "9ec5cd71313448fe194832af34cbe942")});
}

TEST(KnownAnswer, Tls13ChaCha20Poly1305Record) {
  check_known_record(
      {SuiteVersion::tls13, keys_from_hex(AeadAlgorithm::chacha20_poly1305, kKey32, kIv12),
       0x0102030405060708, ContentType::application_data, kContent, 0,
       hex("170303002a080cf94784a0fd146e9f8339e753e12304a42de7ad61a0937b76b53fb655bee6e37cb5b942"
           "cf877235cd")});
}

// The GCM nonce and additional data written out by hand (RFC 5288 3, RFC 5246 6.2.3.3), used
// with a raw AEAD key to open what the sealer made.
TEST(KnownAnswer, Tls12GcmNonceIsSaltThenSequenceAndAadIsSeqTypeVersionLength) {
  const auto keys = keys_from_hex(AeadAlgorithm::aes_128_gcm, kKey16, kSalt);
  auto sealer = RecordSealer::create(provider(), SuiteVersion::tls12, keys);
  ASSERT_TRUE(sealer.has_value());
  sealer->set_sequence_for_testing(0x0102030405060708);
  Bytes record = seal_one(*sealer, ContentType::application_data, kContent);
  ASSERT_EQ(record.size(), 5U + 8U + kContent.size() + 16U);
  EXPECT_EQ(to_hex(ByteView(record).subspan(5, 8)), "0102030405060708");  // explicit nonce

  auto raw = provider().aead(AeadAlgorithm::aes_128_gcm, keys.key);
  ASSERT_TRUE(raw.has_value());
  const Bytes nonce =
      hex("a0a1a2a3"
          "0102030405060708");
  const Bytes aad =
      hex("0102030405060708"
          "17"
          "0303"
          "0019");
  MutableByteView body = MutableByteView(record).subspan(13, kContent.size());
  auto opened = (*raw)->open(nonce, aad, body, ByteView(record).last(16));
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(bytes_of(body), kContent);
}

TEST(KnownAnswer, Tls12ChaChaNonceIsIvXorSequence) {
  const auto keys = keys_from_hex(AeadAlgorithm::chacha20_poly1305, kKey32, kIv12);
  auto sealer = RecordSealer::create(provider(), SuiteVersion::tls12, keys);
  ASSERT_TRUE(sealer.has_value());
  sealer->set_sequence_for_testing(0x0102030405060708);
  Bytes record = seal_one(*sealer, ContentType::handshake, kContent);
  ASSERT_EQ(record.size(), 5U + kContent.size() + 16U);

  auto raw = provider().aead(AeadAlgorithm::chacha20_poly1305, keys.key);
  ASSERT_TRUE(raw.has_value());
  const Bytes nonce =
      hex("b0b1b2b3"
          "b5b7b5b3bdbfbdb3");
  const Bytes aad =
      hex("0102030405060708"
          "16"
          "0303"
          "0019");
  MutableByteView body = MutableByteView(record).subspan(5, kContent.size());
  auto opened = (*raw)->open(nonce, aad, body, ByteView(record).last(16));
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(bytes_of(body), kContent);
}

// --- The TLS 1.3 trace (draft-ietf-tls-tls13-vectors, section 3) ---

const Bytes kTraceApplicationData = hex(
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d"
    "2e2f3031");

TEST(KnownAnswer, Tls13TraceClientApplicationDataAndCloseNotify) {
  // {client} derive write traffic keys for application data; the records are the first two
  // the client sends under them.
  const auto keys = keys_from_hex(AeadAlgorithm::aes_128_gcm, "d92b3e9a88ea7fe2ed69aa9c8b629e91",
                                  "37a828161ead2b6813ad0b13");
  check_known_record({SuiteVersion::tls13, keys, 0, ContentType::application_data,
                      kTraceApplicationData, 0,
                      hex("17030300436f75483d5af74e8419fadfd21404a9b5eba36b5170c504366f2da8ddc2bd"
                          "7bfcaf3cbee33d8c0172f0f8485a1fa52d1364257cf5c509eaf35c39189b5278b5861b"
                          "019f")});
  check_known_record({SuiteVersion::tls13, keys, 1, ContentType::alert, hex("0100"), 0,
                      hex("170303001391e43d71d625149c7e221ca954b6a8958f12c0")});
}

TEST(KnownAnswer, Tls13TraceClientFinishedRecord) {
  // {client} derive write traffic keys for handshake data (the server's read keys).
  check_known_record(
      {SuiteVersion::tls13,
       keys_from_hex(AeadAlgorithm::aes_128_gcm, "947fe41b60fa1bcf942d456268476e8d",
                     "962df1fc720f9574f7d22248"),
       0, ContentType::handshake,
       hex("1400002080a2c0d6cbc21078dba30affbf091929278edc832db4bfa1c811c9e8c67da9bb"), 0,
       hex("1703030035ed2b5675d3a8b0d0cedd0519d5e7573c4aa061f42daeecca1c5498e1f063a9"
           "c6c5f594e3859f568a0bc5ee9ee49db23a0999f0aede")});
}

TEST(KnownAnswer, Tls13TraceServerRecordsOpenInSequence) {
  // {server} derive write traffic keys for application data: NewSessionTicket (sequence 0),
  // application data (1), close_notify (2). The opener counts on its own.
  auto opener = RecordOpener::create(
      provider(), SuiteVersion::tls13,
      keys_from_hex(AeadAlgorithm::aes_128_gcm, "bbe6b3fc9c068c6fb331eca8aa919bfd",
                    "8057dc46846821a1bea306e0"));
  ASSERT_TRUE(opener.has_value());
  Bytes ticket = hex(
      "17030300dec047d7b25ebbc316ebeef66485649f1a3a6c1918b035c183ebde6bd30c2b97f4935e329714bb08af"
      "9c6d96da3c604443c0dbbeab8beecd90af0c3dbc53ea1c49deeb688f45f0f9e8cceec68ebbadd3a4425938acd9"
      "9dca9ead9b6f6a297a9aa0d9ab910745f6732527817fd4134ac5e99cd6255e2388c89f83646e0e5fbe4044aa5a"
      "55a3530ca98ff56eb6b1dc685e5660a75a822efae533daed34745608aa9829ba84de3e7c4acfc8094e39d2af81"
      "7421e55c3aa5d0e1de43c408bac9322599ef4e57dfd08a7af0d1186c96e6ac299bd07f5ee5b056831964cb8076"
      "8ce5");
  auto nst = open_whole(*opener, ticket);
  ASSERT_TRUE(nst.has_value()) << nst.error().to_string();
  EXPECT_EQ(nst->type, ContentType::handshake);
  ASSERT_EQ(nst->plaintext.size(), 205U);
  EXPECT_EQ(to_hex(nst->plaintext.first(8)), "040000c90000001e");

  Bytes data = hex(
      "1703030043cc8a45078c6c81b7461ff5624f6312aa44c3c101eb700e6248042f40baca0d988fefd11e945d27c7"
      "c364b5068580571908646e59a85e12690df143671095b3c93d705c");
  auto app = open_whole(*opener, data);
  ASSERT_TRUE(app.has_value()) << app.error().to_string();
  EXPECT_EQ(app->type, ContentType::application_data);
  EXPECT_EQ(bytes_of(app->plaintext), kTraceApplicationData);

  Bytes alert = hex("1703030013487b8fbbf30c49dd4817e394fa6c6f95816846");
  auto close = open_whole(*opener, alert);
  ASSERT_TRUE(close.has_value()) << close.error().to_string();
  EXPECT_EQ(close->type, ContentType::alert);
  EXPECT_EQ(to_hex(close->plaintext), "0100");
  EXPECT_EQ(opener->sequence(), 3U);
}

// Reads the `count` octets printed after `label`, searching from `from`; page headers and
// footers between the lines hold no two-digit hex words and are skipped.
std::optional<Bytes> read_trace_value(const std::string& text, std::size_t& from,
                                      const std::string& label, std::size_t count) {
  const std::size_t at = text.find(label, from);
  if (at == std::string::npos) return std::nullopt;
  std::istringstream words(text.substr(at + label.size()));
  Bytes out;
  std::string word;
  while (out.size() < count && words >> word) {
    if (word.size() == 2 && std::isxdigit(static_cast<unsigned char>(word[0])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(word[1])) != 0) {
      out.push_back(static_cast<std::uint8_t>(std::stoi(word, nullptr, 16)));
    }
  }
  if (out.size() != count) return std::nullopt;
  from = at + label.size();
  return out;
}

TEST(KnownAnswer, Tls13TraceServerFirstProtectedHandshakeRecordFromTheTraceFile) {
  const std::string path =
      std::string(CPPTLS_SHARED_DIR) + "/testdata/tls13-traces/draft-ietf-tls-tls13-vectors.txt";
  std::ifstream file(path);
  ASSERT_TRUE(file.good()) << "cannot read " << path;
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  // Section 3: "{server} send handshake record" with EncryptedExtensions .. Finished.
  std::size_t from = text.find("3.  Simple 1-RTT Handshake\n\n");
  ASSERT_NE(from, std::string::npos);
  auto payload = read_trace_value(text, from, "payload (657 octets):", 657);
  ASSERT_TRUE(payload.has_value());
  auto record = read_trace_value(text, from, "complete record (679 octets):", 679);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(to_hex(ByteView(*payload).first(4)), "08000024");  // EncryptedExtensions
  EXPECT_EQ(to_hex(ByteView(*record).first(5)), "17030302a2");

  // {server} derive write traffic keys for handshake data.
  check_known_record({SuiteVersion::tls13,
                      keys_from_hex(AeadAlgorithm::aes_128_gcm, "4d15c00e47317fe99c714f8ebd92c4d1",
                                    "18223084735f2f2d8588caaa"),
                      0, ContentType::handshake, *payload, 0, *record});
}

}  // namespace
}  // namespace cpptls::record
