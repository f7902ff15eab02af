// Client certificates in TLS 1.2 (RFC 5246 7.4.4, 7.4.6, 7.4.8), both sides paired in memory:
// the server's CertificateRequest, the client's Certificate and CertificateVerify, and every
// way the server refuses them.

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "unit/handshake/mutual12.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::SignatureScheme;
using wire::HandshakeType;

// The messages `sender` sent, in order (change_cipher_spec left out).
std::vector<HandshakeType> sent_by(const Pump& pump, Side sender) {
  std::vector<HandshakeType> out;
  for (const auto& [from, event] : pump.log()) {
    if (from == sender && !event.is_change_cipher_spec())
      out.push_back(static_cast<HandshakeType>(event.message[0]));
  }
  return out;
}

// The body of the first message of `type` that `sender` sent; empty when none was sent.
Bytes body_of(const Pump& pump, Side sender, HandshakeType type) {
  for (const auto& [from, event] : pump.log()) {
    if (from == sender && event.is(type))
      return Bytes(event.message.begin() + kBody, event.message.end());
  }
  return {};
}

SignatureScheme certificate_verify_scheme(const Pump& pump) {
  const Bytes body = body_of(pump, Side::client, HandshakeType::certificate_verify);
  auto verify = wire::CertificateVerify::decode(body);
  EXPECT_TRUE(verify) << "no CertificateVerify";
  return verify ? verify->algorithm : SignatureScheme{};
}

void expect_mutual_success(const Pair12& pair, std::string_view client_leaf) {
  ASSERT_TRUE(pair.pump.succeeded()) << pair.pump.describe();
  expect_matching_keys(pair.pump);
  const SessionSummary& server = pair.server.summary();
  EXPECT_TRUE(server.peer_verified);
  ASSERT_EQ(server.peer_certificates.size(), 2U);
  EXPECT_TRUE(std::ranges::equal(server.peer_certificates.front().der(),
                                 pki_certificate(client_leaf).der()));
  EXPECT_EQ(
      sent_by(pair.pump, Side::client),
      (std::vector<HandshakeType>{HandshakeType::client_hello, HandshakeType::certificate,
                                  HandshakeType::client_key_exchange,
                                  HandshakeType::certificate_verify, HandshakeType::finished}));
}

TEST(ClientAuth12, RequireAcceptsAnEcdsaClientCertificate) {
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::require, {"root-ec"}));
  expect_mutual_success(*pair, "leaf-client-ec");
  EXPECT_EQ(certificate_verify_scheme(pair->pump), SignatureScheme::ecdsa_secp256r1_sha256);
}

TEST(ClientAuth12, RequireAcceptsAnRsaClientCertificate) {
  // leaf-rsa lists clientAuth beside serverAuth.
  auto pair =
      run12(client_presenting(rsa_credential()), server_asking(ClientAuth::require, {"root-rsa"}));
  expect_mutual_success(*pair, "leaf-rsa");
  EXPECT_EQ(certificate_verify_scheme(pair->pump), SignatureScheme::rsa_pss_rsae_sha256);
}

TEST(ClientAuth12, SignsTheMessagesWithTheSchemesHashNotThePrfHash) {
  // A SHA-384 suite with a SHA-256 signature, and the reverse: the CertificateVerify covers
  // the messages themselves (RFC 5246 7.4.8), whichever hash the PRF uses.
  struct Case {
    CipherSuite suite;
    SignatureScheme scheme;
  };
  for (const Case c : {Case{CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                            SignatureScheme::ecdsa_secp256r1_sha256},
                       Case{CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                            SignatureScheme::ecdsa_secp384r1_sha384}}) {
    ClientSettings client = client_presenting(client_ec_credential());
    client.cipher_suites = {c.suite};
    client.signing_schemes = {c.scheme};
    auto pair = run12(client, server_asking(ClientAuth::require, {"root-ec"}));
    expect_mutual_success(*pair, "leaf-client-ec");
    EXPECT_EQ(certificate_verify_scheme(pair->pump), c.scheme);
  }
}

TEST(ClientAuth12, WorksWithRsaKeyTransport) {
  ClientSettings client = client_presenting(client_ec_credential());
  client.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  ServerSettings server = server_asking(ClientAuth::require, {"root-ec"});
  server.credentials = {rsa_credential()};
  server.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  auto pair = run12(client, server);
  expect_mutual_success(*pair, "leaf-client-ec");
}

TEST(ClientAuth12, RequestContinuesWithoutAClientCertificate) {
  auto pair = run12(client_settings(), server_asking(ClientAuth::request, {"root-ec"}));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_matching_keys(pair->pump);
  EXPECT_TRUE(pair->server.summary().peer_certificates.empty());
  EXPECT_FALSE(pair->server.summary().peer_verified);
  // RFC 5246 7.4.6: an empty Certificate, and no CertificateVerify.
  EXPECT_EQ(body_of(pair->pump, Side::client, HandshakeType::certificate), (Bytes{0, 0, 0}));
  EXPECT_EQ(
      sent_by(pair->pump, Side::client),
      (std::vector<HandshakeType>{HandshakeType::client_hello, HandshakeType::certificate,
                                  HandshakeType::client_key_exchange, HandshakeType::finished}));
}

TEST(ClientAuth12, RequestAlsoAcceptsAClientCertificate) {
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::request, {"root-ec"}));
  expect_mutual_success(*pair, "leaf-client-ec");
}

TEST(ClientAuth12, RequireRefusesAClientWithoutACertificateWithHandshakeFailure) {
  auto pair = run12(client_settings(), server_asking(ClientAuth::require, {"root-ec"}));
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure)
      << pair->pump.describe();
  EXPECT_EQ(pair->pump.server().error->reason(),
            "the client sent no certificate, and this server requires one (RFC 5246 7.4.6)");
  EXPECT_FALSE(pair->pump.server().complete);
}

TEST(ClientAuth12, ServerWithoutClientAuthNeverAsksAndTheClientSendsNoCertificate) {
  auto pair = run12(client_presenting(client_ec_credential()), server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(
      sent_by(pair->pump, Side::client),
      (std::vector<HandshakeType>{HandshakeType::client_hello, HandshakeType::client_key_exchange,
                                  HandshakeType::finished}));
  EXPECT_TRUE(pair->server.summary().peer_certificates.empty());
}

TEST(ClientAuth12, CertificateRequestListsOurSchemesAndBothCertificateTypes) {
  ServerSettings server = server_asking(ClientAuth::request, {"root-ec"});
  server.verify_schemes = {SignatureScheme::ecdsa_secp256r1_sha256,
                           SignatureScheme::rsa_pss_rsae_sha256};
  auto pair = run12(client_settings(), server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  const Bytes body = body_of(pair->pump, Side::server, HandshakeType::certificate_request);
  auto request = wire::CertificateRequest12::decode(body);
  ASSERT_TRUE(request) << "no CertificateRequest";
  EXPECT_EQ(request->certificate_types,
            (std::vector<wire::ClientCertificateType>{wire::ClientCertificateType::rsa_sign,
                                                      wire::ClientCertificateType::ecdsa_sign}));
  EXPECT_EQ(request->supported_signature_algorithms, server.verify_schemes);
  EXPECT_TRUE(request->certificate_authorities.empty());
  // RFC 5246 7.3: after ServerKeyExchange, before ServerHelloDone.
  EXPECT_EQ(sent_by(pair->pump, Side::server),
            (std::vector<HandshakeType>{
                HandshakeType::server_hello, HandshakeType::certificate,
                HandshakeType::server_key_exchange, HandshakeType::certificate_request,
                HandshakeType::server_hello_done, HandshakeType::finished}));
}

TEST(ClientAuth12, ClientSendsNoCertificateWhenItsKeyCannotMakeAListedScheme) {
  // The server lists ECDSA schemes only; the client's key is RSA.
  ServerSettings server = server_asking(ClientAuth::request, {"root-rsa"});
  server.verify_schemes = {SignatureScheme::ecdsa_secp256r1_sha256};
  auto pair = run12(client_presenting(rsa_credential()), server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(body_of(pair->pump, Side::client, HandshakeType::certificate), (Bytes{0, 0, 0}));
  EXPECT_TRUE(pair->server.summary().peer_certificates.empty());
}

TEST(ClientAuth12, ClientSendsNoCertificateOfATypeTheServerDoesNotList) {
  // The request is rewritten to ask for rsa_sign only; the client's key is ECDSA.
  auto only_rsa_sign =
      alter_message(Side::server, HandshakeType::certificate_request, [](Bytes& message) {
        auto request = wire::CertificateRequest12::decode(ByteView(message).subspan(kBody));
        ASSERT_TRUE(request);
        request->certificate_types = {wire::ClientCertificateType::rsa_sign};
        Bytes out;
        ASSERT_TRUE(wire::encode_handshake(*request, out));
        message = std::move(out);
      });
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::request, {"root-ec"}), only_rsa_sign);
  EXPECT_EQ(body_of(pair->pump, Side::client, HandshakeType::certificate), (Bytes{0, 0, 0}));
  EXPECT_FALSE(pair->pump.client().error) << pair->pump.describe();
}

TEST(ClientAuth12, RefusesAClientCertificateFromAnUnknownCaWithUnknownCa) {
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::require, {"root-rsa"}));
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unknown_ca)
      << pair->pump.describe();
  EXPECT_EQ(pair->pump.server().error->kind(), ErrorKind::certificate);
}

TEST(ClientAuth12, RequestRefusesAnUntrustedCertificateToo) {
  // request accepts a client without a certificate, not one with a bad certificate.
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::request, {"root-rsa"}));
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unknown_ca)
      << pair->pump.describe();
}

TEST(ClientAuth12, RefusesACertificateWithoutClientAuthExtendedKeyUsage) {
  // leaf-ec is a server certificate (extKeyUsage serverAuth only) under a trusted root.
  auto pair =
      run12(client_presenting(ec_credential()), server_asking(ClientAuth::require, {"root-ec"}));
  ASSERT_TRUE(pair->pump.server().error) << pair->pump.describe();
  const Error& error = *pair->pump.server().error;
  EXPECT_EQ(error.kind(), ErrorKind::certificate);
  EXPECT_EQ(error.alert(), AlertDescription::bad_certificate) << error.to_string();
  EXPECT_NE(error.reason().find("clientAuth"), std::string::npos) << error.reason();
  EXPECT_FALSE(pair->pump.server().complete);
}

TEST(ClientAuth12, RefusesABadCertificateVerifySignatureWithDecryptError) {
  for (const Credential* credential : {&client_ec_credential(), &rsa_credential()}) {
    // A byte in the middle of the signature (inside ECDSA's r, or anywhere in RSA's).
    auto flip = alter_message(Side::client, HandshakeType::certificate_verify,
                              [](Bytes& message) { message[kBody + 4 + 12] ^= 0x01; });
    auto pair = run12(client_presenting(*credential),
                      server_asking(ClientAuth::require, {"root-ec", "root-rsa"}), flip);
    ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::decrypt_error)
        << pair->pump.describe();
    EXPECT_EQ(pair->pump.server().error->code(), ErrorCode::bad_signature);
    EXPECT_TRUE(pair->server.summary().peer_certificates.empty());
  }
}

TEST(ClientAuth12, RefusesACertificateVerifySignedOverOtherBytes) {
  // A valid signature by the right key, but over other bytes than this handshake's messages.
  const crypto::SignatureAlgorithm ecdsa_sha256 =
      crypto::find_scheme(SignatureScheme::ecdsa_secp256r1_sha256)->algorithm;
  auto resign = [&](Side sender, std::vector<Event>& flight) {
    if (sender != Side::client) return;
    for (Event& event : flight) {
      if (!event.is(HandshakeType::certificate_verify)) continue;
      auto signature = client_ec_credential().key->sign(ecdsa_sha256, Bytes{1, 2, 3});
      ASSERT_TRUE(signature);
      event.message.clear();
      ASSERT_TRUE(wire::encode_handshake(
          wire::CertificateVerify{SignatureScheme::ecdsa_secp256r1_sha256, *signature},
          event.message));
    }
  };
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::require, {"root-ec"}), resign);
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::decrypt_error)
      << pair->pump.describe();
  // Refused at the CertificateVerify, not only later at the Finished.
  EXPECT_EQ(pair->pump.server().error->code(), ErrorCode::bad_signature) << pair->pump.describe();
}

TEST(ClientAuth12, RefusesACertificateVerifyWithASchemeTheServerDidNotList) {
  ServerSettings server = server_asking(ClientAuth::require, {"root-ec"});
  server.verify_schemes = {SignatureScheme::ecdsa_secp256r1_sha256,
                           SignatureScheme::rsa_pss_rsae_sha256};
  // ecdsa_secp384r1_sha384 in place of the scheme the client chose.
  auto relabel = alter_message(Side::client, HandshakeType::certificate_verify, [](Bytes& message) {
    message[kBody] = 0x05;
    message[kBody + 1] = 0x03;
  });
  auto pair = run12(client_presenting(client_ec_credential()), server, relabel);
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::illegal_parameter)
      << pair->pump.describe();
  EXPECT_NE(pair->pump.server().error->reason().find("did not list"), std::string::npos);
}

TEST(ClientAuth12, RefusesACertificateVerifyWithASchemeTheKeyCannotMake) {
  // rsa_pss_rsae_sha256 (listed by the server) from an ECDSA certificate.
  auto relabel = alter_message(Side::client, HandshakeType::certificate_verify, [](Bytes& message) {
    message[kBody] = 0x08;
    message[kBody + 1] = 0x04;
  });
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::require, {"root-ec"}), relabel);
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::illegal_parameter)
      << pair->pump.describe();
}

TEST(ClientAuth12, RefusesAMissingCertificateVerifyWithUnexpectedMessage) {
  // The client's ChangeCipherSpec arrives where its CertificateVerify must be.
  auto drop = [](Side sender, std::vector<Event>& flight) {
    if (sender != Side::client) return;
    std::erase_if(flight,
                  [](const Event& event) { return event.is(HandshakeType::certificate_verify); });
  };
  auto pair = run12(client_presenting(client_ec_credential()),
                    server_asking(ClientAuth::require, {"root-ec"}), drop);
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unexpected_message)
      << pair->pump.describe();
  EXPECT_NE(pair->pump.server().error->reason().find("ExpectCertificateVerify"), std::string::npos)
      << pair->pump.server().error->reason();
}

TEST(ClientAuth12, RefusesAClientKeyExchangeInPlaceOfTheCertificate) {
  // RFC 5246 7.4.6: asked for a certificate, the client must send a Certificate message.
  auto drop = [](Side sender, std::vector<Event>& flight) {
    if (sender != Side::client) return;
    std::erase_if(flight, [](const Event& event) { return event.is(HandshakeType::certificate); });
  };
  auto pair = run12(client_settings(), server_asking(ClientAuth::request, {"root-ec"}), drop);
  ASSERT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unexpected_message)
      << pair->pump.describe();
}

TEST(ClientAuth12, RefusesACertificateVerifyAfterAnEmptyCertificate) {
  // A client that sent no certificate has nothing to prove.
  const Bytes stray = [] {
    Bytes out;
    const Bytes signature = {1, 2, 3};
    EXPECT_TRUE(wire::encode_handshake(
        wire::CertificateVerify{SignatureScheme::ecdsa_secp256r1_sha256, signature}, out));
    return out;
  }();
  auto add = [stray](Side sender, std::vector<Event>& flight) {
    if (sender != Side::client) return;
    for (auto it = flight.begin(); it != flight.end(); ++it) {
      if (it->is(HandshakeType::client_key_exchange)) {
        flight.insert(it + 1, Event{Event::Kind::handshake, stray});
        return;
      }
    }
  };
  auto pair = run12(client_settings(), server_asking(ClientAuth::request, {"root-ec"}), add);
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unexpected_message)
      << pair->pump.describe();
}

TEST(ClientAuth12, ServerAskingWithoutClientTrustIsMisuse) {
  ServerSettings server = server_settings(ec_credential());
  server.client_auth = ClientAuth::require;
  auto pair = run12(client_settings(), server);
  ASSERT_TRUE(pair->pump.server().error);
  EXPECT_EQ(pair->pump.server().error->kind(), ErrorKind::api_misuse);
}

TEST(ClientAuth12, ClientCertificateWithoutKeyIsMisuse) {
  Credential broken = client_ec_credential();
  broken.key = nullptr;
  auto pair = run12(client_presenting(broken), server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.client().error);
  EXPECT_EQ(pair->pump.client().error->kind(), ErrorKind::api_misuse);
}

}  // namespace
}  // namespace cpptls::handshake::testing
