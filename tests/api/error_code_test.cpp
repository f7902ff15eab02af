// TlsError in <system_error>: codes with stable names, a std::error_code that compares equal to
// its kind and to its code, and a message that names both.

#include <set>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "cpptls/error.hpp"

namespace cpptls::api_test {
namespace {

// A tampered record's bad_record_mac (ApiFailures.TamperedRecordGivesBadRecordMacSeenByThePeer
// makes the same failure through a connection).
TEST(ErrorCode, AnErrorCodeComparesWithItsKindAndItsCode) {
  const TlsError error(TlsErrorKind::crypto, TlsErrorCode::bad_record_mac, 20,
                       "record authentication failed");
  const std::error_code ec = error.error_code();
  EXPECT_TRUE(ec);
  EXPECT_EQ(ec.category(), tls_error_category());
  EXPECT_EQ(ec, TlsErrorCode::bad_record_mac);
  EXPECT_EQ(ec, TlsErrorKind::crypto);
  EXPECT_NE(ec, TlsErrorCode::truncated);
  EXPECT_NE(ec, TlsErrorKind::certificate);
  EXPECT_EQ(ec.message(), "crypto error: bad_record_mac");
  EXPECT_EQ(ec.default_error_condition(), TlsErrorKind::crypto);
  EXPECT_EQ(error.code_name(), "bad_record_mac");
}

TEST(ErrorCode, EqualKindAndCodeAreEqualErrorCodesWhateverTheReason) {
  const TlsError one(TlsErrorKind::decode, TlsErrorCode::truncated, 50, "one reason");
  const TlsError other(TlsErrorKind::decode, TlsErrorCode::truncated, 50, "another");
  const TlsError io(TlsErrorKind::io, TlsErrorCode::timeout, 0, "timed out");
  EXPECT_EQ(one.error_code(), other.error_code());
  EXPECT_NE(one.error_code(), io.error_code());
  EXPECT_EQ(io.error_code(), TlsErrorKind::io);
  EXPECT_EQ(io.error_code(), TlsErrorCode::timeout);
  EXPECT_EQ(io.error_code().message(), "I/O error: timeout");
  // Other categories' conditions are never equal.
  EXPECT_NE(one.error_code(), std::errc::timed_out);
}

TEST(ErrorCode, EveryCodeHasItsOwnStableName) {
  const TlsErrorCode codes[] = {
      TlsErrorCode::truncated,
      TlsErrorCode::trailing_data,
      TlsErrorCode::length_out_of_range,
      TlsErrorCode::invalid_value,
      TlsErrorCode::empty_list,
      TlsErrorCode::duplicate_entry,
      TlsErrorCode::record_overflow,
      TlsErrorCode::bad_record_mac,
      TlsErrorCode::bad_record_header,
      TlsErrorCode::unexpected_content_type,
      TlsErrorCode::sequence_exhausted,
      TlsErrorCode::empty_record,
      TlsErrorCode::unsupported_algorithm,
      TlsErrorCode::invalid_key,
      TlsErrorCode::invalid_public_value,
      TlsErrorCode::bad_signature,
      TlsErrorCode::key_parse_failed,
      TlsErrorCode::crypto_library_failure,
      TlsErrorCode::random_failure,
      TlsErrorCode::unexpected_message,
      TlsErrorCode::handshake_failure,
      TlsErrorCode::protocol_version,
      TlsErrorCode::illegal_parameter,
      TlsErrorCode::missing_extension,
      TlsErrorCode::bad_finished,
      TlsErrorCode::peer_alert,
      TlsErrorCode::no_application_protocol,
      TlsErrorCode::certificate_invalid,
      TlsErrorCode::certificate_expired,
      TlsErrorCode::certificate_untrusted,
      TlsErrorCode::certificate_name_mismatch,
      TlsErrorCode::certificate_unsupported,
      TlsErrorCode::buffer_too_small,
      TlsErrorCode::invalid_argument,
      TlsErrorCode::invalid_state,
      TlsErrorCode::internal_error,
      TlsErrorCode::connection_truncated,
      TlsErrorCode::closed_during_handshake,
      TlsErrorCode::timeout,
      TlsErrorCode::connect_failed,
      TlsErrorCode::resolve_failed,
      TlsErrorCode::socket_error,
      TlsErrorCode::send_failed,
      TlsErrorCode::receive_failed,
      TlsErrorCode::bind_failed,
      TlsErrorCode::listen_failed,
      TlsErrorCode::accept_failed,
      TlsErrorCode::output_failed,
  };
  std::set<std::string> names;
  for (const TlsErrorCode code : codes) {
    const std::string text(name(code));
    EXPECT_NE(text, "unknown") << static_cast<int>(code);
    EXPECT_TRUE(names.insert(text).second) << text << " names two codes";
  }
  EXPECT_EQ(name(TlsErrorCode::bad_record_mac), "bad_record_mac");
  EXPECT_EQ(name(TlsErrorCode::connection_truncated), "connection_truncated");
  EXPECT_EQ(name(static_cast<TlsErrorCode>(999)), "unknown");
}

}  // namespace
}  // namespace cpptls::api_test
