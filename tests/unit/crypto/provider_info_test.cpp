// The production provider's identity, randomness and clock, and use from several threads.

#include <ctime>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"
#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::real_provider;

TEST(OpenSslProvider, NamesItselfAndItsLibraryVersion) {
  EXPECT_EQ(real_provider().name(), "OpenSSL libcrypto");
  EXPECT_EQ(real_provider().version().rfind("OpenSSL 3.", 0), 0U) << real_provider().version();
}

TEST(OpenSslProvider, IsOneInstance) {
  EXPECT_EQ(&openssl::provider(), &openssl::provider());
}

TEST(OpenSslProvider, RandomFillsAndDiffers) {
  Bytes a(64);
  Bytes b(64);
  ASSERT_TRUE(real_provider().random(a).has_value());
  ASSERT_TRUE(real_provider().random(b).has_value());
  EXPECT_NE(a, b);
  EXPECT_NE(a, Bytes(64, 0));
  EXPECT_TRUE(real_provider().random({}).has_value());
}

TEST(OpenSslProvider, NowIsTheWallClockInSeconds) {
  const auto before = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t now = real_provider().now();
  const auto after = static_cast<std::int64_t>(std::time(nullptr));
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

TEST(OpenSslProvider, WorksFromManyThreadsAtOnce) {
  Bytes expected(32);
  ASSERT_TRUE(hmac_once(real_provider(), HashAlgorithm::sha256, as_bytes("key"),
                        as_bytes("message"), expected)
                  .has_value());
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Bytes out(32);
        const bool ok = hmac_once(real_provider(), HashAlgorithm::sha256, as_bytes("key"),
                                  as_bytes("message"), out)
                            .has_value();
        if (!ok || out != expected) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  for (const int count : mismatches)
    EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace cpptls::crypto
