#include "unit/handshake/test_pki.hpp"

#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <cstdlib>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls::handshake::testing {
namespace {

Credential load_credential(std::string_view leaf, std::string_view intermediate) {
  Credential credential;
  credential.chain.push_back(pki_certificate(leaf));
  credential.chain.push_back(pki_certificate(intermediate));
  credential.key = pki_key(leaf);
  return credential;
}

}  // namespace

const crypto::Provider& real_provider() {
  return crypto::openssl::provider();
}

x509::ParsedCertificate pki_certificate(std::string_view name) {
  auto certificate = x509::ParsedCertificate::parse(x509::testing::pki_der(name));
  if (!certificate) {
    ADD_FAILURE() << "cannot parse " << name << ": " << certificate.error().to_string();
    std::abort();
  }
  return *certificate;
}

std::shared_ptr<const crypto::PrivateKey> pki_key(std::string_view name) {
  auto key = real_provider().private_key_from_pem(
      read_text(test_pki_dir() / (std::string(name) + ".key")));
  if (!key) {
    ADD_FAILURE() << "cannot load the key of " << name << ": " << key.error().to_string();
    std::abort();
  }
  return std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
}

const Credential& ec_credential() {
  static const Credential credential = load_credential("leaf-ec", "int-ec");
  return credential;
}

const Credential& rsa_credential() {
  static const Credential credential = load_credential("leaf-rsa", "int-rsa");
  return credential;
}

ClientSettings client_settings() {
  ClientSettings settings;
  settings.provider = &real_provider();
  settings.server_name = "www.example.com";
  settings.server_auth = handshake::ServerAuthPolicy::no_verification();
  return settings;
}

void verify_server(ClientSettings& settings, std::shared_ptr<const x509::TrustStore> trust) {
  auto policy = handshake::ServerAuthPolicy::verify(std::move(trust), settings.server_name);
  EXPECT_TRUE(policy.has_value()) << policy.error().to_string();
  if (policy) settings.server_auth = std::move(*policy);
}

ServerSettings server_settings(const Credential& credential) {
  ServerSettings settings;
  settings.provider = &real_provider();
  settings.credentials.push_back(credential);
  return settings;
}

std::optional<std::string> run_command(const std::string& command) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), got);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

bool have_openssl_command() {
  static const bool available = run_command("openssl version").has_value();
  return available;
}

}  // namespace cpptls::handshake::testing
