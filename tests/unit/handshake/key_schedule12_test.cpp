// The TLS 1.2 key schedule against `openssl kdf ... TLS1-PRF` as an independent oracle, plus
// fixed answers (computed once with that oracle) so that the derivations stay pinned where
// the command is missing.

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/tls12/key_schedule.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::hs12 {
namespace {

using crypto::HashAlgorithm;
using handshake::testing::have_openssl_command;
using handshake::testing::real_provider;
using handshake::testing::run_command;

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes) << text;
  return bytes.value_or(Bytes{});
}

Bytes sequence(std::size_t size, std::uint8_t first) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

const Bytes kPremaster = [] {
  Bytes p = sequence(48, 0x10);
  p[0] = 0x03;
  p[1] = 0x03;
  return p;
}();
const Bytes kClientRandom = sequence(32, 0xa0);
const Bytes kServerRandom = sequence(32, 0x50);
const Bytes kSessionHash256 = sequence(32, 0x70);

// PRF(secret, label, seed)[0..length) by the openssl command line.
Bytes oracle(HashAlgorithm hash, ByteView secret, std::string_view label, ByteView seed,
             std::size_t length) {
  Bytes full_seed(label.begin(), label.end());
  full_seed.insert(full_seed.end(), seed.begin(), seed.end());
  const std::string digest = hash == HashAlgorithm::sha256 ? "SHA256" : "SHA384";
  auto output = run_command("openssl kdf -keylen " + std::to_string(length) +
                            " -kdfopt digest:" + digest + " -kdfopt hexsecret:" + to_hex(secret) +
                            " -kdfopt hexseed:" + to_hex(full_seed) + " TLS1-PRF");
  EXPECT_TRUE(output);
  std::string digits;
  for (const char c : output.value_or("")) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) digits.push_back(c);
  }
  return from_hex(digits).value_or(Bytes{});
}

Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

MasterSecret master(HashAlgorithm hash) {
  auto derived = derive_master_secret(real_provider(), hash, PremasterSecret(to_secret(kPremaster)),
                                      kClientRandom, kServerRandom);
  EXPECT_TRUE(derived);
  return std::move(*derived);
}

Bytes bytes_of(ByteView view) {
  return Bytes(view.begin(), view.end());
}

TEST(KeySchedule12, MasterSecretMatchesTheOracle) {
  if (!have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  for (const HashAlgorithm hash : {HashAlgorithm::sha256, HashAlgorithm::sha384}) {
    EXPECT_EQ(bytes_of(master(hash).bytes()),
              oracle(hash, kPremaster, "master secret", concat(kClientRandom, kServerRandom), 48));
  }
}

TEST(KeySchedule12, MasterSecretKnownAnswer) {
  EXPECT_EQ(bytes_of(master(HashAlgorithm::sha256).bytes()),
            hex("ae1b1073e76336c738914742f2f21b5e840ef10df85f06052f0f585c6cef8515"
                "e0cbea30a4b8e163278a4dc9407d8ca8"));
}

TEST(KeySchedule12, ExtendedMasterSecretMatchesTheOracle) {
  if (!have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  auto derived =
      derive_extended_master_secret(real_provider(), HashAlgorithm::sha256,
                                    PremasterSecret(to_secret(kPremaster)), kSessionHash256);
  ASSERT_TRUE(derived);
  EXPECT_EQ(bytes_of(derived->bytes()), oracle(HashAlgorithm::sha256, kPremaster,
                                               "extended master secret", kSessionHash256, 48));
  // RFC 7627 4: it does not depend on the randoms, and differs from the classic one.
  EXPECT_NE(bytes_of(derived->bytes()), bytes_of(master(HashAlgorithm::sha256).bytes()));
}

TEST(KeySchedule12, KeyBlockOfEverySuiteMatchesTheOracle) {
  if (!have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  for (const crypto::CipherSuiteInfo& suite : crypto::all_suites()) {
    if (suite.version != crypto::SuiteVersion::tls12) continue;
    const MasterSecret secret = master(suite.hash);
    auto block = derive_key_block(real_provider(), suite, secret, kClientRandom, kServerRandom);
    ASSERT_TRUE(block) << suite.name;
    const std::size_t key = crypto::key_size(suite.aead);
    const std::size_t iv = suite.tls12_fixed_iv_size;
    // RFC 5246 6.3: seed is server_random + client_random; AEAD suites have no MAC keys.
    const Bytes expected = oracle(suite.hash, secret.bytes(), "key expansion",
                                  concat(kServerRandom, kClientRandom), 2 * (key + iv));
    ASSERT_EQ(expected.size(), 2 * (key + iv));
    const auto part = [&expected](std::size_t offset, std::size_t size) {
      return Bytes(expected.begin() + static_cast<std::ptrdiff_t>(offset),
                   expected.begin() + static_cast<std::ptrdiff_t>(offset + size));
    };
    EXPECT_EQ(bytes_of(block->client_write.key), part(0, key)) << suite.name;
    EXPECT_EQ(bytes_of(block->server_write.key), part(key, key)) << suite.name;
    EXPECT_EQ(bytes_of(block->client_write.iv), part(2 * key, iv)) << suite.name;
    EXPECT_EQ(bytes_of(block->server_write.iv), part(2 * key + iv, iv)) << suite.name;
    EXPECT_EQ(block->client_write.aead, suite.aead);
  }
}

TEST(KeySchedule12, KeyBlockTakesGcmSaltsAndChachaNonceMasks) {
  const crypto::CipherSuiteInfo& gcm =
      *crypto::find_suite(crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
  const crypto::CipherSuiteInfo& chacha =
      *crypto::find_suite(crypto::CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
  auto gcm_block =
      derive_key_block(real_provider(), gcm, master(gcm.hash), kClientRandom, kServerRandom);
  auto chacha_block =
      derive_key_block(real_provider(), chacha, master(chacha.hash), kClientRandom, kServerRandom);
  ASSERT_TRUE(gcm_block);
  ASSERT_TRUE(chacha_block);
  EXPECT_EQ(gcm_block->client_write.key.size(), 32U);
  EXPECT_EQ(gcm_block->client_write.iv.size(), 4U);      // RFC 5288 3
  EXPECT_EQ(chacha_block->server_write.iv.size(), 12U);  // RFC 7905 2
}

TEST(KeySchedule12, FinishedMatchesTheOracle) {
  if (!have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  for (const HashAlgorithm hash : {HashAlgorithm::sha256, HashAlgorithm::sha384}) {
    const MasterSecret secret = master(hash);
    const Bytes transcript = sequence(crypto::digest_size(hash), 0x33);
    for (const Sender sender : {Sender::client, Sender::server}) {
      auto verify_data = finished_verify_data(real_provider(), hash, secret, sender, transcript);
      ASSERT_TRUE(verify_data);
      EXPECT_EQ(Bytes(verify_data->begin(), verify_data->end()),
                oracle(hash, secret.bytes(),
                       sender == Sender::client ? "client finished" : "server finished", transcript,
                       kVerifyDataSize));
    }
  }
}

TEST(KeySchedule12, FinishedKnownAnswer) {
  const MasterSecret secret = master(HashAlgorithm::sha256);
  auto verify_data = finished_verify_data(real_provider(), HashAlgorithm::sha256, secret,
                                          Sender::client, sequence(32, 0x33));
  ASSERT_TRUE(verify_data);
  EXPECT_EQ(Bytes(verify_data->begin(), verify_data->end()), hex("6397435f66f2e9f5cc34678f"));
}

}  // namespace
}  // namespace cpptls::hs12
