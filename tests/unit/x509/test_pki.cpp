#include "test_pki.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>

namespace cpptls::x509::testing {
namespace {

namespace fs = std::filesystem;

// FNV-1a of the script, so that a changed script makes a fresh PKI.
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
  // Build in a private directory, then rename it into place: concurrent test processes
  // either win the rename or use the winner's directory.
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

}  // namespace

const fs::path& test_pki_dir() {
  static const fs::path dir = make_pki();
  if (dir.empty()) ADD_FAILURE() << "tests/pki/make-test-pki.sh failed (is openssl installed?)";
  return dir;
}

const fs::path& scratch_dir() {
  struct Scratch {
    fs::path path;
    Scratch() {
      std::string name = (fs::temp_directory_path() / "cpptls-x509-test-XXXXXX").string();
      if (mkdtemp(name.data()) != nullptr) path = name;
    }
    ~Scratch() {
      std::error_code ignored;
      if (!path.empty()) fs::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

Bytes read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Bytes pki_der(std::string_view name) {
  return read_binary(test_pki_dir() / (std::string(name) + ".der"));
}

std::string pki_pem(std::string_view name) {
  return read_text(test_pki_dir() / (std::string(name) + ".pem"));
}

std::string run_command(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  pclose(pipe);
  return out;
}

}  // namespace cpptls::x509::testing
