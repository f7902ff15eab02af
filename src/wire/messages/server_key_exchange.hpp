#pragma once
// ServerKeyExchange for the ECDHE suites (RFC 8422 5.4, RFC 5246 7.4.3):
//
//   enum { explicit_prime (1), explicit_char2 (2), named_curve (3), reserved(248..255) }
//       ECCurveType;
//   struct {
//       ECCurveType    curve_type;
//       select (curve_type) {
//           case named_curve:
//               NamedCurve namedcurve;
//       };
//   } ECParameters;
//   struct {
//       opaque point <1..2^8-1>;
//   } ECPoint;
//   struct {
//       ECParameters    curve_params;
//       ECPoint         public;
//   } ServerECDHParams;
//   select (KeyExchangeAlgorithm) {
//       case ec_diffie_hellman:
//           ServerECDHParams    params;
//           Signature           signed_params;
//   } ServerKeyExchange;
//
// with the TLS 1.2 signature (RFC 5246 4.7, 7.4.1.4.1): SignatureAndHashAlgorithm, which
// RFC 8446 4.2.3 aligns with SignatureScheme, then opaque signature<0..2^16-1>.
// The signature covers client_random + server_random + the bytes of ServerECDHParams.

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

enum class EcCurveType : std::uint8_t { explicit_prime = 1, explicit_char2 = 2, named_curve = 3 };

struct ServerKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::server_key_exchange;

  NamedGroup group = NamedGroup::x25519;
  ByteView public_point;  // a view into the decoded input
  SignatureScheme scheme = SignatureScheme::ecdsa_secp256r1_sha256;
  ByteView signature;  // a view into the decoded input

  // Set by decode: the ServerECDHParams bytes as received, the signed input after the two
  // randoms. Not part of the encoding, so not compared by ==; a server builds the same
  // bytes with encode_params.
  ByteView params;

  // A curve_type other than named_curve(3) is illegal_parameter (RFC 8422 5.4: the explicit
  // types are deprecated and "MUST NOT be used").
  [[nodiscard]] static Expected<ServerKeyExchangeEcdhe> decode(ByteView body);
  void encode(Writer& writer) const;
  // Writes ServerECDHParams alone: what the server signs (after the randoms).
  void encode_params(Writer& writer) const;

  friend bool operator==(const ServerKeyExchangeEcdhe& a, const ServerKeyExchangeEcdhe& b) noexcept;
};

}  // namespace cpptls::wire
