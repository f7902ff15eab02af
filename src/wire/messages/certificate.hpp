#pragma once
// Certificate, in its two forms.
//
// TLS 1.2 (RFC 5246 7.4.2):
//   opaque ASN.1Cert<1..2^24-1>;
//   struct {
//       ASN.1Cert certificate_list<0..2^24-1>;
//   } Certificate;
//
// TLS 1.3 (RFC 8446 4.4.2), X.509 certificates only (we negotiate no raw public keys):
//   struct {
//       opaque cert_data<1..2^24-1>;
//       Extension extensions<0..2^16-1>;
//   } CertificateEntry;
//   struct {
//       opaque certificate_request_context<0..2^8-1>;
//       CertificateEntry certificate_list<0..2^24-1>;
//   } Certificate;
//
// The certificates stay DER bytes (views into the input) for the X.509 module. An empty
// list is well-formed here; whether it is acceptable is the handshake's call.

#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct Certificate12 {
  static constexpr HandshakeType kType = HandshakeType::certificate;

  std::vector<ByteView> certificate_list;  // leaf first

  [[nodiscard]] static Expected<Certificate12> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const Certificate12& a, const Certificate12& b) noexcept;
};

struct CertificateEntry {
  ByteView cert_data;
  ExtensionList extensions;  // read with the table's certificate_entry column

  friend bool operator==(const CertificateEntry& a, const CertificateEntry& b) noexcept;
};

struct Certificate13 {
  static constexpr HandshakeType kType = HandshakeType::certificate;

  ByteView certificate_request_context;
  std::vector<CertificateEntry> certificate_list;  // leaf first

  [[nodiscard]] static Expected<Certificate13> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const Certificate13& a, const Certificate13& b) noexcept;
};

}  // namespace cpptls::wire
