// The TLS 1.2 PRF (RFC 5246 5) against `openssl kdf ... TLS1-PRF` as an independent oracle,
// plus the widely used SHA-256 vector.

#include "crypto/tls12_prf.hpp"

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

Bytes prf(HashAlgorithm hash, ByteView secret, std::string_view label, ByteView a, ByteView b,
          std::size_t length) {
  Bytes out(length);
  auto done = tls12_prf(real_provider(), hash, secret, label, a, b, out);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  return out;
}

Bytes prf_oracle(HashAlgorithm hash, ByteView secret, std::string_view label, ByteView seed,
                 std::size_t length) {
  Bytes full_seed;
  full_seed.reserve(label.size() + seed.size());
  for (const char c : label)
    full_seed.push_back(static_cast<std::uint8_t>(c));
  for (const std::uint8_t b : seed)
    full_seed.push_back(b);
  const std::string digest = hash == HashAlgorithm::sha256 ? "SHA256" : "SHA384";
  const std::string command = "openssl kdf -keylen " + std::to_string(length) +
                              " -kdfopt digest:" + digest + " -kdfopt hexsecret:" + to_hex(secret) +
                              " -kdfopt hexseed:" + to_hex(full_seed) + " TLS1-PRF";
  auto output = test::run_command(command);
  EXPECT_TRUE(output.has_value()) << command;
  if (!output) return {};
  return test::parse_openssl_hex(*output).value_or(Bytes{});
}

TEST(Tls12Prf, MatchesOpensslForSha256AndSha384AtSeveralLengths) {
  if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  const Bytes secret =
      hex("9bbe436ba940f017b17652849a71db35c2aab21d07c3d495329b52d4e61edb5a"
          "6b301791e90d35c9c9a46b4e14baf9af");
  const Bytes client_random(32, 0x11);
  const Bytes server_random(32, 0x22);
  for (const HashAlgorithm hash : {HashAlgorithm::sha256, HashAlgorithm::sha384}) {
    for (const std::size_t length : {1U, 12U, 32U, 48U, 64U, 100U, 136U}) {
      Bytes seed = client_random;
      seed.insert(seed.end(), server_random.begin(), server_random.end());
      EXPECT_EQ(prf(hash, secret, "master secret", client_random, server_random, length),
                prf_oracle(hash, secret, "master secret", seed, length))
          << digest_size(hash) << "-byte hash, " << length << " bytes";
    }
  }
}

// The SHA-256 PRF vector circulated on the IETF TLS list (secret, seed and label "test
// label", 100 bytes of output).
TEST(Tls12Prf, Sha256KnownAnswer) {
  EXPECT_EQ(prf(HashAlgorithm::sha256, hex("9bbe436ba940f017b17652849a71db35"), "test label",
                hex("a0ba9f936cda311827a6f796ffd5198c"), {}, 100),
            hex("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                "87347b66"));
}

TEST(Tls12Prf, SplittingTheSeedDoesNotChangeTheOutput) {
  const Bytes secret(48, 0x33);
  const Bytes a = hex("0102030405");
  const Bytes b = hex("060708");
  const Bytes joined = hex("0102030405060708");
  EXPECT_EQ(prf(HashAlgorithm::sha384, secret, "key expansion", a, b, 72),
            prf(HashAlgorithm::sha384, secret, "key expansion", joined, {}, 72));
}

TEST(Tls12Prf, ShorterOutputIsAPrefixOfLongerOutput) {
  const Bytes secret(48, 0x44);
  const Bytes seed(64, 0x55);
  const Bytes long_out = prf(HashAlgorithm::sha256, secret, "key expansion", seed, {}, 104);
  const Bytes short_out = prf(HashAlgorithm::sha256, secret, "key expansion", seed, {}, 40);
  EXPECT_EQ(short_out, Bytes(long_out.begin(), long_out.begin() + 40));
}

}  // namespace
}  // namespace cpptls::crypto
