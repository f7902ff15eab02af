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
  }
  details.peer_verified = summary.peer_verified;
  details.peer_signature_scheme = summary.peer_signature_scheme;
  details.hello_retry_request = summary.hello_retry_request;
  return details;
}

}  // namespace cpptls::conn
