#include "unit/handshake/test_pki.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls::handshake::testing {
namespace {

namespace fs = std::filesystem;

// FNV-1a of the script: the same cache key as tests/unit/x509/test_pki.cpp, so both test
// binaries share one PKI, and a changed script makes a fresh one.
std::string script_fingerprint(const std::string& script) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (const char c : script) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3u;
  }
  std::ostringstream out;
  out << std::hex << hash;
  return out.str();
}

fs::path make_pki() {
  const fs::path script = fs::path(CPPTLS_SOURCE_DIR) / "tests/pki/make-test-pki.sh";
  const std::string text = read_text(script);
  if (text.empty()) return {};
  const fs::path cache =
      fs::temp_directory_path() /
      ("cpptls-test-pki-" + std::to_string(getuid()) + "-" + script_fingerprint(text));
  if (fs::exists(cache / "complete")) return cache;
  // Built in a private directory, then renamed into place: concurrent test processes either
  // win the rename or use the winner's directory.
  std::string work_template = (fs::temp_directory_path() / "cpptls-pki-XXXXXX").string();
  if (mkdtemp(work_template.data()) == nullptr) return {};
  const fs::path work = work_template;
  const std::string command = "bash '" + script.string() + "' '" + work.string() + "'";
  if (std::system(command.c_str()) != 0) {
    fs::remove_all(work);
    return {};
  }
  std::ofstream(work / "complete") << "ok\n";
  std::error_code error;
  fs::rename(work, cache, error);
  if (error) fs::remove_all(work);
  return fs::exists(cache / "complete") ? cache : fs::path();
}

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

const fs::path& test_pki_dir() {
  static const fs::path dir = make_pki();
  if (dir.empty()) ADD_FAILURE() << "tests/pki/make-test-pki.sh failed (is openssl installed?)";
  return dir;
}

Bytes read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

x509::ParsedCertificate pki_certificate(std::string_view name) {
  auto certificate =
      x509::ParsedCertificate::parse(read_binary(test_pki_dir() / (std::string(name) + ".der")));
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
  settings.verify_peer = false;
  return settings;
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
