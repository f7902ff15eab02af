#pragma once
// Which of the server's certificates answers a ClientHello, for both TLS versions: by the
// name the client asked for first (RFC 6066 3 server_name), then by what the client can use
// (its suites and signature schemes decide whether an RSA or an ECDSA key can serve it).
//
//   1. The candidates are the credentials whose leaf certificate is valid for the client's
//      server_name by RFC 9525 (subjectAltName only, wildcards as x509::match_host allows),
//      in configuration order.
//   2. When none is, or the client sent no name, every credential is a candidate, the default
//      (the first) first: a client that names a host we have no certificate for still gets an
//      answer (its own name check decides), and one that cannot use the default's key type
//      gets another key's certificate.
//   3. Among the candidates, the first the caller's predicate accepts: for TLS 1.2 "a suite
//      and ServerKeyExchange scheme can be negotiated with this key", for TLS 1.3 "this key
//      can make one of the client's signature_algorithms".
//
// Credentials without a chain or a key are never candidates.

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "handshake/common/settings.hpp"

namespace cpptls::handshake {

// Steps 1 and 2: the credentials to try, best first; empty only when `credentials` holds no
// usable credential. The pointers point into `credentials`.
[[nodiscard]] std::vector<const Credential*> credential_candidates(
    std::span<const Credential> credentials, std::string_view server_name);

using CredentialPredicate = std::function<bool(const Credential&)>;

// Steps 1 to 3: the first candidate `can_serve` accepts; null when it accepts none (the
// caller refuses the handshake, handshake_failure, saying what the client offered).
[[nodiscard]] const Credential* choose_credential(std::span<const Credential> credentials,
                                                  std::string_view server_name,
                                                  const CredentialPredicate& can_serve);

}  // namespace cpptls::handshake
