#include "wire/messages/certificate_status.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"
#include "wire/reader.hpp"

namespace cpptls::wire {

Expected<CertificateStatusRequest> CertificateStatusRequest::decode(ByteView data) {
  return decode_whole(data, "status_request extension",
                      [](Reader& r) -> Expected<CertificateStatusRequest> {
                        auto type = r.u8("CertificateStatusType");
                        if (!type) return propagate(type);
                        CertificateStatusRequest request;
                        request.status_type = static_cast<CertificateStatusType>(*type);
                        if (!request.is_ocsp()) {
                          // RFC 6066 8 defines only ocsp; a later type's request is kept whole,
                          // unread.
                          request.responder_id_list = r.rest();
                          if (auto all = r.bytes(r.remaining(), "status request"); !all)
                            return propagate(all);
                          return request;
                        }
                        auto ids = r.u16_prefixed("responder_id_list", 0, 0xffff);
                        if (!ids) return propagate(ids);
                        Reader each(*ids);
                        while (!each.empty()) {
                          auto id = each.u16_prefixed("ResponderID", 1, 0xffff);
                          if (!id) return propagate(id);
                        }
                        auto extensions = r.u16_prefixed("OCSP request_extensions", 0, 0xffff);
                        if (!extensions) return propagate(extensions);
                        request.responder_id_list = *ids;
                        request.request_extensions = *extensions;
                        return request;
                      });
}

void CertificateStatusRequest::encode(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(status_type));
  if (!is_ocsp()) {
    writer.bytes(responder_id_list);
    return;
  }
  {
    auto ids = writer.u16_prefixed();
    writer.bytes(responder_id_list);
  }
  auto extensions = writer.u16_prefixed();
  writer.bytes(request_extensions);
}

bool operator==(const CertificateStatusRequest& a, const CertificateStatusRequest& b) noexcept {
  return a.status_type == b.status_type && same_bytes(a.responder_id_list, b.responder_id_list) &&
         same_bytes(a.request_extensions, b.request_extensions);
}

Expected<CertificateStatus> CertificateStatus::decode(ByteView body) {
  return decode_whole(body, "CertificateStatus", [](Reader& r) -> Expected<CertificateStatus> {
    auto type = r.u8("CertificateStatusType");
    if (!type) return propagate(type);
    if (static_cast<CertificateStatusType>(*type) != CertificateStatusType::ocsp) {
      return illegal_parameter("the CertificateStatus has status_type " + std::to_string(*type) +
                               "; only ocsp (1) was requested (RFC 6066 8)");
    }
    auto response = r.u24_prefixed("OCSPResponse", 1, kMaxResponseSize);
    if (!response) return propagate(response);
    return CertificateStatus{*response};
  });
}

void CertificateStatus::encode(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(CertificateStatusType::ocsp));
  auto response = writer.u24_prefixed();
  writer.bytes(ocsp_response);
}

bool operator==(const CertificateStatus& a, const CertificateStatus& b) noexcept {
  return same_bytes(a.ocsp_response, b.ocsp_response);
}

}  // namespace cpptls::wire
