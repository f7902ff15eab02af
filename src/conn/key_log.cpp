#include "conn/key_log.hpp"

namespace cpptls::conn {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

void append_hex(SecretString& out, ByteView bytes) {
  for (const std::uint8_t byte : bytes) {
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0x0f]);
  }
}

}  // namespace

SecretString key_log_line(std::string_view label, ByteView client_random, ByteView secret) {
  SecretString line;
  // Sized once, so the secret is never left behind in a buffer that was outgrown.
  line.reserve(label.size() + 2 + 2 * client_random.size() + 2 * secret.size());
  line.append(label);
  line.push_back(' ');
  append_hex(line, client_random);
  line.push_back(' ');
  append_hex(line, secret);
  return line;
}

}  // namespace cpptls::conn
