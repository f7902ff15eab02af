#include "unit/handshake/mutual12.hpp"

namespace cpptls::handshake::testing {
namespace {

Credential load(std::string_view leaf, std::string_view intermediate) {
  Credential credential;
  credential.chain.push_back(pki_certificate(leaf));
  credential.chain.push_back(pki_certificate(intermediate));
  credential.key = pki_key(leaf);
  return credential;
}

}  // namespace

const Credential& client_ec_credential() {
  static const Credential credential = load("leaf-client-ec", "int-ec");
  return credential;
}

const Credential& ec_org_credential() {
  static const Credential credential = load("leaf-ec-org", "int-ec");
  return credential;
}

std::shared_ptr<const x509::TrustStore> trust_store_of(
    std::initializer_list<std::string_view> roots) {
  auto trust = std::make_shared<x509::TrustStore>();
  for (const std::string_view root : roots)
    trust->add(pki_certificate(root));
  return trust;
}

ClientSettings client_presenting(const Credential& certificate) {
  ClientSettings settings = client_settings();
  settings.certificate = certificate;
  return settings;
}

ServerSettings server_asking(ClientAuth mode, std::initializer_list<std::string_view> roots) {
  ServerSettings settings = server_settings(ec_credential());
  settings.client_auth = mode;
  settings.client_trust = trust_store_of(roots);
  return settings;
}

}  // namespace cpptls::handshake::testing
