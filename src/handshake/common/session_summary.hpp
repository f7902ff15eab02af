#pragma once
// What an established session is: the values the `handshake:` session line prints and the
// public API exposes.

#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "crypto/algorithms.hpp"
#include "wire/enums.hpp"
#include "x509/certificate.hpp"

namespace cpptls::handshake {

struct SessionSummary {
  wire::ProtocolVersion version = wire::ProtocolVersion::tls12;
  crypto::CipherSuite cipher_suite = crypto::CipherSuite::TLS_AES_128_GCM_SHA256;
  std::optional<crypto::NamedGroup> group;  // none for RSA key transport
  bool extended_master_secret = false;
  bool resumed = false;
  // Resumed with a ticket (RFC 5077; every TLS 1.3 resumption, RFC 8446 2.2), not a TLS 1.2
  // session id from the server's cache.
  bool resumed_by_ticket = false;
  std::string alpn;         // empty: none negotiated
  std::string server_name;  // SNI sent (client) or received (server)
  // The peer's chain as sent, leaf first; empty when it sent none.
  std::vector<x509::ParsedCertificate> peer_certificates;
  bool peer_verified = false;  // a path to a trust anchor was verified
  // The scheme of the peer's signature verified in this handshake (CertificateVerify, TLS 1.2
  // ServerKeyExchange); none on resumption, RSA key transport, or without a certificate.
  std::optional<crypto::SignatureScheme> peer_signature_scheme;
  // TLS 1.3: a HelloRetryRequest was sent (server) or received (client), RFC 8446 4.1.4.
  bool hello_retry_request = false;
  // TLS 1.2: the verify_data of the handshake's first Finished, RFC 5929 3.1's "tls-unique"
  // channel binding (the client's in a full handshake, the server's in an abbreviated one).
  Bytes tls_unique;
  // The peer indicated RFC 5746 secure renegotiation (renegotiation_info or, from a client,
  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV). A client without it is accepted (RFC 5746 4.4) and
  // this records it; renegotiation itself is always refused.
  bool secure_renegotiation = false;
  // Client: the OCSP response the server stapled (RFC 6066 8, RFC 8446 4.4.2.1), not
  // validated; on resumption, the one stapled when the session was made. Empty: none.
  Bytes ocsp_response;
};

}  // namespace cpptls::handshake
