#include "handshake/common/credential_choice.hpp"

#include "x509/hostname.hpp"

namespace cpptls::handshake {
namespace {

bool usable(const Credential& credential) noexcept {
  return !credential.chain.empty() && credential.key != nullptr;
}

// RFC 9525 on the leaf's subjectAltName. A name match_host cannot read (neither a DNS name nor
// an IP literal) matches nothing.
bool names(const Credential& credential, std::string_view server_name) {
  return x509::match_host(credential.chain.front().certificate(), server_name).has_value();
}

}  // namespace

std::vector<const Credential*> credential_candidates(std::span<const Credential> credentials,
                                                     std::string_view server_name) {
  std::vector<const Credential*> candidates;
  if (!server_name.empty()) {
    for (const Credential& credential : credentials) {
      if (usable(credential) && names(credential, server_name)) candidates.push_back(&credential);
    }
  }
  if (!candidates.empty()) return candidates;
  // No name, or none of ours: every certificate, the default (first) first, so that a client
  // that cannot use the default's key type still gets one it can use.
  for (const Credential& credential : credentials) {
    if (usable(credential)) candidates.push_back(&credential);
  }
  return candidates;
}

const Credential* choose_credential(std::span<const Credential> credentials,
                                    std::string_view server_name,
                                    const CredentialPredicate& can_serve) {
  for (const Credential* candidate : credential_candidates(credentials, server_name)) {
    if (can_serve(*candidate)) return candidate;
  }
  return nullptr;
}

}  // namespace cpptls::handshake
