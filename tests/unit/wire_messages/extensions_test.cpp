#include "wire/messages/extensions.hpp"

#include <cstdint>
#include <limits>
#include <set>

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/ext_code_point_lists.hpp"

namespace cpptls::wire {
namespace {

using test::hex;

Expected<ExtensionList> decode_in(ByteView bytes, ExtensionContext context) {
  Reader reader(bytes);
  auto list = decode_extensions(reader, context);
  if (list && !reader.empty()) ADD_FAILURE() << "decode_extensions left bytes unread";
  return list;
}

constexpr ExtensionContext kAllContexts[] = {
    ExtensionContext::client_hello,         ExtensionContext::server_hello_tls12,
    ExtensionContext::server_hello,         ExtensionContext::hello_retry_request,
    ExtensionContext::encrypted_extensions, ExtensionContext::certificate_entry,
    ExtensionContext::certificate_request,  ExtensionContext::new_session_ticket,
};

// Every ExtensionType enumerator, found through name() so that a new one joins by itself.
std::vector<ExtensionType> known_types() {
  std::vector<ExtensionType> out;
  for (std::uint32_t raw = 0; raw <= std::numeric_limits<std::uint16_t>::max(); ++raw) {
    const auto type = static_cast<ExtensionType>(raw);
    if (!name(type).empty()) out.push_back(type);
  }
  return out;
}

std::set<ExtensionType> allowed_in(ExtensionContext context) {
  std::set<ExtensionType> out;
  for (const ExtensionType type : known_types()) {
    if (permission(type, context) == Permission::allowed) out.insert(type);
  }
  return out;
}

TEST(ExtensionBlock, DecodesEntriesInOrderAsViewsKeepingUnknownTypes) {
  const Bytes block = hex("0010  0017 0000  fafa 0002 abcd  000b 0002 0100");
  const auto list = decode_in(block, ExtensionContext::client_hello);
  ASSERT_TRUE(list.has_value()) << list.error().to_string();
  ASSERT_EQ(list->size(), 3U);
  EXPECT_EQ((*list)[0].type, ExtensionType::extended_master_secret);
  EXPECT_TRUE((*list)[0].data.empty());
  EXPECT_EQ(static_cast<std::uint16_t>((*list)[1].type), 0xfafaU);
  EXPECT_EQ(Bytes((*list)[1].data.begin(), (*list)[1].data.end()), hex("abcd"));
  EXPECT_EQ((*list)[1].data.data(), block.data() + 10);
  EXPECT_EQ((*list)[2].type, ExtensionType::ec_point_formats);
}

TEST(ExtensionBlock, RoundTripsThroughEncodeExtensions) {
  const Bytes data = hex("0102");
  const ExtensionList list{{ExtensionType::cookie, data}, {static_cast<ExtensionType>(0x9999), {}}};
  Bytes encoded;
  Writer writer(encoded);
  encode_extensions(writer, list);
  EXPECT_EQ(encoded, hex("000a 002c 0002 0102 9999 0000"));
  const auto decoded = decode_in(encoded, ExtensionContext::client_hello);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, list);
}

TEST(ExtensionBlock, EveryTruncationFails) {
  const Bytes block = hex("0010  0017 0000  fafa 0002 abcd  000b 0002 0100");
  test::expect_every_truncation_fails(
      block, [](ByteView b) { return decode_in(b, ExtensionContext::client_hello); });
}

TEST(ExtensionBlock, RefusesAnEntryThatRunsPastTheBlock) {
  // The block says 6 bytes; the entry inside claims 4 bytes of data but has 2.
  const auto list = decode_in(hex("0006 0017 0004 0000"), ExtensionContext::client_hello);
  test::expect_decode_error(list, ErrorCode::truncated);
  test::expect_reason_mentions(list, "extended_master_secret");
}

TEST(ExtensionBlock, RefusesAPartialEntryHeader) {
  const auto list = decode_in(hex("0005 0017 0000 ff"), ExtensionContext::client_hello);
  test::expect_decode_error(list, ErrorCode::truncated);
}

// RFC 8446 4.2 and RFC 5246 7.4.1.4: "There MUST NOT be more than one extension of the same
// type"; neither names an alert, so decode_error, as BoringSSL sends.
TEST(ExtensionBlock, RefusesTheSameTypeTwiceWithDecodeError) {
  const auto list =
      decode_in(hex("000c 0017 0000 002c 0000 0017 0000"), ExtensionContext::client_hello);
  test::expect_decode_error(list, ErrorCode::duplicate_entry);
  test::expect_reason_mentions(list, "extended_master_secret");
}

TEST(ExtensionBlock, RefusesTheSameUnknownTypeTwice) {
  const auto list =
      decode_in(hex("0008 7a7a 0000 7a7a 0000"), ExtensionContext::encrypted_extensions);
  test::expect_decode_error(list, ErrorCode::duplicate_entry);
}

TEST(ExtensionBlock, FindsAnExtensionByType) {
  const Bytes data = hex("00");
  const ExtensionList list{{ExtensionType::cookie, data}, {ExtensionType::key_share, {}}};
  ASSERT_NE(find_extension(list, ExtensionType::key_share), nullptr);
  EXPECT_EQ(find_extension(list, ExtensionType::key_share), &list[1]);
  EXPECT_EQ(find_extension(list, ExtensionType::early_data), nullptr);
}

TEST(ExtensionBlock, EncodesATypedBody) {
  Bytes out;
  Writer writer(out);
  encode_extension(writer, ExtensionType::supported_versions,
                   SupportedVersionsServerHello{ProtocolVersion::tls13});
  EXPECT_EQ(out, hex("002b 0002 0304"));
}

// RFC 8446 4.3.2: CertificateRequest extensions<2..2^16-1>.
TEST(ExtensionBlock, CertificateRequestBlockHasAMinimumOfTwoBytes) {
  test::expect_decode_error(decode_in(hex("0000"), ExtensionContext::certificate_request),
                            ErrorCode::length_out_of_range);
  test::expect_decode_error(decode_in(hex("0001 00"), ExtensionContext::certificate_request),
                            ErrorCode::length_out_of_range);
  // Two bytes pass the bound and then fail as an entry cut short.
  test::expect_decode_error(decode_in(hex("0002 000d"), ExtensionContext::certificate_request),
                            ErrorCode::truncated);
}

// RFC 8446 4.6.1: NewSessionTicket extensions<0..2^16-2>.
TEST(ExtensionBlock, NewSessionTicketBlockHasAMaximumOf2To16Minus2) {
  Bytes at_max = hex("fffe fafa fffa");
  at_max.resize(2 + 0xfffe, 0);
  EXPECT_TRUE(decode_in(at_max, ExtensionContext::new_session_ticket).has_value());
  Bytes past_max = hex("ffff fafa fffb");
  past_max.resize(2 + 0xffff, 0);
  test::expect_decode_error(decode_in(past_max, ExtensionContext::new_session_ticket),
                            ErrorCode::length_out_of_range);
  // The same block is fine where the bound is 2^16-1.
  EXPECT_TRUE(decode_in(past_max, ExtensionContext::encrypted_extensions).has_value());
}

TEST(ExtensionBlock, EmptyBlockIsAcceptedWhereTheMinimumIsZero) {
  for (const ExtensionContext context : kAllContexts) {
    const auto list = decode_in(hex("0000"), context);
    EXPECT_EQ(list.has_value(), context != ExtensionContext::certificate_request) << name(context);
  }
}

TEST(ExtensionTable, CoversEveryKnownExtensionType) {
  for (const ExtensionType type : known_types()) {
    EXPECT_NE(permission(type, ExtensionContext::client_hello), Permission::unknown)
        << to_string(type);
  }
  EXPECT_EQ(permission(static_cast<ExtensionType>(0x0a0a), ExtensionContext::server_hello),
            Permission::unknown);
}

// RFC 8446 4.2: a ClientHello serves every version and may carry every extension except
// oid_filters, which is for CertificateRequest only.
TEST(ExtensionTable, ClientHelloMayCarryEverythingButOidFilters) {
  std::set<ExtensionType> expected;
  for (const ExtensionType type : known_types())
    expected.insert(type);
  expected.erase(ExtensionType::oid_filters);
  EXPECT_EQ(allowed_in(ExtensionContext::client_hello), expected);
}

TEST(ExtensionTable, MatchesTheRfc8446ColumnsForTls13Messages) {
  using enum ExtensionType;
  EXPECT_EQ(allowed_in(ExtensionContext::server_hello),
            (std::set{pre_shared_key, supported_versions, key_share}));
  EXPECT_EQ(allowed_in(ExtensionContext::hello_retry_request),
            (std::set{supported_versions, cookie, key_share}));
  EXPECT_EQ(allowed_in(ExtensionContext::encrypted_extensions),
            (std::set{server_name, max_fragment_length, supported_groups, use_srtp, heartbeat,
                      application_layer_protocol_negotiation, record_size_limit, early_data}));
  EXPECT_EQ(allowed_in(ExtensionContext::certificate_entry),
            (std::set{status_request, signed_certificate_timestamp}));
  EXPECT_EQ(allowed_in(ExtensionContext::certificate_request),
            (std::set{status_request, signature_algorithms, signed_certificate_timestamp,
                      compress_certificate, certificate_authorities, oid_filters,
                      signature_algorithms_cert}));
  EXPECT_EQ(allowed_in(ExtensionContext::new_session_ticket), (std::set{early_data}));
}

TEST(ExtensionTable, Tls12ServerHelloCarriesOnlyTls12Extensions) {
  using enum ExtensionType;
  EXPECT_EQ(allowed_in(ExtensionContext::server_hello_tls12),
            (std::set{server_name, max_fragment_length, status_request, ec_point_formats, use_srtp,
                      heartbeat, application_layer_protocol_negotiation,
                      signed_certificate_timestamp, encrypt_then_mac, extended_master_secret,
                      record_size_limit, session_ticket, renegotiation_info}));
}

TEST(ExtensionTable, RefusesAKnownExtensionInAMessageThatMayNotCarryItWithIllegalParameter) {
  // key_share (0x0033) in EncryptedExtensions.
  const auto list =
      decode_in(hex("0008 0033 0004 001d 0000"), ExtensionContext::encrypted_extensions);
  test::expect_illegal(list);
  test::expect_reason_mentions(list, "EncryptedExtensions");
  test::expect_reason_mentions(list, "key_share");
}

TEST(ExtensionTable, RefusesEachForbiddenKnownExtensionInEveryContext) {
  for (const ExtensionContext context : kAllContexts) {
    for (const ExtensionType type : known_types()) {
      Bytes block;
      Writer writer(block);
      encode_extensions(writer, ExtensionList{{type, {}}});
      const auto list = decode_in(block, context);
      if (permission(type, context) == Permission::allowed) {
        EXPECT_TRUE(list.has_value()) << to_string(type) << " in " << name(context);
      } else {
        test::expect_illegal(list);
      }
    }
  }
}

TEST(ExtensionTable, LetsUnknownExtensionsPassEverywhere) {
  for (const ExtensionContext context : kAllContexts) {
    const auto list = decode_in(hex("0006 caca 0002 0102"), context);
    ASSERT_TRUE(list.has_value()) << name(context);
    EXPECT_EQ(list->size(), 1U);
  }
}

}  // namespace
}  // namespace cpptls::wire
