#pragma once
// The test PKI of tests/pki/make-test-pki.sh, made once per script version into a temporary
// directory shared by the test processes (ctest runs each test in its own process), and
// small helpers to read its files.

#include <filesystem>
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace cpptls::x509::testing {

// The directory holding NAME.pem / NAME.der / NAME.key; fails the calling test (and returns
// an empty path) if the script could not run.
[[nodiscard]] const std::filesystem::path& test_pki_dir();

// A private scratch directory for this process (removed at exit), for files a test writes.
[[nodiscard]] const std::filesystem::path& scratch_dir();

[[nodiscard]] Bytes read_binary(const std::filesystem::path& path);
[[nodiscard]] std::string read_text(const std::filesystem::path& path);

// The DER of certificate NAME ("leaf-rsa"), and its PEM text.
[[nodiscard]] Bytes pki_der(std::string_view name);
[[nodiscard]] std::string pki_pem(std::string_view name);

// Runs a shell command and returns its standard output (for openssl as an oracle).
[[nodiscard]] std::string run_command(const std::string& command);

}  // namespace cpptls::x509::testing
