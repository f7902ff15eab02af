// Keying material exporters (RFC 5705 4 with RFC 7627; RFC 8446 7.5). The known answers were
// computed outside the library (Python's hmac and hashlib, straight from the RFCs' formulas)
// for a master secret 00..2f, client random 11..11, server random 22..22, and an
// exporter_master_secret 00..1f (SHA-256) or 00..2f (SHA-384).
#include "handshake/common/exporter.hpp"

#include <numeric>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake {
namespace {

using crypto::HashAlgorithm;

const crypto::Provider& provider() {
  return testing::real_provider();
}

Bytes counting(std::size_t size) {
  Bytes bytes(size);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
  return bytes;
}

ByteView text(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

Exporter tls12(HashAlgorithm hash = HashAlgorithm::sha256, bool ems = true) {
  const Bytes client_random(32, 0x11);
  const Bytes server_random(32, 0x22);
  return Exporter::tls12(hash, counting(48), client_random, server_random, ems);
}

std::string exported(const Exporter& exporter, std::string_view label,
                     std::optional<ByteView> context, std::size_t size) {
  Bytes out(size);
  auto done = exporter.export_into(provider(), label, context, out);
  if (!done) return "error: " + done.error().reason();
  return to_hex(out);
}

TEST(Exporter, Tls12MatchesRfc5705WithAndWithoutContext) {
  const Exporter exporter = tls12();
  EXPECT_EQ(exported(exporter, "EXPORTER-test", text("ctx"), 32),
            "7cf16e9f1458b6cff738e199f51d166088a8805f875b7b6f1d859bd82bf28581");
  // RFC 5705 4: an empty context has its length (0) in the seed; an absent one has nothing.
  EXPECT_EQ(exported(exporter, "EXPORTER-test", ByteView(), 32),
            "993fe92a16901209bba2a438ff3e49e585d9c42575d2917089b5a03aaf887539");
  EXPECT_EQ(exported(exporter, "EXPORTER-test", std::nullopt, 32),
            "dd4b6f8ab82efbc884b2e1ff5de96b2508c0e733a8f789e7b221b2800ce9af33");
}

TEST(Exporter, Tls12UsesTheSuitesPrfHash) {
  EXPECT_EQ(exported(tls12(HashAlgorithm::sha384), "EXPORTER-test", text("ctx"), 20),
            "e7c91bb1733b8bd919a72e5db0529163698b1e74");
}

TEST(Exporter, Tls13MatchesRfc8446) {
  const Exporter exporter = Exporter::tls13(HashAlgorithm::sha256, counting(32));
  EXPECT_EQ(exported(exporter, "EXPORTER-test", text("ctx"), 32),
            "803d55618cf5ca09a280f970d4f67a3800fe56aa25e1edb4afef839053b6d9ba");
  // RFC 8446 7.5 hashes an absent context as an empty one.
  EXPECT_EQ(exported(exporter, "EXPORTER-test", std::nullopt, 32),
            "e0d5f731e81e30f0782fbe858593be4970de889964b7d0330cb7786af89a2e44");
  EXPECT_EQ(exported(exporter, "EXPORTER-test", ByteView(), 32),
            exported(exporter, "EXPORTER-test", std::nullopt, 32));
  EXPECT_EQ(exported(Exporter::tls13(HashAlgorithm::sha384, counting(48)), "EXPORTER-test",
                     text("ctx"), 20),
            "fe46c38fd93c9f806f97c55a32f750cd3c05dc49");
}

TEST(Exporter, NoneRefusesEveryExport) {
  const Exporter none;
  EXPECT_FALSE(none.has_value());
  Bytes out(16);
  auto done = none.export_into(provider(), "EXPORTER-test", std::nullopt, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().kind(), ErrorKind::api_misuse);
  EXPECT_EQ(done.error().code(), ErrorCode::invalid_state);
}

TEST(Exporter, Tls12WithoutExtendedMasterSecretRefuses) {
  Bytes out(16);
  auto done = tls12(HashAlgorithm::sha256, false)
                  .export_into(provider(), "EXPORTER-test", std::nullopt, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_NE(done.error().reason().find("RFC 7627"), std::string::npos);
}

TEST(Exporter, ReservedLabelsAreRefusedInBothVersions) {
  const Exporter tls13 = Exporter::tls13(HashAlgorithm::sha256, counting(32));
  const Exporter twelve = tls12();
  for (const std::string_view label : {"client finished", "server finished", "master secret",
                                       "key expansion", "extended master secret"}) {
    for (const Exporter* exporter : {&tls13, &twelve}) {
      Bytes out(12);
      auto done = exporter->export_into(provider(), label, std::nullopt, out);
      ASSERT_FALSE(done.has_value()) << label;
      EXPECT_EQ(done.error().code(), ErrorCode::invalid_argument) << label;
      EXPECT_NE(done.error().reason().find("RFC 5705"), std::string::npos);
    }
  }
}

TEST(Exporter, LimitsAreRefused) {
  const Exporter tls13 = Exporter::tls13(HashAlgorithm::sha256, counting(32));
  Bytes too_long(255 * 32 + 1);
  EXPECT_FALSE(tls13.export_into(provider(), "x", std::nullopt, too_long).has_value());
  EXPECT_FALSE(tls12().export_into(provider(), "x", std::nullopt, too_long).has_value());
  Bytes out(8);
  // An empty label is accepted, as BoringSSL, OpenSSL and Go accept it: the derivation is
  // local to both ends, and peers that use one must get the same bytes from us.
  EXPECT_TRUE(tls13.export_into(provider(), "", std::nullopt, out).has_value());
  EXPECT_TRUE(tls12().export_into(provider(), "", std::nullopt, out).has_value());
  EXPECT_FALSE(tls13.export_into(provider(), std::string(250, 'a'), std::nullopt, out).has_value());
  EXPECT_TRUE(tls13.export_into(provider(), std::string(249, 'a'), std::nullopt, out).has_value());
  const Bytes big_context(65536, 1);
  EXPECT_FALSE(tls12().export_into(provider(), "x", ByteView(big_context), out).has_value());
  EXPECT_TRUE(
      tls12().export_into(provider(), "x", ByteView(big_context).first(65535), out).has_value());
}

}  // namespace
}  // namespace cpptls::handshake
