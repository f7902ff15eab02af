#include "conn/session_details.hpp"

namespace cpptls::conn {

SessionDetails SessionDetails::from(const handshake::SessionSummary& summary) {
  SessionDetails details;
  details.version = summary.version;
  details.cipher_suite = summary.cipher_suite;
  details.group = summary.group;
  details.extended_master_secret = summary.extended_master_secret;
  details.resumed = summary.resumed;
  details.resumed_by_ticket = summary.resumed_by_ticket;
  details.alpn = summary.alpn;
  details.server_name = summary.server_name;
  if (!summary.peer_certificates.empty()) {
    details.peer_sent_certificate = true;
    details.peer_subject = summary.peer_certificates.front()->describe();
    details.peer_chain.reserve(summary.peer_certificates.size());
    for (const x509::ParsedCertificate& certificate : summary.peer_certificates)
      details.peer_chain.emplace_back(certificate.der().begin(), certificate.der().end());
  }
  details.peer_verified = summary.peer_verified;
  details.peer_signature_scheme = summary.peer_signature_scheme;
  details.hello_retry_request = summary.hello_retry_request;
  details.tls_unique = summary.tls_unique;
  details.ocsp_response = summary.ocsp_response;
  return details;
}

}  // namespace cpptls::conn
