#pragma once
// Certificates and keys for handshake tests: the test PKI of tests/pki/make-test-pki.sh, made
// once into a temporary directory shared by the test processes (the same cache the x509 tests
// use), and the credentials and settings built from it.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/settings.hpp"
#include "unit/x509/test_pki.hpp"
#include "x509/certificate.hpp"

namespace cpptls::handshake::testing {

[[nodiscard]] const crypto::Provider& real_provider();

// The test PKI itself (test_pki_dir: the directory holding NAME.pem, NAME.der and NAME.key)
// is the x509 tests' helper, compiled into this binary too.
using x509::testing::read_binary;
using x509::testing::read_text;
using x509::testing::test_pki_dir;

// Certificate NAME ("leaf-ec") parsed; fails the test when it cannot be read.
[[nodiscard]] x509::ParsedCertificate pki_certificate(std::string_view name);
// The key of NAME, loaded with the real provider.
[[nodiscard]] std::shared_ptr<const crypto::PrivateKey> pki_key(std::string_view name);

// leaf-ec (ECDSA P-256, *.example.com and example.com) with int-ec, under root-ec.
[[nodiscard]] const Credential& ec_credential();
// leaf-rsa (RSA-2048, www.example.org and more) with int-rsa, under root-rsa.
[[nodiscard]] const Credential& rsa_credential();

// A client that does not verify (until a test asks for it) and a server with `credential`,
// both on the real provider with the default lists.
[[nodiscard]] ClientSettings client_settings();
// Makes `settings` verify the server against `trust` for its server_name.
void verify_server(ClientSettings& settings, std::shared_ptr<const x509::TrustStore> trust);
[[nodiscard]] ServerSettings server_settings(const Credential& credential);

// The standard output of a shell command, or nothing when it could not run or failed.
[[nodiscard]] std::optional<std::string> run_command(const std::string& command);
[[nodiscard]] bool have_openssl_command();

}  // namespace cpptls::handshake::testing
