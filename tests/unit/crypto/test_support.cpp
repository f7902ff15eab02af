#include "unit/crypto/test_support.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls::crypto::test {

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes) {
    ADD_FAILURE() << "bad hex in a test vector: " << text;
    return {};
  }
  return *bytes;
}

const Provider& real_provider() {
  return openssl::provider();
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

std::optional<Bytes> parse_openssl_hex(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != ':' && c != '\n' && c != '\r' && c != ' ') digits.push_back(c);
  }
  if (digits.empty()) return std::nullopt;
  return from_hex(digits);
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cpptls-crypto-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const PrivateKey& shared_rsa_key() {
  static const std::unique_ptr<PrivateKey> key = [] {
    auto made = real_provider().generate_private_key(KeyType::rsa, 2048);
    if (!made) {
      ADD_FAILURE() << made.error().to_string();
      std::abort();
    }
    return std::move(*made);
  }();
  return *key;
}

}  // namespace cpptls::crypto::test
