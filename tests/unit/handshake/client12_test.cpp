// The TLS 1.2 client's ClientHello, and its checks of server answers our server never sends.

#include <gtest/gtest.h>

#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using wire::ExtensionType;
using wire::HandshakeType;

struct SentHello {
  Bytes bytes;
  wire::ClientHello hello;
};

std::optional<SentHello> client_hello_of(const ClientSettings& settings,
                                         Expected<void>* result = nullptr) {
  hs12::ClientHandshake client(settings);
  Output out;
  auto started = client.start(out);
  if (result != nullptr) *result = started;
  if (!started) return std::nullopt;
  SentHello sent{std::get<SendHandshake>(out.actions().front()).messages, {}};
  auto hello = wire::ClientHello::decode(ByteView(sent.bytes).subspan(kBody));
  EXPECT_TRUE(hello) << hello.error().to_string();
  sent.hello = *hello;
  return sent;
}

bool has(const wire::ClientHello& hello, ExtensionType type) {
  return wire::find_extension(hello.extensions, type) != nullptr;
}

TEST(Client12, SendsTheSeedsFirstStepWithEveryExtensionItNeeds) {
  ClientSettings settings = client_settings();
  settings.alpn = {"h2"};
  auto sent = client_hello_of(settings);
  ASSERT_TRUE(sent);
  const wire::ClientHello& hello = sent->hello;
  EXPECT_EQ(hello.legacy_version, wire::ProtocolVersion::tls12);
  EXPECT_TRUE(hello.legacy_session_id.empty());  // no resumption yet
  EXPECT_TRUE(hello.has_only_null_compression());
  const wire::Extension* sni = wire::find_extension(hello.extensions, ExtensionType::server_name);
  ASSERT_NE(sni, nullptr);
  auto name = wire::ServerNameList::decode(sni->data);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host_name_text(), "www.example.com");
  for (const ExtensionType type :
       {ExtensionType::supported_groups, ExtensionType::ec_point_formats,
        ExtensionType::signature_algorithms, ExtensionType::application_layer_protocol_negotiation,
        ExtensionType::extended_master_secret, ExtensionType::renegotiation_info}) {
    EXPECT_TRUE(has(hello, type)) << wire::to_string(type);
  }
  EXPECT_FALSE(has(hello, ExtensionType::supported_versions));
  auto formats = wire::EcPointFormatList::decode(
      wire::find_extension(hello.extensions, ExtensionType::ec_point_formats)->data);
  ASSERT_TRUE(formats);
  EXPECT_EQ(formats->formats, std::vector{wire::EcPointFormat::uncompressed});
  auto groups = wire::NamedGroupList::decode(
      wire::find_extension(hello.extensions, ExtensionType::supported_groups)->data);
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->groups, (std::vector{crypto::NamedGroup::x25519, crypto::NamedGroup::secp256r1,
                                         crypto::NamedGroup::secp384r1}));
  auto schemes = wire::SignatureSchemeList::decode(
      wire::find_extension(hello.extensions, ExtensionType::signature_algorithms)->data);
  ASSERT_TRUE(schemes);
  EXPECT_EQ(schemes->schemes.size(), 12U);
  // RFC 5746 3.4: empty renegotiated_connection on an initial handshake.
  EXPECT_EQ(wire::find_extension(hello.extensions, ExtensionType::renegotiation_info)->data.size(),
            1U);
}

TEST(Client12, SendsNoServerNameForAnIpAddress) {
  for (const char* address : {"192.0.2.1", "2001:db8::1"}) {
    ClientSettings settings = client_settings();
    settings.server_name = address;
    auto sent = client_hello_of(settings);
    ASSERT_TRUE(sent) << address;
    EXPECT_FALSE(has(sent->hello, ExtensionType::server_name)) << address;
  }
}

TEST(Client12, SendsASingleLabelNameAndDropsATrailingDot) {
  for (const auto& [configured, sent_name] :
       {std::pair{"localhost", "localhost"}, std::pair{"www.example.com.", "www.example.com"}}) {
    ClientSettings settings = client_settings();
    settings.server_name = configured;
    auto sent = client_hello_of(settings);
    ASSERT_TRUE(sent) << configured;
    const wire::Extension* sni =
        wire::find_extension(sent->hello.extensions, ExtensionType::server_name);
    ASSERT_NE(sni, nullptr);
    auto name = wire::ServerNameList::decode(sni->data);
    ASSERT_TRUE(name);
    EXPECT_EQ(name->host_name_text(), sent_name);
  }
}

TEST(Client12, RefusesToStartWithAServerNameItCannotSend) {
  ClientSettings settings = client_settings();
  settings.server_name = "bad_name.example";
  Expected<void> result;
  EXPECT_FALSE(client_hello_of(settings, &result));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::api_misuse);
}

TEST(Client12, RefusesToStartWithoutAServerAuthenticationPolicy) {
  ClientSettings settings = client_settings();
  settings.server_auth = handshake::ServerAuthPolicy();
  Expected<void> result;
  EXPECT_FALSE(client_hello_of(settings, &result));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::api_misuse);
}

TEST(Client12, OffersNoCurvesWhenItOffersOnlyRsaKeyTransport) {
  ClientSettings settings = client_settings();
  settings.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                            CipherSuite::TLS_AES_128_GCM_SHA256};  // a TLS 1.3 suite is left out
  auto sent = client_hello_of(settings);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->hello.cipher_suites, std::vector{CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256});
  EXPECT_FALSE(has(sent->hello, ExtensionType::supported_groups));
  EXPECT_FALSE(has(sent->hello, ExtensionType::ec_point_formats));
}

// Re-encodes the server's ServerHello after `change`.
Tamper rewrite_server_hello(std::function<void(wire::ServerHello&, std::vector<Bytes>&)> change) {
  return alter_message(Side::server, HandshakeType::server_hello, [change](Bytes& message) {
    const Bytes original = message;
    auto hello = wire::ServerHello::decode(ByteView(original).subspan(kBody));
    ASSERT_TRUE(hello) << hello.error().to_string();
    std::vector<Bytes> storage;
    storage.reserve(4);
    change(*hello, storage);
    message.clear();
    ASSERT_TRUE(wire::encode_handshake(*hello, message));
  });
}

void remove_extension(wire::ServerHello& hello, ExtensionType type) {
  std::erase_if(hello.extensions, [type](const wire::Extension& e) { return e.type == type; });
}

std::optional<AlertDescription> client_alert_with(Tamper tamper, ClientSettings settings = {}) {
  if (settings.provider == nullptr) settings = client_settings();
  ServerSettings server = server_settings(ec_credential());
  server.alpn = {"h2"};
  auto pair = run12(settings, server, std::move(tamper));
  if (pair->pump.client().error) {
    EXPECT_FALSE(pair->pump.client().error->reason().empty());
  }
  return alert_of(pair->pump, Side::client);
}

TEST(Client12, RefusesAServerWithoutSecureRenegotiation) {
  EXPECT_EQ(client_alert_with(rewrite_server_hello([](wire::ServerHello& hello, auto&) {
              remove_extension(hello, ExtensionType::renegotiation_info);
            })),
            AlertDescription::handshake_failure);
}

TEST(Client12, RefusesANonEmptyRenegotiationInfoOnAnInitialHandshake) {
  EXPECT_EQ(client_alert_with(
                rewrite_server_hello([](wire::ServerHello& hello, std::vector<Bytes>& storage) {
                  remove_extension(hello, ExtensionType::renegotiation_info);
                  storage.push_back({12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
                  hello.extensions.push_back({ExtensionType::renegotiation_info, storage.back()});
                })),
            AlertDescription::handshake_failure);
}

// RFC 8422 5.1.2 names illegal_parameter only for the server reading the client's list; for a
// server's list without uncompressed no alert is named: decode_error, as BoringSSL sends.
TEST(Client12, RefusesServerPointFormatsWithoutUncompressedWithDecodeError) {
  EXPECT_EQ(client_alert_with(
                rewrite_server_hello([](wire::ServerHello& hello, std::vector<Bytes>& storage) {
                  remove_extension(hello, ExtensionType::ec_point_formats);
                  storage.push_back({1, 1});  // ansiX962_compressed_prime only
                  hello.extensions.push_back({ExtensionType::ec_point_formats, storage.back()});
                })),
            AlertDescription::decode_error);
}

TEST(Client12, RefusesAnAlpnAnswerItDidNotAskFor) {
  EXPECT_EQ(client_alert_with(
                rewrite_server_hello([](wire::ServerHello& hello, std::vector<Bytes>& storage) {
                  storage.push_back({0, 3, 2, 'h', '2'});
                  hello.extensions.push_back(
                      {ExtensionType::application_layer_protocol_negotiation, storage.back()});
                })),
            AlertDescription::unsupported_extension);
}

TEST(Client12, RefusesAnAlpnProtocolItDidNotOffer) {
  ClientSettings settings = client_settings();
  settings.alpn = {"h2"};
  EXPECT_EQ(client_alert_with(
                rewrite_server_hello([](wire::ServerHello& hello, std::vector<Bytes>& storage) {
                  remove_extension(hello, ExtensionType::application_layer_protocol_negotiation);
                  storage.push_back({0, 4, 3, 'f', 'o', 'o'});
                  hello.extensions.push_back(
                      {ExtensionType::application_layer_protocol_negotiation, storage.back()});
                }),
                settings),
            AlertDescription::illegal_parameter);
}

TEST(Client12, RefusesAnEmptyCertificateList) {
  EXPECT_EQ(
      client_alert_with(alter_message(Side::server, HandshakeType::certificate,
                                      [](Bytes& message) { message = {11, 0, 0, 3, 0, 0, 0}; })),
      AlertDescription::decode_error);
}

TEST(Client12, RefusesACertificateWhoseKeyCannotServeTheSuite) {
  // An RSA chain where ECDHE_ECDSA was negotiated.
  EXPECT_EQ(client_alert_with(alter_message(Side::server, HandshakeType::certificate,
                                            [](Bytes& message) {
                                              wire::Certificate12 rsa;
                                              for (const auto& c : rsa_credential().chain)
                                                rsa.certificate_list.push_back(c.der());
                                              message.clear();
                                              ASSERT_TRUE(wire::encode_handshake(rsa, message));
                                            })),
            AlertDescription::unsupported_certificate);
}

TEST(Client12, AnswersACertificateRequestWithAnEmptyCertificate) {
  // RFC 5246 7.4.6: without a client credential, an empty certificate_list.
  const Bytes request = [] {
    wire::CertificateRequest12 cr;
    cr.certificate_types = {wire::ClientCertificateType::ecdsa_sign};
    cr.supported_signature_algorithms = {crypto::SignatureScheme::ecdsa_secp256r1_sha256};
    Bytes out;
    EXPECT_TRUE(wire::encode_handshake(cr, out));
    return out;
  }();
  auto pair = run12(client_settings(), server_settings(ec_credential()),
                    [request](Side sender, std::vector<Event>& flight) {
                      if (sender != Side::server || flight.empty() ||
                          !flight.back().is(HandshakeType::server_hello_done)) {
                        return;
                      }
                      flight.insert(flight.end() - 1, Event{Event::Kind::handshake, request});
                    });
  // Our server sent no request, so it refuses the Certificate; what matters is what the
  // client sent.
  const auto& log = pair->pump.log();
  const auto answer = std::find_if(log.begin(), log.end(), [](const auto& entry) {
    return entry.first == Side::client && entry.second.is(HandshakeType::certificate);
  });
  ASSERT_NE(answer, log.end()) << pair->pump.describe();
  EXPECT_EQ(answer->second.message, (Bytes{11, 0, 0, 3, 0, 0, 0}));
  EXPECT_FALSE(pair->pump.client().error);
}

TEST(Client12, RefusesASecondCertificateRequest) {
  const Bytes request = [] {
    wire::CertificateRequest12 cr;
    cr.certificate_types = {wire::ClientCertificateType::ecdsa_sign};
    cr.supported_signature_algorithms = {crypto::SignatureScheme::ecdsa_secp256r1_sha256};
    Bytes out;
    EXPECT_TRUE(wire::encode_handshake(cr, out));
    return out;
  }();
  EXPECT_EQ(client_alert_with([request](Side sender, std::vector<Event>& flight) {
              if (sender != Side::server || flight.empty() ||
                  !flight.back().is(HandshakeType::server_hello_done)) {
                return;
              }
              flight.insert(flight.end() - 1, Event{Event::Kind::handshake, request});
              flight.insert(flight.end() - 1, Event{Event::Kind::handshake, request});
            }),
            AlertDescription::unexpected_message);
}

}  // namespace
}  // namespace cpptls::handshake::testing
