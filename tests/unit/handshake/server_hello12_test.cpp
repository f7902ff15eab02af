// The TLS 1.2 server's reading of ClientHellos our client never sends: old versions,
// supported_versions, missing or odd extensions, renegotiation indications.

#include <gtest/gtest.h>

#include "handshake/common/extension_builder.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using crypto::SignatureScheme;
using wire::ExtensionType;
using wire::ProtocolVersion;

struct HelloSpec {
  ProtocolVersion version = ProtocolVersion::tls12;
  std::vector<CipherSuite> suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  std::optional<std::vector<NamedGroup>> groups = std::vector{NamedGroup::x25519};
  std::optional<std::vector<SignatureScheme>> schemes =
      std::vector{SignatureScheme::ecdsa_secp256r1_sha256};
  std::optional<std::vector<wire::EcPointFormat>> point_formats =
      std::vector{wire::EcPointFormat::uncompressed};
  std::optional<Bytes> renegotiation_info = Bytes{};
  std::optional<std::vector<ProtocolVersion>> supported_versions;
  std::optional<std::string> server_name;
  bool extended_master_secret = true;
  bool extensions = true;
};

Bytes encode(const HelloSpec& spec) {
  static constexpr std::uint8_t kNull[] = {0};
  wire::ClientHello hello;
  hello.legacy_version = spec.version;
  hello.random.fill(0x42);
  hello.cipher_suites = spec.suites;
  hello.legacy_compression_methods = kNull;
  ExtensionBuilder extensions;
  if (spec.server_name)
    extensions.add(ExtensionType::server_name, wire::ServerNameList{as_bytes(*spec.server_name)});
  if (spec.groups)
    extensions.add(ExtensionType::supported_groups, wire::NamedGroupList{*spec.groups});
  if (spec.point_formats) {
    extensions.add(ExtensionType::ec_point_formats, wire::EcPointFormatList{*spec.point_formats});
  }
  if (spec.schemes) {
    extensions.add(ExtensionType::signature_algorithms, wire::SignatureSchemeList{*spec.schemes});
  }
  if (spec.supported_versions) {
    extensions.add(ExtensionType::supported_versions,
                   wire::SupportedVersionsClientHello{*spec.supported_versions});
  }
  if (spec.extended_master_secret)
    extensions.add(ExtensionType::extended_master_secret, wire::ExtendedMasterSecret{});
  if (spec.renegotiation_info) {
    extensions.add(ExtensionType::renegotiation_info,
                   wire::RenegotiationInfo{*spec.renegotiation_info});
  }
  hello.extensions_present = spec.extensions;
  if (spec.extensions) hello.extensions = extensions.list();
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(hello, out));
  return out;
}

struct Answer {
  Expected<void> result;
  std::optional<wire::ServerHello> hello;
  Bytes flight;  // keeps the views of `hello` alive
};

Answer answer(hs12::ServerHandshake& server, const HelloSpec& spec) {
  const Bytes encoded = encode(spec);
  wire::Reader reader(encoded);
  auto message = wire::HandshakeMessage::decode(reader);
  EXPECT_TRUE(message);
  Output out;
  Answer answer{server.on_message(*message, encoded, out), std::nullopt, {}};
  if (!answer.result) return answer;
  EXPECT_EQ(out.actions().size(), 1U);
  answer.flight = std::get<SendHandshake>(out.actions().front()).messages;
  wire::Reader flight(answer.flight);
  auto first = wire::HandshakeMessage::decode(flight);
  EXPECT_TRUE(first);
  EXPECT_EQ(first->type, wire::HandshakeType::server_hello);
  auto hello = wire::ServerHello::decode(first->body);
  EXPECT_TRUE(hello) << hello.error().to_string();
  if (hello) answer.hello = std::move(*hello);
  return answer;
}

Answer answer(const HelloSpec& spec, const Credential& credential = ec_credential(),
              std::vector<CipherSuite> suites = {}) {
  ServerSettings settings = server_settings(credential);
  settings.cipher_suites = std::move(suites);
  hs12::ServerHandshake server(settings);
  return answer(server, spec);
}

bool has(const wire::ServerHello& hello, ExtensionType type) {
  return wire::find_extension(hello.extensions, type) != nullptr;
}

TEST(ServerHello12, AnswersAWellFormedHelloWithTls12AndTheOfferedExtensions) {
  const Answer a = answer(HelloSpec{});
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_EQ(a.hello->legacy_version, ProtocolVersion::tls12);
  EXPECT_EQ(a.hello->cipher_suite, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
  EXPECT_EQ(a.hello->legacy_compression_method, 0);
  EXPECT_TRUE(a.hello->legacy_session_id_echo.empty());
  EXPECT_TRUE(has(*a.hello, ExtensionType::renegotiation_info));
  EXPECT_TRUE(has(*a.hello, ExtensionType::extended_master_secret));
  EXPECT_TRUE(has(*a.hello, ExtensionType::ec_point_formats));
  EXPECT_FALSE(has(*a.hello, ExtensionType::application_layer_protocol_negotiation));
  EXPECT_FALSE(has(*a.hello, ExtensionType::server_name));
}

TEST(ServerHello12, RefusesAClientOfferingOnlyVersionsBelowTls12WithProtocolVersion) {
  for (const ProtocolVersion version :
       {ProtocolVersion::tls11, ProtocolVersion::tls10, ProtocolVersion::ssl3}) {
    HelloSpec spec;
    spec.version = version;
    const Answer a = answer(spec);
    ASSERT_FALSE(a.result) << wire::to_string(version);
    EXPECT_EQ(a.result.error().alert(), AlertDescription::protocol_version);
    EXPECT_EQ(a.result.error().code(), ErrorCode::protocol_version);
  }
}

TEST(ServerHello12, AcceptsALegacyVersionAboveTls12AndAnswersWithTls12) {
  HelloSpec spec;
  spec.version = ProtocolVersion::tls13;
  const Answer a = answer(spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_EQ(a.hello->legacy_version, ProtocolVersion::tls12);
}

TEST(ServerHello12, DecidesTheVersionBySupportedVersionsWhenPresent) {
  HelloSpec only13;
  only13.supported_versions = std::vector{ProtocolVersion::tls13};
  const Answer refused = answer(only13);
  ASSERT_FALSE(refused.result);
  EXPECT_EQ(refused.result.error().alert(), AlertDescription::protocol_version);

  HelloSpec old;
  old.supported_versions = std::vector{ProtocolVersion::tls11, ProtocolVersion::tls10};
  EXPECT_FALSE(answer(old).result);

  HelloSpec both;
  both.supported_versions = std::vector{ProtocolVersion::tls13, ProtocolVersion::tls12};
  const Answer accepted = answer(both);
  ASSERT_TRUE(accepted.result) << accepted.result.error().to_string();
  EXPECT_FALSE(has(*accepted.hello, ExtensionType::supported_versions));
}

TEST(ServerHello12, AcceptsAClientWithoutSecureRenegotiationAndRecordsIt) {
  HelloSpec spec;
  spec.renegotiation_info.reset();
  hs12::ServerHandshake server(server_settings(ec_credential()));
  const Answer a = answer(server, spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_FALSE(has(*a.hello, ExtensionType::renegotiation_info));
  EXPECT_FALSE(server.summary().secure_renegotiation);
}

TEST(ServerHello12, AnswersTheRenegotiationScsvWithAnEmptyRenegotiationInfo) {
  HelloSpec spec;
  spec.renegotiation_info.reset();
  spec.suites.push_back(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  hs12::ServerHandshake server(server_settings(ec_credential()));
  const Answer a = answer(server, spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  const wire::Extension* info =
      wire::find_extension(a.hello->extensions, ExtensionType::renegotiation_info);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->data.size(), 1U);  // renegotiated_connection<0..255>, empty
  EXPECT_TRUE(server.summary().secure_renegotiation);
}

TEST(ServerHello12, RefusesANonEmptyRenegotiationInfoOnAnInitialHandshake) {
  HelloSpec spec;
  spec.renegotiation_info = Bytes(12, 0xaa);
  const Answer a = answer(spec);
  ASSERT_FALSE(a.result);
  EXPECT_EQ(a.result.error().alert(), AlertDescription::handshake_failure);
}

TEST(ServerHello12, WithoutSignatureAlgorithmsAssumesSha1AndSoCannotSignServerKeyExchange) {
  // RFC 5246 7.4.1.4.1: {sha1,rsa} is implied, which we do not make; RSA key transport
  // needs no signature and remains.
  HelloSpec spec;
  spec.schemes.reset();
  spec.suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                 CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  const std::vector<CipherSuite> both = spec.suites;
  const Answer a = answer(spec, rsa_credential(), both);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_EQ(a.hello->cipher_suite, CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);

  spec.suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  const Answer refused = answer(spec, rsa_credential());
  ASSERT_FALSE(refused.result);
  EXPECT_EQ(refused.result.error().alert(), AlertDescription::handshake_failure);
  EXPECT_NE(refused.result.error().reason().find("SHA-1"), std::string::npos)
      << refused.result.error().reason();
}

TEST(ServerHello12, WithoutSupportedGroupsChoosesItsOwnFirstGroup) {
  HelloSpec spec;
  spec.groups.reset();
  hs12::ServerHandshake server(server_settings(ec_credential()));
  const Answer a = answer(server, spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_EQ(server.summary().group, NamedGroup::x25519);
}

TEST(ServerHello12, RefusesPointFormatsWithoutUncompressed) {
  HelloSpec spec;
  spec.point_formats = std::vector{wire::EcPointFormat::ansiX962_compressed_prime};
  const Answer a = answer(spec);
  ASSERT_FALSE(a.result);
  EXPECT_EQ(a.result.error().alert(), AlertDescription::illegal_parameter);
}

TEST(ServerHello12, SendsNoPointFormatsUnlessTheClientDid) {
  HelloSpec spec;
  spec.point_formats.reset();
  const Answer a = answer(spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_FALSE(has(*a.hello, ExtensionType::ec_point_formats));
}

TEST(ServerHello12, AnswersAHelloWithoutExtensionsWithoutExtensions) {
  HelloSpec spec;
  spec.extensions = false;
  spec.suites = {CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384};
  hs12::ServerHandshake server([] {
    ServerSettings settings = server_settings(rsa_credential());
    settings.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384};
    return settings;
  }());
  const Answer a = answer(server, spec);
  ASSERT_TRUE(a.result) << a.result.error().to_string();
  EXPECT_FALSE(a.hello->extensions_present);
  EXPECT_FALSE(server.summary().extended_master_secret);
  EXPECT_FALSE(server.summary().secure_renegotiation);
}

TEST(ServerHello12, RecordsTheServerNameTheClientSent) {
  HelloSpec spec;
  spec.server_name = "www.example.com";
  hs12::ServerHandshake server(server_settings(ec_credential()));
  ASSERT_TRUE(answer(server, spec).result);
  EXPECT_EQ(server.summary().server_name, "www.example.com");
}

TEST(ServerHello12, RefusesToRunWithoutACredential) {
  ServerSettings settings = server_settings(ec_credential());
  settings.credentials.clear();
  hs12::ServerHandshake server(settings);
  const Answer a = answer(server, HelloSpec{});
  ASSERT_FALSE(a.result);
  EXPECT_EQ(a.result.error().kind(), ErrorKind::api_misuse);
}

}  // namespace
}  // namespace cpptls::handshake::testing
