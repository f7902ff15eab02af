#pragma once
// The client's decision on the server's stapled OCSP response (RFC 6066 8): "Clients
// requesting an OCSP response and receiving an OCSP response in a "CertificateStatus" message
// MUST check the OCSP response and abort the handshake if the response is not satisfactory
// with bad_certificate_status_response(113) alert." The library does not read OCSP (RFC 6960);
// the check is the application's, ClientSettings::ocsp_check.

#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "handshake/common/settings.hpp"
#include "x509/certificate.hpp"

namespace cpptls::handshake {

// Success when the client did not ask for stapling or has no check, or the check accepts
// `response` (empty: none stapled) for `chain`; otherwise bad_certificate_status_response.
[[nodiscard]] Expected<void> check_stapled_ocsp(const ClientSettings& settings, ByteView response,
                                                const std::vector<x509::ParsedCertificate>& chain);

}  // namespace cpptls::handshake
