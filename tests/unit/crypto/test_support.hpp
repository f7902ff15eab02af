#pragma once
// Helpers shared by the crypto unit tests: hex vectors, the real provider, the `openssl`
// command line as an independent oracle, temporary folders, and the RSA key that the whole
// binary shares (RSA key generation is slow).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/hex.hpp"
#include "crypto/provider.hpp"

namespace cpptls::crypto::test {

// The bytes of a hex vector (white space allowed); an empty vector and a test failure if
// the text is not hex.
[[nodiscard]] Bytes hex(std::string_view text);

[[nodiscard]] const Provider& real_provider();

// The standard output of a shell command, or nothing if it could not run or exited non-zero.
[[nodiscard]] std::optional<std::string> run_command(const std::string& command);

// True when the `openssl` command line can be run.
[[nodiscard]] bool have_openssl_command();

// Bytes printed by `openssl kdf` ("AB:CD:..." with a new line).
[[nodiscard]] std::optional<Bytes> parse_openssl_hex(std::string_view text);

// A folder under the system temporary folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

[[nodiscard]] std::optional<std::string> read_text_file(const std::filesystem::path& path);

// One RSA-2048 key for every test in the binary that needs an rsaEncryption key.
[[nodiscard]] const PrivateKey& shared_rsa_key();

}  // namespace cpptls::crypto::test
