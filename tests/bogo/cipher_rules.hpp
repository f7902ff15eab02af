#pragma once
// BoringSSL's cipher rule strings ("-cipher", SSL_CTX_set_strict_cipher_list) mapped onto our
// TLS 1.2 suites.

#include <string>
#include <vector>

#include "cpptls/algorithms.hpp"

#include "status.hpp"

namespace cpptls::bogo {

// Applies `rule` to `known` (every TLS 1.2 suite we implement, in our order) and gives the
// resulting preference list. Rules are separated by ':' or ','; each is a suite name (IANA) or
// an alias (ALL, DEFAULT, AES, AES128, AES256, AESGCM, CHACHA20, ECDHE/kECDHE, RSA/kRSA,
// ECDSA/aECDSA, aRSA), several joined by '+' to mean all of them at once, with an optional
// prefix: none adds what is not listed yet at the end, '-' removes, '!' removes for good, '+'
// moves to the end. "[A|B]" is BoringSSL's equal-preference group: our ServerConfig has only a
// strict order, so its members are added in the order written (see docs/conformance.md).
// An IANA name of a suite we do not implement (a CBC suite) matches nothing; any other unknown
// word is unimplemented.
[[nodiscard]] Status apply_cipher_rule(const std::string& rule,
                                       const std::vector<CipherSuite>& known,
                                       std::vector<CipherSuite>& out);

}  // namespace cpptls::bogo
