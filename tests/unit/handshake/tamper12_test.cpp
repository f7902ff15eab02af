// Every TLS 1.2 handshake message altered in transit (a byte changed in each kind of field:
// lengths, versions, suites, randoms, points, signatures, verify_data), reordered, dropped or
// duplicated, and the alert that the side noticing it sends.
//
// Message layouts (offsets from the start of the message, after the 4-byte header):
//   ServerHello       version 4, random 6..37, session id length 38, suite 39, compression 41,
//                     extensions length 42, first extension type 44 (renegotiation_info)
//   ClientHello       version 4, random 6..37, session id length 38, suites length 39
//   Certificate       list length 4, first certificate length 7, its DER from 10
//   ServerKeyExchange curve type 4, group 5, point length 7, point 8.. (32 bytes for x25519),
//                     then scheme 40, signature length 42, signature 44..
//   ClientKeyExchange ECDHE: point length 4, point 5..; RSA: length 4, ciphertext 6..
//   Finished          verify_data 4..15

#include <algorithm>

#include <gtest/gtest.h>

#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using wire::HandshakeType;
using Alert = AlertDescription;

struct TamperCase {
  std::string name;
  Tamper tamper;
  Side noticed_by;
  std::optional<Alert> alert;  // nothing: the handshake must stall without an error
  CipherSuite suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  NamedGroup group = NamedGroup::x25519;
};

// gtest prints parameters it cannot otherwise show with PrintTo.
[[maybe_unused]] void PrintTo(const TamperCase& c, std::ostream* os) {
  *os << c.name;
}

Tamper change(Side sender, HandshakeType type, std::function<void(Bytes&)> edit) {
  return alter_message(sender, type, std::move(edit));
}

Tamper set_byte(Side sender, HandshakeType type, std::size_t offset, std::uint8_t value) {
  return change(sender, type, [offset, value](Bytes& m) {
    ASSERT_LT(offset, m.size());
    m[offset] = value;
  });
}

Tamper flip(Side sender, HandshakeType type, std::size_t offset) {
  return change(sender, type, [offset](Bytes& m) {
    ASSERT_LT(offset, m.size());
    m[offset] ^= 0x01;
  });
}

Tamper add_to_byte(Side sender, HandshakeType type, std::size_t offset, int delta) {
  return change(sender, type, [offset, delta](Bytes& m) {
    ASSERT_LT(offset, m.size());
    m[offset] = static_cast<std::uint8_t>(m[offset] + delta);
  });
}

// Which event of a flight: a handshake message type, or the change_cipher_spec.
struct Which {
  bool ccs = false;
  HandshakeType type = HandshakeType::hello_request;
  [[nodiscard]] bool matches(const Event& e) const {
    return ccs ? e.is_change_cipher_spec() : e.is(type);
  }
};
Which msg(HandshakeType type) {
  return {false, type};
}
constexpr Which kCcs{true, HandshakeType::hello_request};

// Applies `edit` to the first flight of `sender` holding a `which` event, once.
Tamper on_flight(Side sender, Which which,
                 std::function<void(std::vector<Event>&, std::size_t index)> edit) {
  auto done = std::make_shared<bool>(false);
  return [=](Side from, std::vector<Event>& flight) {
    if (from != sender || *done) return;
    for (std::size_t i = 0; i < flight.size(); ++i) {
      if (which.matches(flight[i])) {
        *done = true;
        edit(flight, i);
        return;
      }
    }
  };
}

Tamper drop(Side sender, Which which) {
  return on_flight(sender, which, [](std::vector<Event>& flight, std::size_t i) {
    flight.erase(flight.begin() + static_cast<std::ptrdiff_t>(i));
  });
}

Tamper duplicate(Side sender, Which which) {
  return on_flight(sender, which, [](std::vector<Event>& flight, std::size_t i) {
    const Event copy = flight[i];
    flight.insert(flight.begin() + static_cast<std::ptrdiff_t>(i) + 1, copy);
  });
}

// Swaps `first` with the event after it.
Tamper swap_with_next(Side sender, Which first) {
  return on_flight(sender, first, [](std::vector<Event>& flight, std::size_t i) {
    ASSERT_LT(i + 1, flight.size());
    std::swap(flight[i], flight[i + 1]);
  });
}

constexpr Side kClient = Side::client;
constexpr Side kServer = Side::server;
constexpr CipherSuite kRsaSuite = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;

std::vector<TamperCase> cases() {
  using T = HandshakeType;
  return {
      // ServerHello
      {"ServerHelloVersion", set_byte(kServer, T::server_hello, 5, 0x02), kClient,
       Alert::protocol_version},
      {"ServerHelloRandom", flip(kServer, T::server_hello, 10), kClient, Alert::decrypt_error},
      {"ServerHelloRandomWithRsa", flip(kServer, T::server_hello, 10), kServer,
       Alert::decrypt_error, kRsaSuite},
      {"ServerHelloSessionIdLength", set_byte(kServer, T::server_hello, 38, 33), kClient,
       Alert::decode_error},
      {"ServerHelloSuiteNotOffered", set_byte(kServer, T::server_hello, 39, 0x00), kClient,
       Alert::illegal_parameter},
      {"ServerHelloCompression", set_byte(kServer, T::server_hello, 41, 1), kClient,
       Alert::illegal_parameter},
      {"ServerHelloExtensionsLength", add_to_byte(kServer, T::server_hello, 43, 1), kClient,
       Alert::decode_error},
      {"ServerHelloExtensionNotOffered", set_byte(kServer, T::server_hello, 44, 0x12), kClient,
       Alert::unsupported_extension},
      // Certificate
      {"CertificateListLength", add_to_byte(kServer, T::certificate, 6, 1), kClient,
       Alert::decode_error},
      {"CertificateEntryLength", add_to_byte(kServer, T::certificate, 9, 1), kClient,
       Alert::decode_error},
      {"CertificateDer", set_byte(kServer, T::certificate, 10, 0x31), kClient,
       Alert::bad_certificate},
      // ServerKeyExchange
      {"ServerKeyExchangeCurveType", set_byte(kServer, T::server_key_exchange, 4, 1), kClient,
       Alert::illegal_parameter},
      {"ServerKeyExchangeGroupNotOffered", set_byte(kServer, T::server_key_exchange, 6, 0x19),
       kClient, Alert::illegal_parameter},
      {"ServerKeyExchangePointLength", add_to_byte(kServer, T::server_key_exchange, 7, -1), kClient,
       Alert::decode_error},
      {"ServerKeyExchangePoint", flip(kServer, T::server_key_exchange, 12), kClient,
       Alert::decrypt_error},
      {"ServerKeyExchangeSchemeNotOffered", set_byte(kServer, T::server_key_exchange, 40, 0x02),
       kClient, Alert::illegal_parameter},
      {"ServerKeyExchangeSchemeForAnotherKey",
       change(kServer, T::server_key_exchange,
              [](Bytes& m) {
                m[40] = 0x08;  // rsa_pss_rsae_sha256, offered but not an ECDSA scheme
                m[41] = 0x04;
              }),
       kClient, Alert::illegal_parameter},
      {"ServerKeyExchangeSignatureLength", add_to_byte(kServer, T::server_key_exchange, 43, 1),
       kClient, Alert::decode_error},
      {"ServerKeyExchangeSignature", flip(kServer, T::server_key_exchange, 60), kClient,
       Alert::decrypt_error},
      // ServerHelloDone
      {"ServerHelloDoneWithABody",
       change(kServer, T::server_hello_done,
              [](Bytes& m) {
                m.push_back(0);
                fix_length(m);
              }),
       kClient, Alert::decode_error},
      // ClientHello
      {"ClientHelloVersion", set_byte(kClient, T::client_hello, 5, 0x01), kServer,
       Alert::protocol_version},
      {"ClientHelloRandom", flip(kClient, T::client_hello, 20), kClient, Alert::decrypt_error},
      {"ClientHelloSessionIdLength", set_byte(kClient, T::client_hello, 38, 33), kServer,
       Alert::decode_error},
      {"ClientHelloSuitesLength", add_to_byte(kClient, T::client_hello, 40, 1), kServer,
       Alert::decode_error},
      // ClientKeyExchange
      {"ClientKeyExchangePointLength", add_to_byte(kClient, T::client_key_exchange, 4, -1), kServer,
       Alert::decode_error},
      {"ClientKeyExchangeX25519Point", flip(kClient, T::client_key_exchange, 9), kServer,
       Alert::decrypt_error},
      {"ClientKeyExchangeP256Point", flip(kClient, T::client_key_exchange, 9), kServer,
       Alert::illegal_parameter, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
       NamedGroup::secp256r1},
      {"ClientKeyExchangeP256PointCompressed", set_byte(kClient, T::client_key_exchange, 5, 0x02),
       kServer, Alert::illegal_parameter, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
       NamedGroup::secp256r1},
      {"ClientKeyExchangeRsaLength", add_to_byte(kClient, T::client_key_exchange, 5, -1), kServer,
       Alert::decode_error, kRsaSuite},
      {"ClientKeyExchangeRsaCiphertext", flip(kClient, T::client_key_exchange, 100), kServer,
       Alert::decrypt_error, kRsaSuite},
      // Finished
      {"ClientFinished", flip(kClient, T::finished, 4), kServer, Alert::decrypt_error},
      {"ClientFinishedLength",
       change(kClient, T::finished,
              [](Bytes& m) {
                m.push_back(0);
                fix_length(m);
              }),
       kServer, Alert::decode_error},
      {"ServerFinished", flip(kServer, T::finished, 15), kClient, Alert::decrypt_error},
      // Reordered
      {"ServerHelloAfterCertificate", swap_with_next(kServer, msg(T::server_hello)), kClient,
       Alert::unexpected_message},
      {"ServerKeyExchangeBeforeCertificate", swap_with_next(kServer, msg(T::certificate)), kClient,
       Alert::unexpected_message},
      {"ServerHelloDoneBeforeServerKeyExchange",
       swap_with_next(kServer, msg(T::server_key_exchange)), kClient, Alert::unexpected_message},
      {"ClientFinishedBeforeChangeCipherSpec", swap_with_next(kClient, kCcs), kServer,
       Alert::unexpected_message},
      {"ServerFinishedBeforeChangeCipherSpec", swap_with_next(kServer, kCcs), kClient,
       Alert::unexpected_message},
      {"ChangeCipherSpecBeforeClientKeyExchange",
       swap_with_next(kClient, msg(T::client_key_exchange)), kServer, Alert::unexpected_message},
      // Dropped
      {"DroppedCertificate", drop(kServer, msg(T::certificate)), kClient,
       Alert::unexpected_message},
      {"DroppedServerKeyExchange", drop(kServer, msg(T::server_key_exchange)), kClient,
       Alert::unexpected_message},
      {"DroppedServerHelloDone", drop(kServer, msg(T::server_hello_done)), kClient, std::nullopt},
      {"DroppedClientKeyExchange", drop(kClient, msg(T::client_key_exchange)), kServer,
       Alert::unexpected_message},
      {"DroppedClientChangeCipherSpec", drop(kClient, kCcs), kServer, Alert::unexpected_message},
      {"DroppedServerChangeCipherSpec", drop(kServer, kCcs), kClient, Alert::unexpected_message},
      // Duplicated
      {"DuplicatedClientHello", duplicate(kClient, msg(T::client_hello)), kServer,
       Alert::unexpected_message},
      {"DuplicatedServerHello", duplicate(kServer, msg(T::server_hello)), kClient,
       Alert::unexpected_message},
      {"DuplicatedCertificate", duplicate(kServer, msg(T::certificate)), kClient,
       Alert::unexpected_message},
      {"DuplicatedServerKeyExchange", duplicate(kServer, msg(T::server_key_exchange)), kClient,
       Alert::unexpected_message},
      {"DuplicatedServerHelloDone", duplicate(kServer, msg(T::server_hello_done)), kClient,
       Alert::unexpected_message},
      {"DuplicatedClientKeyExchange", duplicate(kClient, msg(T::client_key_exchange)), kServer,
       Alert::unexpected_message},
      {"DuplicatedClientChangeCipherSpec", duplicate(kClient, kCcs), kServer,
       Alert::unexpected_message},
      {"DuplicatedClientFinished", duplicate(kClient, msg(T::finished)), kServer,
       Alert::unexpected_message},
      {"DuplicatedServerFinished", duplicate(kServer, msg(T::finished)), kClient,
       Alert::unexpected_message},
  };
}

class Tampering : public ::testing::TestWithParam<TamperCase> {};

TEST_P(Tampering, IsRefusedWithTheRightAlertBySideThatNoticesIt) {
  const TamperCase& c = GetParam();
  ClientSettings client = client_settings();
  client.cipher_suites = {c.suite};
  client.groups = {c.group};
  const bool rsa = crypto::find_suite(c.suite)->key_exchange != crypto::KeyExchange::ecdhe_ecdsa;
  ServerSettings server = server_settings(rsa ? rsa_credential() : ec_credential());
  server.cipher_suites = {c.suite};
  auto pair = run12(client, server, c.tamper);
  const Pump& pump = pair->pump;
  if (!c.alert) {
    EXPECT_FALSE(pump.failed()) << pump.describe();
    EXPECT_FALSE(pair->client.is_complete());
    EXPECT_FALSE(pair->server.is_complete());
    return;
  }
  ASSERT_TRUE(pump.result(c.noticed_by).error) << pump.describe();
  const Error& error = *pump.result(c.noticed_by).error;
  EXPECT_EQ(error.alert(), *c.alert) << error.to_string();
  EXPECT_FALSE(error.reason().empty());
  // Whoever noticed stopped there; the other side never finished either.
  EXPECT_FALSE(pump.result(other(c.noticed_by)).error) << pump.describe();
  EXPECT_FALSE(pair->client.is_complete() && pair->server.is_complete());
}

INSTANTIATE_TEST_SUITE_P(Tls12, Tampering, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<TamperCase>& param) {
                           return param.param.name;
                         });

TEST(Tampering, AnUntouchedRunWithTheSameHooksSucceeds) {
  // The positive control for the cases above: a hook that changes nothing.
  auto pair = run12(client_settings(), server_settings(ec_credential()),
                    change(kServer, HandshakeType::server_hello, [](Bytes&) {}));
  EXPECT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
}

}  // namespace
}  // namespace cpptls::handshake::testing
