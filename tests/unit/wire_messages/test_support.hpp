#pragma once
// Helpers shared by the message and extension codec tests: hex, encoding a value, the
// checks every codec gets (round trip, every truncation fails, trailing bytes fail, the
// failure's kind and alert), and the TLS 1.3 traces of draft-ietf-tls-tls13-vectors read
// from ../shared at run time.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire::test {

// Hex with optional white space; fails the test on bad input.
[[nodiscard]] Bytes hex(std::string_view text);

// n bytes of `fill`.
[[nodiscard]] Bytes filled(std::size_t n, std::uint8_t fill = 0xab);

// Concatenation, for building encodings by hand.
[[nodiscard]] Bytes cat(std::initializer_list<ByteView> parts);
// A 1-, 2- or 3-byte big-endian length followed by `body`.
[[nodiscard]] Bytes prefixed(std::size_t width, ByteView body);

template <class T>
[[nodiscard]] Bytes encode_body(const T& value) {
  Bytes out;
  Writer writer(out);
  value.encode(writer);
  EXPECT_TRUE(writer.ok());
  return out;
}

// The failure of `result`, checked to be a decode error with alert decode_error.
template <class T>
void expect_decode_error(const Expected<T>& result, ErrorCode code) {
  ASSERT_FALSE(result.has_value()) << "decoded although malformed";
  EXPECT_EQ(result.error().kind(), ErrorKind::decode) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::decode_error) << result.error().to_string();
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
  EXPECT_FALSE(result.error().reason().empty());
}

// The failure of `result`, checked to be a well-formed but illegal value.
template <class T>
void expect_illegal(const Expected<T>& result, ErrorCode code = ErrorCode::illegal_parameter) {
  ASSERT_FALSE(result.has_value()) << "decoded although illegal";
  EXPECT_EQ(result.error().kind(), ErrorKind::peer_misbehaved) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter)
      << result.error().to_string();
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
}

// Reason contains `text`.
template <class T>
void expect_reason_mentions(const Expected<T>& result, std::string_view text) {
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().reason().find(text), std::string::npos) << result.error().reason();
}

// Decodes every proper prefix of `valid` (each copied into its own buffer, so that a read
// past the end is caught by the sanitizers) and expects a decode error, except at the
// lengths listed in `also_valid` (a TLS 1.2 hello that ends before its extensions).
template <class Decode>
void expect_every_truncation_fails(ByteView valid, Decode&& decode,
                                   std::initializer_list<std::size_t> also_valid = {}) {
  for (std::size_t n = 0; n < valid.size(); ++n) {
    const Bytes prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n));
    const auto result = decode(ByteView(prefix));
    bool allowed = false;
    for (const std::size_t ok : also_valid)
      allowed = allowed || ok == n;
    if (allowed) {
      EXPECT_TRUE(result.has_value()) << "prefix of " << n << " bytes";
      continue;
    }
    ASSERT_FALSE(result.has_value()) << "prefix of " << n << " of " << valid.size() << " bytes";
    EXPECT_EQ(result.error().kind(), ErrorKind::decode)
        << n << " bytes: " << result.error().to_string();
    EXPECT_EQ(result.error().alert(), AlertDescription::decode_error)
        << n << " bytes: " << result.error().to_string();
  }
}

// `valid` followed by one more byte must fail as malformed.
template <class Decode>
void expect_trailing_byte_fails(ByteView valid, Decode&& decode) {
  for (const std::uint8_t extra : {0x00, 0xff}) {
    Bytes longer(valid.begin(), valid.end());
    longer.push_back(extra);
    const auto result = decode(ByteView(longer));
    ASSERT_FALSE(result.has_value()) << "accepted a trailing 0x" << int{extra};
    EXPECT_EQ(result.error().kind(), ErrorKind::decode) << result.error().to_string();
  }
}

// encode → decode → equal, and the decoded value encodes to the same bytes. Since the
// encodings are canonical (every field is kept), equal bytes mean equal values too.
template <class T, class Decode>
void expect_round_trip(const T& value, Decode&& decode) {
  const Bytes encoded = encode_body(value);
  const auto decoded = decode(ByteView(encoded));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_TRUE(*decoded == value);
  EXPECT_EQ(encode_body(*decoded), encoded);
}

template <class T>
void expect_round_trip(const T& value) {
  expect_round_trip(value, [](ByteView bytes) { return T::decode(bytes); });
}

// Decodes `bytes`, checks that it re-encodes byte for byte, and returns the value.
template <class T, class Decode>
T expect_reencodes(ByteView bytes, Decode&& decode) {
  auto decoded = decode(bytes);
  EXPECT_TRUE(decoded.has_value()) << decoded.error().to_string();
  if (!decoded) return T{};
  EXPECT_EQ(encode_body(*decoded), Bytes(bytes.begin(), bytes.end()));
  return std::move(*decoded);
}

template <class T>
T expect_reencodes(ByteView bytes) {
  return expect_reencodes<T>(bytes, [](ByteView b) { return T::decode(b); });
}

// The decoded value holds views into `bytes`: a temporary would leave them dangling.
template <class T>
T expect_reencodes(Bytes&& bytes) = delete;

// The messages of draft-ietf-tls-tls13-vectors (RFC 8448's draft), read from the file.
struct TraceItem {
  int section = 0;     // 3 = simple 1-RTT, 4 = resumed 0-RTT, 5 = HRR, 6 = client auth, ...
  std::string action;  // "{client}  construct a ClientHello handshake message"
  std::string label;   // "ClientHello", "payload", "ClientHello prefix", ...
  Bytes bytes;
};

// Every labelled hex value of the trace file, in file order. Fails the test when the file
// is missing or a value's octet count does not match its hex.
[[nodiscard]] const std::vector<TraceItem>& trace();

// The first item of `section` whose action contains `action` and whose label is `label`,
// skipping `skip` earlier matches. Fails the test when there is none.
[[nodiscard]] Bytes trace_value(int section, std::string_view action, std::string_view label,
                                int skip = 0);

// The handshake body of a message from the trace ("construct a <Name> handshake message"),
// after checking its 4-byte header says `type` and the right length.
[[nodiscard]] Bytes trace_handshake_body(int section, std::string_view name, std::uint8_t type,
                                         int skip = 0);

}  // namespace cpptls::wire::test
