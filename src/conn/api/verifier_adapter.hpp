#pragma once
// The application's CertificateVerifier (include/cpptls/verifier.hpp) as the handshake's
// PeerVerifier: chains handed over as DER, our failure as a public TlsError, a refusal as a
// certificate error carrying the verifier's reason and alert.

#include <memory>

#include "cpptls/result.hpp"
#include "cpptls/verifier.hpp"

#include "handshake/common/peer_verifier.hpp"

namespace cpptls::api {

// Null when `verifier` is null; a configuration error when its policy name is empty.
[[nodiscard]] Result<std::shared_ptr<const handshake::VerifierPolicy>> verifier_policy(
    const std::shared_ptr<const CertificateVerifier>& verifier, VerifierMode mode,
    bool reverify_on_resume, const char* option);

}  // namespace cpptls::api
