#pragma once
// BoringSSL's shim verify callbacks (ssl/test/test_config.cc CertVerifyCallback and
// CustomVerifyCallback) on cpptls's CertificateVerifier: they accept any chain (the runner's
// certificates are throwaway ones) unless -verify-fail, and record that they ran and what they
// answered, which the session keeps (-expect-verify-result).

#include <memory>
#include <string>

#include "cpptls/verifier.hpp"

#include "flags.hpp"

namespace cpptls::bogo {

// What the verification of the current session found: BoringSSL keeps it in the session, so a
// resumption that does not verify again reports the one of the handshake that made it.
struct VerifyRecord {
  bool failed = false;
};

// Whether the flags ask for the shim's verifier at all (else a client skips verification and a
// server checks client certificates against -trust-cert, as before). Decided once for the
// first connection and its resumptions together: the verifier is part of the policy a
// session is resumed under.
[[nodiscard]] bool wants_verifier(const ConnectionFlags& flags);

// The verifier for one connection. It decides instead of our verification (BoringSSL's shim
// trusts any chain); with -verify-fail it refuses, fatally only under -verify-peer or
// -require-any-client-certificate (BoringSSL's SSL_VERIFY_NONE keeps the result but goes on).
[[nodiscard]] std::shared_ptr<const CertificateVerifier> make_verifier(
    const ConnectionFlags& flags, bool is_server, std::shared_ptr<VerifyRecord> record);

}  // namespace cpptls::bogo
