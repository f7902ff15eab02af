// HKDF (RFC 5869 appendix A.1-A.3) and HKDF-Expand-Label (RFC 8446 7.1), the latter against
// `openssl kdf ... TLS13-KDF` as an independent oracle.

#include "crypto/hkdf.hpp"

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

Bytes counting(std::uint8_t from, std::uint8_t to) {
  Bytes out;
  for (unsigned v = from; v <= to; ++v)
    out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

void check_hkdf(ByteView ikm, ByteView salt, ByteView info, std::string_view prk_hex,
                std::string_view okm_hex) {
  auto prk = hkdf_extract(real_provider(), HashAlgorithm::sha256, salt, ikm);
  ASSERT_TRUE(prk.has_value()) << prk.error().to_string();
  EXPECT_EQ(Bytes(prk->begin(), prk->end()), hex(prk_hex));
  const Bytes expected = hex(okm_hex);
  Bytes okm(expected.size());
  auto done = hkdf_expand(real_provider(), HashAlgorithm::sha256, *prk, info, okm);
  ASSERT_TRUE(done.has_value()) << done.error().to_string();
  EXPECT_EQ(okm, expected);
}

TEST(Hkdf, Rfc5869Case1Basic) {
  check_hkdf(Bytes(22, 0x0b), hex("000102030405060708090a0b0c"), hex("f0f1f2f3f4f5f6f7f8f9"),
             "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
             "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
             "34007208d5b887185865");
}

TEST(Hkdf, Rfc5869Case2LongInputs) {
  check_hkdf(counting(0x00, 0x4f), counting(0x60, 0xaf), counting(0xb0, 0xff),
             "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
             "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
             "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
             "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(Hkdf, Rfc5869Case3EmptySaltAndInfo) {
  check_hkdf(Bytes(22, 0x0b), {}, {},
             "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
             "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
             "9d201395faa4b61a96c8");
}

TEST(Hkdf, ExpandRefusesMoreThan255Blocks) {
  const Bytes prk(32, 0x01);
  constexpr std::size_t kMaxOutput = std::size_t{255} * 32;  // RFC 5869 2.3: L <= 255*HashLen
  Bytes out(kMaxOutput + 1);
  auto done = hkdf_expand(real_provider(), HashAlgorithm::sha256, prk, {}, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code(), ErrorCode::invalid_argument);
  Bytes most(kMaxOutput);
  EXPECT_TRUE(hkdf_expand(real_provider(), HashAlgorithm::sha256, prk, {}, most).has_value());
}

struct LabelCase {
  HashAlgorithm hash;
  std::string_view label;
  Bytes context;
  std::size_t length;
};

Bytes expand_label_oracle(const LabelCase& c, ByteView secret) {
  const std::string digest = c.hash == HashAlgorithm::sha256 ? "SHA256" : "SHA384";
  const std::string command = "openssl kdf -keylen " + std::to_string(c.length) +
                              " -kdfopt digest:" + digest +
                              " -kdfopt mode:EXPAND_ONLY -kdfopt hexkey:" + to_hex(secret) +
                              " -kdfopt hexprefix:" + to_hex(as_bytes("tls13 ")) +
                              " -kdfopt hexlabel:" + to_hex(as_bytes(c.label)) +
                              " -kdfopt hexdata:" + to_hex(c.context) + " TLS13-KDF";
  auto output = test::run_command(command);
  EXPECT_TRUE(output.has_value()) << command;
  if (!output) return {};
  auto bytes = test::parse_openssl_hex(*output);
  EXPECT_TRUE(bytes.has_value()) << *output;
  return bytes.value_or(Bytes{});
}

TEST(HkdfExpandLabel, MatchesOpensslTls13Kdf) {
  if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  const Bytes transcript_hash_256(32, 0x5a);
  const Bytes transcript_hash_384(48, 0xa5);
  const std::vector<LabelCase> cases = {
      {HashAlgorithm::sha256, "key", {}, 16},
      {HashAlgorithm::sha256, "iv", {}, 12},
      {HashAlgorithm::sha256, "c hs traffic", transcript_hash_256, 32},
      {HashAlgorithm::sha256, "finished", {}, 32},
      {HashAlgorithm::sha256, "derived",
       hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c"
           "a495991b7852b855"),
       32},
      {HashAlgorithm::sha256, "exp master", transcript_hash_256, 100},
      {HashAlgorithm::sha384, "key", {}, 32},
      {HashAlgorithm::sha384, "s ap traffic", transcript_hash_384, 48},
      {HashAlgorithm::sha384, "res binder", {}, 48},
  };
  for (const LabelCase& c : cases) {
    const Bytes secret(digest_size(c.hash), 0x42);
    Bytes ours(c.length);
    auto done = hkdf_expand_label(real_provider(), c.hash, secret, c.label, c.context, ours);
    ASSERT_TRUE(done.has_value()) << done.error().to_string();
    EXPECT_EQ(ours, expand_label_oracle(c, secret))
        << "label " << c.label << ", " << c.length << " bytes";
  }
}

TEST(HkdfExpandLabel, RefusesAContextLongerThan255Bytes) {
  const Bytes secret(32, 0x01);
  const Bytes context(256, 0x02);
  Bytes out(16);
  auto done =
      hkdf_expand_label(real_provider(), HashAlgorithm::sha256, secret, "key", context, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code(), ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace cpptls::crypto
