#include "wire/enums.hpp"

#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "crypto/descriptors.hpp"

namespace cpptls::wire {
namespace {

TEST(EnumNames, NameKnownEightBitValues) {
  EXPECT_EQ(name(ContentType::application_data), "application_data");
  EXPECT_EQ(name(ContentType::change_cipher_spec), "change_cipher_spec");
  EXPECT_EQ(name(HandshakeType::client_hello), "client_hello");
  EXPECT_EQ(name(HandshakeType::certificate_verify), "certificate_verify");
  EXPECT_EQ(name(HandshakeType::message_hash), "message_hash");
  EXPECT_EQ(to_string(HandshakeType::key_update), "key_update");
}

TEST(EnumNames, NameKnownSixteenBitValues) {
  EXPECT_EQ(name(ProtocolVersion::tls13), "TLS 1.3");
  EXPECT_EQ(name(ProtocolVersion::tls12), "TLS 1.2");
  EXPECT_EQ(name(ExtensionType::application_layer_protocol_negotiation),
            "application_layer_protocol_negotiation");
  EXPECT_EQ(name(ExtensionType::renegotiation_info), "renegotiation_info");
  EXPECT_EQ(to_string(ExtensionType::key_share), "key_share");
}

TEST(EnumNames, UnknownEightBitValuesPrintTwoHexDigits) {
  EXPECT_TRUE(name(static_cast<ContentType>(99)).empty());
  EXPECT_EQ(to_string(static_cast<ContentType>(0x63)), "unknown(0x63)");
  EXPECT_TRUE(name(static_cast<HandshakeType>(3)).empty());
  EXPECT_EQ(to_string(static_cast<HandshakeType>(3)), "unknown(0x03)");
  EXPECT_EQ(to_string(static_cast<HandshakeType>(0xff)), "unknown(0xff)");
}

TEST(EnumNames, UnknownSixteenBitValuesPrintFourHexDigits) {
  EXPECT_TRUE(name(static_cast<ProtocolVersion>(0x7f1c)).empty());
  EXPECT_EQ(to_string(static_cast<ProtocolVersion>(0x7f1c)), "unknown(0x7f1c)");
  EXPECT_EQ(to_string(static_cast<ExtensionType>(0x0a0a)), "unknown(0x0a0a)");  // GREASE
  EXPECT_EQ(to_string(static_cast<ExtensionType>(0x0004)), "unknown(0x0004)");
  EXPECT_EQ(to_string(static_cast<CipherSuite>(0x002f)), "unknown(0x002f)");
  EXPECT_EQ(to_string(static_cast<NamedGroup>(0x11ec)), "unknown(0x11ec)");
  EXPECT_EQ(to_string(static_cast<SignatureScheme>(0x0000)), "unknown(0x0000)");
}

TEST(EnumNames, ImplementedAlgorithmsUseTheDescriptorNames) {
  for (const auto& suite : crypto::all_suites())
    EXPECT_EQ(name(suite.id), suite.name);
  for (const auto& group : crypto::all_groups())
    EXPECT_EQ(name(group.id), group.name);
  for (const auto& scheme : crypto::all_schemes())
    EXPECT_EQ(name(scheme.id), scheme.name);
  EXPECT_EQ(to_string(CipherSuite::TLS_AES_128_GCM_SHA256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(to_string(NamedGroup::x25519), "x25519");
  EXPECT_EQ(to_string(SignatureScheme::rsa_pss_rsae_sha256), "rsa_pss_rsae_sha256");
}

TEST(EnumNames, AlgorithmsWeDoNotImplementAreStillNamed) {
  EXPECT_EQ(name(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV),
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(name(CipherSuite::TLS_FALLBACK_SCSV), "TLS_FALLBACK_SCSV");
  EXPECT_EQ(name(NamedGroup::secp521r1), "secp521r1");
  EXPECT_EQ(name(NamedGroup::x448), "x448");
  EXPECT_EQ(name(NamedGroup::ffdhe2048), "ffdhe2048");
  EXPECT_EQ(name(SignatureScheme::rsa_pkcs1_sha1), "rsa_pkcs1_sha1");
  EXPECT_EQ(name(SignatureScheme::ecdsa_sha1), "ecdsa_sha1");
  EXPECT_EQ(name(SignatureScheme::ecdsa_secp521r1_sha512), "ecdsa_secp521r1_sha512");
  EXPECT_EQ(name(SignatureScheme::ed448), "ed448");
}

// Names are unique within a registry, so a trace can be read back without ambiguity.
template <class Enum>
void expect_unique_names() {
  std::set<std::string_view> seen;
  for (std::uint32_t raw = 0; raw <= 0xffff; ++raw) {
    const std::string_view known = name(static_cast<Enum>(raw));
    if (known.empty()) continue;
    EXPECT_TRUE(seen.insert(known).second) << known << " names two values";
  }
  EXPECT_FALSE(seen.empty());
}

TEST(EnumNames, NamesAreUniqueWithinEachRegistry) {
  expect_unique_names<ProtocolVersion>();
  expect_unique_names<ExtensionType>();
  expect_unique_names<CipherSuite>();
  expect_unique_names<NamedGroup>();
  expect_unique_names<SignatureScheme>();
}

}  // namespace
}  // namespace cpptls::wire
