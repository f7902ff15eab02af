#pragma once
// CertificateVerify (RFC 8446 4.4.3; RFC 5246 7.4.8 with the digitally-signed struct of 4.7):
//
//   struct {
//       SignatureScheme algorithm;
//       opaque signature<0..2^16-1>;
//   } CertificateVerify;
//
// Whether the scheme was offered, and whether the signature verifies, is the handshake's
// business.

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct CertificateVerify {
  static constexpr HandshakeType kType = HandshakeType::certificate_verify;

  SignatureScheme algorithm = SignatureScheme::ecdsa_secp256r1_sha256;
  ByteView signature;  // a view into the decoded input

  [[nodiscard]] static Expected<CertificateVerify> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const CertificateVerify& a, const CertificateVerify& b) noexcept;
};

}  // namespace cpptls::wire
