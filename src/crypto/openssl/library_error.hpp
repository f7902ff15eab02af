#pragma once
// Turns OpenSSL's thread-local error queue into our Error reasons, and keeps the queue empty
// between calls so that one failure never shows up in the reason of a later one.

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace cpptls::crypto::openssl {

// The queued errors as text (the earliest, which is the root cause, first), and an empty
// queue afterwards. "no detail from libcrypto" when the queue was empty.
[[nodiscard]] std::string drain_error_queue();

// Empties the queue after a failure we report with our own words (a bad signature, a failed
// AEAD open), so that nothing of it leaks into a later reason.
void clear_error_queue() noexcept;

// ErrorCode::crypto_library_failure (alert internal_error): "<what>: <libcrypto's reason>".
[[nodiscard]] Unexpected<Error> library_failure(std::string_view what);

}  // namespace cpptls::crypto::openssl
