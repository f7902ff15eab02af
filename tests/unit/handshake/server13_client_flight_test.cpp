// The client's second flight as the TLS 1.3 server reads it (RFC 8446 4.4): Finished checked in
// constant time (decrypt_error), the application read key installed after it; with
// settings.client_auth, the CertificateRequest we send, the client's Certificate (empty:
// certificate_required when required, accepted without identity when requested; else
// verified for clientAuth) and CertificateVerify (a scheme we listed that fits the key, a
// signature over the transcript).
#include <gtest/gtest.h>

#include "handshake/tls13/key_schedule.hpp"
#include "handshake/tls13/protocol.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/ext_code_point_lists.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::NamedGroup;
using crypto::SignatureScheme;
using wire::HandshakeType;

Hello13 hello_with_share() {
  Hello13 hello;
  hello.shares->push_back(share_entry(NamedGroup::x25519));
  return hello;
}

ServerSettings asking(ClientAuth mode) {
  ServerSettings settings = server_settings13(ec_credential());
  settings.client_auth = mode;
  settings.client_trust = client_trust();
  return settings;
}

// A client that has sent its ClientHello to a server asking for a certificate.
struct Asked {
  explicit Asked(ClientAuth mode, ServerSettings settings_in = {})
      : client([&] {
          ServerSettings settings = settings_in.provider != nullptr ? settings_in : asking(mode);
          settings.client_auth = mode;
          return settings;
        }()) {
    auto sent = client.send(encode_hello13(hello_with_share()));
    EXPECT_TRUE(sent.has_value()) << sent.error().to_string();
    EXPECT_EQ(client.server().state_name(), "ExpectCertificate");
  }
  ScriptedClient client;
};

TEST(Server13ClientFlight, AcceptsFinishedAndInstallsClientApplicationKey) {
  ScriptedClient client(server_settings13(ec_credential()));
  ASSERT_TRUE(client.send(encode_hello13(hello_with_share())).has_value());
  EXPECT_EQ(client.server().state_name(), "ExpectFinished");
  EXPECT_FALSE(client.server().is_complete());
  ASSERT_TRUE(client.send(client.finished()).has_value());
  EXPECT_EQ(client.last().order, "install(read) complete");
  EXPECT_TRUE(client.server().is_complete());
  EXPECT_EQ(client.server().state_name(), "Connected");

  // The key installed is the one of the logged client application secret (RFC 8446 7.3).
  const Bytes& secret = client.key_log().secrets.at(std::string(hs13::kLogClientTraffic0));
  const hs13::TrafficSecret traffic({&real_provider(), crypto::HashAlgorithm::sha256},
                                    SecretBytes(secret.begin(), secret.end()));
  auto keys = traffic.traffic_keys(crypto::AeadAlgorithm::aes_128_gcm);
  ASSERT_TRUE(keys.has_value());
  ASSERT_EQ(client.last().installs.size(), 1U);
  EXPECT_EQ(client.last().installs[0].keys.key, keys->key);
  EXPECT_EQ(client.last().installs[0].keys.iv, keys->iv);
  EXPECT_TRUE(client.server().summary().peer_certificates.empty());
  EXPECT_FALSE(client.server().summary().peer_verified);
}

TEST(Server13ClientFlight, LogsEverySecretWithClientRandom) {
  ScriptedClient client(server_settings13(ec_credential()));
  ASSERT_TRUE(client.connect(hello_with_share()));
  for (const std::string_view label :
       {hs13::kLogClientHandshake, hs13::kLogServerHandshake, hs13::kLogClientTraffic0,
        hs13::kLogServerTraffic0, hs13::kLogExporter}) {
    EXPECT_EQ(client.key_log().secrets.count(std::string(label)), 1U) << label;
  }
  EXPECT_EQ(client.key_log().client_random, Bytes(32, 0x42));
}

TEST(Server13ClientFlight, RefusesWrongFinished) {
  ScriptedClient client(server_settings13(ec_credential()));
  ASSERT_TRUE(client.send(encode_hello13(hello_with_share())).has_value());
  Bytes finished = client.finished();
  finished.back() ^= 0x01;
  auto result = client.send(finished);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::decrypt_error);
  EXPECT_EQ(result.error().code(), ErrorCode::bad_finished);
  EXPECT_TRUE(client.last().order.empty());
  // Sticky: the right Finished is refused now too.
  EXPECT_FALSE(client.send(client.finished()).has_value());
  EXPECT_EQ(client.server().state_name(), "Failed");
}

TEST(Server13ClientFlight, RefusesFinishedOfWrongLength) {
  ScriptedClient client(server_settings13(ec_credential()));
  ASSERT_TRUE(client.send(encode_hello13(hello_with_share())).has_value());
  Bytes finished = client.finished();
  finished.pop_back();
  finished[3] = static_cast<std::uint8_t>(finished.size() - 4);
  auto result = client.send(finished);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::decode_error);
}

TEST(Server13ClientFlight, AsksForCertificateWithOurSchemes) {
  ServerSettings settings = asking(ClientAuth::request);
  settings.credentials = {rsa_credential()};
  settings.verify_schemes = {SignatureScheme::rsa_pss_rsae_sha256,
                             SignatureScheme::rsa_pkcs1_sha256};
  ScriptedClient client(settings);
  ASSERT_TRUE(client.send(encode_hello13(hello_with_share())).has_value());
  EXPECT_EQ(client.last().order,
            "send(server_hello) install(write) install(read) "
            "send(encrypted_extensions,certificate_request,certificate,certificate_verify,"
            "finished) install(write)");
  const Bytes message = client.last().message(HandshakeType::certificate_request);
  auto request = wire::CertificateRequest13::decode(ByteView(message).subspan(4));
  ASSERT_TRUE(request.has_value());
  EXPECT_TRUE(request->certificate_request_context.empty());
  ASSERT_EQ(request->extensions.size(), 1U);
  auto schemes = wire::SignatureSchemeList::decode(request->extensions[0].data);
  ASSERT_TRUE(schemes.has_value());
  EXPECT_EQ(schemes->schemes, settings.verify_schemes);
}

TEST(Server13ClientFlight, RequireRefusesEmptyCertificateWithCertificateRequired) {
  Asked asked(ClientAuth::require);
  auto result = asked.client.send(asked.client.certificate(nullptr));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::certificate_required);
  EXPECT_NE(result.error().reason().find("4.4.2.4"), std::string::npos);
}

TEST(Server13ClientFlight, RequestAcceptsEmptyCertificateWithoutIdentity) {
  Asked asked(ClientAuth::request);
  ASSERT_TRUE(asked.client.send(asked.client.certificate(nullptr)).has_value());
  EXPECT_EQ(asked.client.server().state_name(), "ExpectFinished");
  ASSERT_TRUE(asked.client.send(asked.client.finished()).has_value());
  EXPECT_TRUE(asked.client.server().is_complete());
  EXPECT_TRUE(asked.client.server().summary().peer_certificates.empty());
  EXPECT_FALSE(asked.client.server().summary().peer_verified);
}

TEST(Server13ClientFlight, VerifiesClientCertificateAndSignature) {
  for (const ClientAuth mode : {ClientAuth::request, ClientAuth::require}) {
    Asked asked(mode);
    ScriptedClient& client = asked.client;
    ASSERT_TRUE(client.send(client.certificate(&client_rsa_credential())).has_value());
    EXPECT_EQ(client.server().state_name(), "ExpectCertificateVerify");
    ASSERT_TRUE(client
                    .send(client.certificate_verify(*client_rsa_credential().key,
                                                    SignatureScheme::rsa_pss_rsae_sha256))
                    .has_value());
    ASSERT_TRUE(client.send(client.finished()).has_value());
    ASSERT_TRUE(client.server().is_complete());
    const SessionSummary& summary = client.server().summary();
    ASSERT_EQ(summary.peer_certificates.size(), 2U);
    EXPECT_TRUE(summary.peer_certificates[0].der().size() > 0 &&
                std::equal(summary.peer_certificates[0].der().begin(),
                           summary.peer_certificates[0].der().end(),
                           client_rsa_credential().chain[0].der().begin(),
                           client_rsa_credential().chain[0].der().end()));
    EXPECT_TRUE(summary.peer_verified);
  }
}

TEST(Server13ClientFlight, RefusesUntrustedClientCertificateWithVerifierAlert) {
  ServerSettings settings = asking(ClientAuth::request);
  auto store = std::make_shared<x509::TrustStore>();
  store->add(pki_certificate("root-ec"));
  settings.client_trust = store;

  // leaf-rsa (a client certificate) chains to root-rsa, which this trust store lacks.
  Asked untrusted(ClientAuth::request, settings);
  auto result = untrusted.client.send(untrusted.client.certificate(&client_rsa_credential()));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::certificate) << result.error().to_string();
  EXPECT_EQ(result.error().alert(), AlertDescription::unknown_ca) << result.error().to_string();

  // leaf-ec chains to root-ec, but its extKeyUsage is serverAuth only.
  Asked server_only(ClientAuth::request, settings);
  auto refused = server_only.client.send(server_only.client.certificate(&ec_credential()));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind(), ErrorKind::certificate) << refused.error().to_string();
  EXPECT_EQ(refused.error().alert(), AlertDescription::bad_certificate)
      << refused.error().to_string();
}

TEST(Server13ClientFlight, RefusesCertificateWithContext) {
  Asked asked(ClientAuth::request);
  const Bytes context = {1, 2};
  auto result = asked.client.send(asked.client.certificate(&client_rsa_credential(), context));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
}

TEST(Server13ClientFlight, RefusesCertificateVerifyWithSchemeNotListedOrNotFittingKey) {
  {
    ServerSettings settings = asking(ClientAuth::request);
    settings.verify_schemes = {SignatureScheme::ecdsa_secp256r1_sha256,
                               SignatureScheme::rsa_pss_rsae_sha256};
    Asked asked(ClientAuth::request, settings);
    ScriptedClient& client = asked.client;
    ASSERT_TRUE(client.send(client.certificate(&client_rsa_credential())).has_value());
    auto result = client.send(client.certificate_verify(*client_rsa_credential().key,
                                                        SignatureScheme::rsa_pss_rsae_sha384));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    // PKCS#1 v1.5 is listed (for certificates) but never fits a TLS 1.3 CertificateVerify.
    Asked asked(ClientAuth::request);
    ScriptedClient& client = asked.client;
    ASSERT_TRUE(client.send(client.certificate(&client_rsa_credential())).has_value());
    auto result = client.send(
        client.certificate_verify(*client_rsa_credential().key, SignatureScheme::rsa_pkcs1_sha256));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
}

TEST(Server13ClientFlight, RefusesCertificateVerifyThatDoesNotVerify) {
  Asked asked(ClientAuth::require);
  ScriptedClient& client = asked.client;
  ASSERT_TRUE(client.send(client.certificate(&client_rsa_credential())).has_value());
  Bytes verify =
      client.certificate_verify(*client_rsa_credential().key, SignatureScheme::rsa_pss_rsae_sha256);
  verify.back() ^= 0x40;
  auto result = client.send(verify);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::decrypt_error);

  // Signed by another key than the certificate's.
  Asked other(ClientAuth::require);
  ASSERT_TRUE(other.client.send(other.client.certificate(&client_rsa_credential())).has_value());
  auto wrong_key = other.client.send(
      other.client.certificate_verify(*pki_key("int-rsa"), SignatureScheme::rsa_pss_rsae_sha256));
  ASSERT_FALSE(wrong_key.has_value());
  EXPECT_EQ(wrong_key.error().alert(), AlertDescription::decrypt_error);
}

}  // namespace
}  // namespace cpptls::handshake::testing
