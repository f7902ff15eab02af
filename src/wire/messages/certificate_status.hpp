#pragma once
// OCSP stapling (RFC 6066 8; in TLS 1.3, RFC 8446 4.4.2.1):
//
//   enum { ocsp(1), (255) } CertificateStatusType;
//
//   struct {
//       CertificateStatusType status_type;
//       select (status_type) {
//           case ocsp: OCSPStatusRequest;
//       } request;
//   } CertificateStatusRequest;          (the status_request extension of a ClientHello or a
//                                          TLS 1.3 CertificateRequest)
//   struct {
//       ResponderID responder_id_list<0..2^16-1>;
//       Extensions  request_extensions;
//   } OCSPStatusRequest;
//   opaque ResponderID<1..2^16-1>;
//   opaque Extensions<0..2^16-1>;
//
//   struct {
//       CertificateStatusType status_type;
//       select (status_type) {
//           case ocsp: OCSPResponse;
//       } response;
//   } CertificateStatus;                 (the TLS 1.2 handshake message of type 22, and the
//                                          body of status_request in a TLS 1.3 leaf
//                                          CertificateEntry)
//   opaque OCSPResponse<1..2^24-1>;
//
// A TLS 1.2 server acknowledges a request with an empty status_request in its ServerHello
// (EmptyExtension). The OCSP response itself stays DER bytes: this library carries it and does
// not validate it (RFC 6960 is the application's).

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

enum class CertificateStatusType : std::uint8_t { ocsp = 1 };

struct CertificateStatusRequest {
  CertificateStatusType status_type = CertificateStatusType::ocsp;
  // For ocsp: the bodies of the two vectors (each ResponderID checked to be 1..2^16-1
  // bytes). For another type (RFC 6961's ocsp_multi, ...), `responder_id_list` holds the
  // request unparsed and `request_extensions` is empty: a server answers only ocsp.
  ByteView responder_id_list;
  ByteView request_extensions;

  // Bytes that do not parse, a zero-length ResponderID, trailing bytes: decode_error.
  [[nodiscard]] static Expected<CertificateStatusRequest> decode(ByteView data);
  void encode(Writer& writer) const;
  [[nodiscard]] bool is_ocsp() const noexcept { return status_type == CertificateStatusType::ocsp; }
  friend bool operator==(const CertificateStatusRequest& a,
                         const CertificateStatusRequest& b) noexcept;
};

// The server's empty acknowledgement in a TLS 1.2 ServerHello (RFC 6066 8).
using StatusRequestAcknowledgement = EmptyExtension<ExtensionType::status_request>;

struct CertificateStatus {
  static constexpr HandshakeType kType = HandshakeType::certificate_status;
  // RFC 6066 8 bounds; the response is also bounded by the handshake message limit.
  static constexpr std::size_t kMaxResponseSize = (std::size_t{1} << 24) - 1;

  ByteView ocsp_response;  // a view into the decoded input; never empty

  // A status_type other than ocsp: illegal_parameter (we asked for ocsp only). An empty
  // response (OCSPResponse<1..2^24-1>), bytes that do not parse, trailing bytes: decode_error.
  [[nodiscard]] static Expected<CertificateStatus> decode(ByteView body);
  void encode(Writer& writer) const;
  friend bool operator==(const CertificateStatus& a, const CertificateStatus& b) noexcept;
};

}  // namespace cpptls::wire
