#include "base/error.hpp"

#include <gtest/gtest.h>

#include "base/wipe.hpp"

namespace cpptls {
namespace {

Expected<int> parse_positive(int value) {
  if (value <= 0) return decode_failure(ErrorCode::invalid_value, "value must be positive");
  return value;
}

TEST(Error, CarriesKindCodeAlertAndReason) {
  const auto result = parse_positive(-1);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::decode);
  EXPECT_EQ(result.error().code(), ErrorCode::invalid_value);
  EXPECT_EQ(result.error().alert(), AlertDescription::decode_error);
  EXPECT_EQ(result.error().to_string(),
            "decode error (invalid_value, alert decode_error): value must be positive");
}

TEST(Error, ReasonNeverCarriesControlCharacters) {
  // Code that quotes a peer's name without escaping it still cannot forge a log line.
  const Error error(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
                    AlertDescription::illegal_parameter,
                    "protocol \"h2\nerror: forged \x1b[31m\" is \\x0a-free");
  EXPECT_EQ(error.reason(), "protocol \"h2\\x0aerror: forged \\x1b[31m\" is \\x0a-free");
  EXPECT_EQ(error.to_string().find('\n'), std::string::npos);
}

TEST(Error, AlertNamesKeepUnknownValues) {
  EXPECT_EQ(to_string(AlertDescription::bad_record_mac), "bad_record_mac");
  EXPECT_EQ(to_string(static_cast<AlertDescription>(0xfe)), "unknown(0xfe)");
}

TEST(Wipe, ZeroesTheBytes) {
  Bytes secret = {1, 2, 3, 4};
  secure_wipe(secret);
  EXPECT_EQ(secret, Bytes(4, 0));
}

TEST(Wipe, SecretBytesBehaveAsAVector) {
  SecretBytes secret = to_secret(Bytes{9, 8, 7});
  secret.push_back(6);
  EXPECT_EQ(secret.size(), 4U);
  EXPECT_EQ(secret[3], 6);
}

}  // namespace
}  // namespace cpptls
