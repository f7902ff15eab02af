#include "crypto/openssl/library_error.hpp"

#include <array>

#include <openssl/err.h>

namespace cpptls::crypto::openssl {

std::string drain_error_queue() {
  std::string text;
  // Bounded: the queue holds at most ERR_NUM_ERRORS entries, and two are enough to explain.
  for (int taken = 0; taken < 2; ++taken) {
    const unsigned long code = ERR_get_error();
    if (code == 0) break;
    std::array<char, 256> buffer{};
    ERR_error_string_n(code, buffer.data(), buffer.size());
    if (!text.empty()) text += "; ";
    text += buffer.data();
  }
  ERR_clear_error();
  if (text.empty()) text = "no detail from libcrypto";
  return text;
}

void clear_error_queue() noexcept {
  ERR_clear_error();
}

Unexpected<Error> library_failure(std::string_view what) {
  std::string reason(what);
  reason += ": ";
  reason += drain_error_queue();
  return fail(ErrorKind::internal, ErrorCode::crypto_library_failure,
              AlertDescription::internal_error, std::move(reason));
}

}  // namespace cpptls::crypto::openssl
