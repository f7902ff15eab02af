#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509::der {
namespace {

// The OID views its bytes, so the decoded form is returned as text (or the error).
Expected<std::string> decode(const Bytes& der) {
  Reader reader(der);
  auto element = reader.read_any("oid");
  if (!element) return Unexpected<Error>(element.error());
  auto oid = decode_oid(*element, "oid");
  if (!oid) return Unexpected<Error>(oid.error());
  return oid->to_string();
}

TEST(DerOid, PrintsDottedForm) {
  for (const char* dotted : {"1.2.840.113549.1.1.11", "2.5.29.17", "0.9.2342.19200300.100.1.25",
                             "2.999.3", "1.3.6.1.4.1.55738.666.1", "1.2.18446744073709551615"}) {
    auto oid = decode(testing::oid(dotted));
    ASSERT_TRUE(oid) << dotted;
    EXPECT_EQ(*oid, dotted);
  }
}

TEST(DerOid, PrintsArcsBeyond64BitsExactly) {
  // A UUID arc (X.667) and 2^64.
  auto uuid = decode({0x06, 0x14, 0x69, 0x83, 0xf0, 0x9d, 0xa7, 0xeb, 0xcf, 0xde, 0xe0,
                      0xc7, 0xa1, 0xa7, 0xb2, 0xc0, 0x94, 0x8c, 0xc8, 0xf9, 0xd7, 0x76});
  ASSERT_TRUE(uuid);
  EXPECT_EQ(*uuid, "2.25.329800735698586629295641978511506172918");
  auto big = decode({0x06, 0x0b, 0x2a, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  ASSERT_TRUE(big);
  EXPECT_EQ(*big, "1.2.18446744073709551616");
}

TEST(DerOid, ComparesByBytes) {
  const Bytes der = testing::oid("2.5.29.17");
  Reader reader(der);
  auto element = reader.read_any("oid");
  ASSERT_TRUE(element);
  auto a = decode_oid(*element, "oid");
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, Oid(oid::kSubjectAltName));
  EXPECT_FALSE(*a == Oid(oid::kIssuerAltName));
}

TEST(DerOid, RejectsNonMinimalSubidentifiers) {
  auto oid = decode({0x06, 0x03, 0x2a, 0x80, 0x01});
  ASSERT_FALSE(oid);
  EXPECT_NE(oid.error().reason().find("not minimally encoded"), std::string::npos);
}

TEST(DerOid, RejectsTruncatedSubidentifier) {
  auto oid = decode({0x06, 0x02, 0x2a, 0x86});
  ASSERT_FALSE(oid);
  EXPECT_NE(oid.error().reason().find("ends in the middle"), std::string::npos);
}

TEST(DerOid, RejectsEmptyAndOversized) {
  EXPECT_FALSE(decode({0x06, 0x00}));
  Bytes big = {0x06, 0x81, 0x81};
  big.resize(3 + 0x81, 0x01);
  auto oid = decode(big);
  ASSERT_FALSE(oid);
  EXPECT_EQ(oid.error().code(), ErrorCode::length_out_of_range);
}

}  // namespace
}  // namespace cpptls::x509::der
