#include "handshake/common/stapled_ocsp.hpp"

#include <string>

namespace cpptls::handshake {

Expected<void> check_stapled_ocsp(const ClientSettings& settings, ByteView response,
                                  const std::vector<x509::ParsedCertificate>& chain) {
  if (!settings.request_ocsp_stapling || !settings.ocsp_check) return {};
  if (settings.ocsp_check(response, chain)) return {};
  return fail(ErrorKind::certificate, ErrorCode::certificate_invalid,
              AlertDescription::bad_certificate_status_response,
              response.empty()
                  ? std::string("the server stapled no OCSP response, and the application's OCSP "
                                "check requires one (RFC 6066 8)")
                  : "the application's OCSP check refused the server's stapled response (" +
                        std::to_string(response.size()) + " bytes; RFC 6066 8)");
}

}  // namespace cpptls::handshake
