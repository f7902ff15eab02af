#pragma once
// Between the internal vocabulary (base Error, crypto enums) and the public one
// (include/cpptls): one place, so the two cannot drift apart silently.

#include <string>

#include "cpptls/error.hpp"

#include "base/error.hpp"

namespace cpptls::api {

[[nodiscard]] TlsError to_public(const Error& error);

// A public error of kind api_misuse (code invalid_argument), for configuration mistakes.
[[nodiscard]] TlsError config_error(std::string reason);

}  // namespace cpptls::api
