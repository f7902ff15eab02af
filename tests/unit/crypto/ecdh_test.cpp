// ECDH on P-256 and P-384: RFC 5903 8.1 and 8.2 vectors through key_share_from_private,
// generated shares agree, and malformed peer points are refused.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

Bytes view_bytes(ByteView view) {
  return Bytes(view.begin(), view.end());
}

struct Rfc5903Vector {
  NamedGroup group;
  std::string_view i;
  std::string_view gi;  // x || y
  std::string_view r;
  std::string_view gr;
  std::string_view girx;
};

void check_vector(const Rfc5903Vector& v) {
  auto initiator = real_provider().key_share_from_private(v.group, hex(v.i));
  auto responder = real_provider().key_share_from_private(v.group, hex(v.r));
  ASSERT_TRUE(initiator.has_value()) << initiator.error().to_string();
  ASSERT_TRUE(responder.has_value()) << responder.error().to_string();
  Bytes gi = hex("04");
  const Bytes gi_xy = hex(v.gi);
  gi.insert(gi.end(), gi_xy.begin(), gi_xy.end());
  Bytes gr = hex("04");
  const Bytes gr_xy = hex(v.gr);
  gr.insert(gr.end(), gr_xy.begin(), gr_xy.end());
  EXPECT_EQ(view_bytes((*initiator)->public_value()), gi);
  EXPECT_EQ(view_bytes((*responder)->public_value()), gr);
  auto one = (*initiator)->derive(gr);
  auto two = (*responder)->derive(gi);
  ASSERT_TRUE(one.has_value()) << one.error().to_string();
  ASSERT_TRUE(two.has_value()) << two.error().to_string();
  EXPECT_EQ(Bytes(one->begin(), one->end()), hex(v.girx));
  EXPECT_EQ(Bytes(two->begin(), two->end()), hex(v.girx));
}

TEST(Ecdh, Rfc5903P256) {
  check_vector({NamedGroup::secp256r1,
                "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
                "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
                "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
                "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
                "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
                "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"});
}

TEST(Ecdh, Rfc5903P384) {
  check_vector({NamedGroup::secp384r1,
                "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
                "e35b538041e649ee3faef896783ab194",
                "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
                "de3ac808acb4bdb4c88732aee95f41aa"
                "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38e"
                "eb9fcff3c2c947dae69b4c634573a81c",
                "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942"
                "e0308312916b8ed2960e4bd55a7448fc",
                "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
                "0d1ac43a0336def96fda41d0774a3571"
                "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1ff"
                "f83fa40142209dff5eaad96db9e6386c",
                "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
                "d603135569b9e9d09cf5d4a270f59746"});
}

class EcdhGroup : public ::testing::TestWithParam<NamedGroup> {
 protected:
  [[nodiscard]] std::size_t field_size() const {
    return GetParam() == NamedGroup::secp256r1 ? 32 : 48;
  }
  [[nodiscard]] std::unique_ptr<KeyShare> generate() const {
    auto share = real_provider().generate_key_share(GetParam());
    EXPECT_TRUE(share.has_value()) << share.error().to_string();
    return share ? std::move(*share) : nullptr;
  }
  void expect_refused(ByteView peer, std::string_view reason_part) const {
    auto ours = generate();
    ASSERT_NE(ours, nullptr);
    auto secret = ours->derive(peer);
    ASSERT_FALSE(secret.has_value());
    EXPECT_EQ(secret.error().code(), ErrorCode::invalid_public_value);
    EXPECT_EQ(secret.error().alert(), AlertDescription::illegal_parameter);
    EXPECT_NE(secret.error().reason().find(reason_part), std::string::npos)
        << secret.error().reason();
  }
  [[nodiscard]] Bytes valid_point() const {
    auto share = generate();
    return share ? view_bytes(share->public_value()) : Bytes{};
  }
};

TEST_P(EcdhGroup, GeneratedSharesAgreeBothWays) {
  auto a = generate();
  auto b = generate();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->public_value().size(), 1 + 2 * field_size());
  EXPECT_EQ(a->public_value()[0], 0x04);
  auto ab = a->derive(b->public_value());
  auto ba = b->derive(a->public_value());
  ASSERT_TRUE(ab.has_value()) << ab.error().to_string();
  ASSERT_TRUE(ba.has_value()) << ba.error().to_string();
  EXPECT_EQ(ab->size(), field_size());
  EXPECT_EQ(*ab, *ba);
}

TEST_P(EcdhGroup, RefusesAPointOffTheCurve) {
  Bytes point = valid_point();
  ASSERT_FALSE(point.empty());
  point.back() ^= 0x01;  // y changes, x stays: y^2 = x^3 + ax + b no longer holds
  expect_refused(point, "not a point on the curve");
}

TEST_P(EcdhGroup, RefusesACompressedPoint) {
  const Bytes point = valid_point();
  ASSERT_FALSE(point.empty());
  Bytes compressed(point.begin(), point.begin() + 1 + static_cast<std::ptrdiff_t>(field_size()));
  compressed[0] = static_cast<std::uint8_t>(0x02 | (point.back() & 1));
  expect_refused(compressed, "expected " + std::to_string(1 + 2 * field_size()));
  // The right length with a compressed or hybrid prefix is refused for the prefix.
  Bytes hybrid = point;
  hybrid[0] = static_cast<std::uint8_t>(0x06 | (point.back() & 1));
  expect_refused(hybrid, "only the uncompressed form");
}

TEST_P(EcdhGroup, RefusesTheWrongLength) {
  Bytes point = valid_point();
  ASSERT_FALSE(point.empty());
  expect_refused(Bytes(point.begin(), point.end() - 1), "bytes, expected");
  point.push_back(0x00);
  expect_refused(point, "bytes, expected");
  expect_refused({}, "has 0 bytes");
}

TEST_P(EcdhGroup, RefusesThePointAtInfinity) {
  // SEC 1 2.3.3 encodes the point at infinity as the single byte 0x00.
  expect_refused(hex("00"), "has 1 bytes");
  Bytes zeros(1 + 2 * field_size(), 0x00);
  expect_refused(zeros, "only the uncompressed form");
  zeros[0] = 0x04;  // (0, 0) is not on either curve (b != 0)
  expect_refused(zeros, "not a point on the curve");
}

TEST_P(EcdhGroup, RefusesAPrivateScalarOutOfRange) {
  auto zero = real_provider().key_share_from_private(GetParam(), Bytes(field_size(), 0x00));
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error().code(), ErrorCode::invalid_key);
  auto too_big = real_provider().key_share_from_private(GetParam(), Bytes(field_size(), 0xff));
  ASSERT_FALSE(too_big.has_value());
  EXPECT_EQ(too_big.error().code(), ErrorCode::invalid_key);
  auto short_scalar = real_provider().key_share_from_private(GetParam(), Bytes(16, 0x01));
  ASSERT_FALSE(short_scalar.has_value());
  EXPECT_EQ(short_scalar.error().code(), ErrorCode::invalid_key);
}

INSTANTIATE_TEST_SUITE_P(NistCurves, EcdhGroup,
                         ::testing::Values(NamedGroup::secp256r1, NamedGroup::secp384r1),
                         [](const ::testing::TestParamInfo<NamedGroup>& param_info) {
                           return param_info.param == NamedGroup::secp256r1 ? std::string("P256")
                                                                            : std::string("P384");
                         });

}  // namespace
}  // namespace cpptls::crypto
