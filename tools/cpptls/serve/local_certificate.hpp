#pragma once
// The certificate `cpptls serve` uses when given none, in the manner of mkcert and Caddy: a
// local CA made on the first run in ${XDG_DATA_HOME:-$HOME/.local/share}/cpptls/serve/
// (ca.pem, ca.key 0600) and a leaf for localhost, 127.0.0.1 and ::1 signed by it
// (localhost.pem, localhost.key 0600). Later runs reuse both; the leaf is issued again when it
// is near its end or was not signed by that CA. Trusting ca.pem makes browsers and curl
// accept the server.
//
// Users are asked to trust that CA, so its key must not be able to vouch for any other host
// (issue 11, item 8): the CA certificate carries a critical nameConstraints extension (RFC
// 5280 4.2.1.10) permitting only dNSName localhost and iPAddress 127.0.0.1/32 and ::1/128,
// and verifiers refuse any certificate it signs for another name. A CA made by an older
// version, without that extension, is replaced (key, certificate and leaf) by a constrained
// one, once: users trusted an unconstrained key, which must not stay usable.

#include <string>

#include "cpptls/result.hpp"

namespace cpptls::tool::serve {

struct LocalCertificate {
  std::string folder;
  std::string ca_path;    // the CA certificate to trust
  std::string cert_path;  // the leaf, then the CA
  std::string key_path;
  bool created_ca = false;
  bool replaced_unconstrained_ca = false;  // an older CA without name constraints was replaced
  bool issued_leaf = false;
};

// The folder from the environment: $XDG_DATA_HOME (when absolute, as the XDG Base Directory
// specification asks) else $HOME/.local/share, then cpptls/serve.
[[nodiscard]] Result<std::string> local_certificate_folder();

// Makes or reuses the CA and leaf in `folder` (created 0700 when missing).
[[nodiscard]] Result<LocalCertificate> ensure_local_certificate(const std::string& folder);

}  // namespace cpptls::tool::serve
