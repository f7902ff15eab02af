#pragma once
// Reading the small text files a configuration names (PEM certificates and keys). Only the
// public API reads files; the layers below take bytes.

#include <cstddef>
#include <string>

#include "cpptls/result.hpp"

#include "base/wipe.hpp"

namespace cpptls::api {

// Larger than any certificate bundle or key file in use; a bound on what a mistaken path
// (a device, a huge log) can make us read.
inline constexpr std::size_t kMaxConfigFileSize = std::size_t{16} * 1024 * 1024;

// The whole file, in wiping memory (it may be a private key). `what` names the file's role
// in the error ("certificate file").
[[nodiscard]] Result<SecretBytes> read_config_file(const std::string& path, std::string_view what);

}  // namespace cpptls::api
