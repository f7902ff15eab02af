#pragma once
// CertificateRequest, in its two forms.
//
// TLS 1.2 (RFC 5246 7.4.4):
//   enum { rsa_sign(1), dss_sign(2), ..., ecdsa_sign(64) (RFC 8422 5.5), (255) }
//       ClientCertificateType;
//   opaque DistinguishedName<1..2^16-1>;
//   struct {
//       ClientCertificateType certificate_types<1..2^8-1>;
//       SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
//       DistinguishedName certificate_authorities<0..2^16-1>;
//   } CertificateRequest;
//
// TLS 1.3 (RFC 8446 4.3.2):
//   struct {
//       opaque certificate_request_context<0..2^8-1>;
//       Extension extensions<2..2^16-1>;
//   } CertificateRequest;

#include <cstdint>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

enum class ClientCertificateType : std::uint8_t {
  rsa_sign = 1,
  dss_sign = 2,
  rsa_fixed_dh = 3,
  dss_fixed_dh = 4,
  ecdsa_sign = 64,
  rsa_fixed_ecdh = 65,
  ecdsa_fixed_ecdh = 66,
};

struct CertificateRequest12 {
  static constexpr HandshakeType kType = HandshakeType::certificate_request;

  std::vector<ClientCertificateType> certificate_types;
  std::vector<SignatureScheme> supported_signature_algorithms;
  std::vector<ByteView> certificate_authorities;  // DER Names, views into the decoded input

  [[nodiscard]] static Expected<CertificateRequest12> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const CertificateRequest12& a, const CertificateRequest12& b) noexcept;
};

struct CertificateRequest13 {
  static constexpr HandshakeType kType = HandshakeType::certificate_request;

  ByteView certificate_request_context;
  ExtensionList extensions;

  // Without signature_algorithms it is missing_extension (RFC 8446 4.3.2: "The
  // "signature_algorithms" extension MUST be specified"; 6.2 missing_extension).
  [[nodiscard]] static Expected<CertificateRequest13> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const CertificateRequest13& a, const CertificateRequest13& b) noexcept;
};

}  // namespace cpptls::wire
