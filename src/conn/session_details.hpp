#pragma once
// What the connection keeps of a finished handshake: the handshake's SessionSummary without
// the peer's parsed chain (the DER stays: the public SessionInfo shows it), so that an
// established connection holds little.

#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "crypto/algorithms.hpp"
#include "handshake/common/session_summary.hpp"
#include "wire/enums.hpp"

namespace cpptls::conn {

struct SessionDetails {
  wire::ProtocolVersion version = wire::ProtocolVersion::tls12;
  crypto::CipherSuite cipher_suite = crypto::CipherSuite::TLS_AES_128_GCM_SHA256;
  std::optional<crypto::NamedGroup> group;
  bool extended_master_secret = false;
  bool resumed = false;
  bool resumed_by_ticket = false;
  std::string alpn;
  std::string server_name;
  // The peer's leaf subject in RFC 4514 form ("CN=localhost"); empty when it sent none.
  std::string peer_subject;
  bool peer_sent_certificate = false;
  bool peer_verified = false;
  std::vector<Bytes> peer_chain;  // DER as sent, leaf first
  std::optional<crypto::SignatureScheme> peer_signature_scheme;
  bool hello_retry_request = false;
  Bytes tls_unique;     // TLS 1.2: RFC 5929 3.1
  Bytes ocsp_response;  // stapled by the server (client side only); not validated

  [[nodiscard]] static SessionDetails from(const handshake::SessionSummary& summary);
};

}  // namespace cpptls::conn
