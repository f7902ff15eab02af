#include "x509/pem_writer.hpp"

#include <cstddef>
#include <cstdint>

namespace cpptls::x509 {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// RFC 7468 2: generators wrap base64 lines at exactly 64 characters, all but the last.
constexpr std::size_t kLineLength = 64;

// One character at a time: g++ 12 at -O3 misreads a range insert of a literal into a
// reserved vector as an overflow (-Wstringop-overflow, GCC bug 105329's family).
template <class Text>
void append(Text& out, std::string_view text) {
  for (const char c : text)
    out.push_back(static_cast<typename Text::value_type>(c));
}

template <class Text>
void append_base64_lines(Text& out, ByteView der) {
  std::size_t column = 0;
  const auto put = [&](char c) {
    out.push_back(static_cast<typename Text::value_type>(c));
    if (++column == kLineLength) {
      out.push_back('\n');
      column = 0;
    }
  };
  for (std::size_t i = 0; i < der.size(); i += 3) {
    const std::size_t left = der.size() - i;
    const std::uint32_t group = std::uint32_t{der[i]} << 16 |
                                (left > 1 ? std::uint32_t{der[i + 1]} << 8 : 0) |
                                (left > 2 ? std::uint32_t{der[i + 2]} : 0);
    put(kAlphabet[group >> 18 & 0x3f]);
    put(kAlphabet[group >> 12 & 0x3f]);
    put(left > 1 ? kAlphabet[group >> 6 & 0x3f] : '=');
    put(left > 2 ? kAlphabet[group & 0x3f] : '=');
  }
  if (column != 0) out.push_back('\n');
}

template <class Text>
void append_pem(Text& out, std::string_view label, ByteView der) {
  // Reserved up front so a SecretBytes never reallocates (each reallocation is wiped, but
  // one buffer is simpler to reason about).
  const std::size_t base64_size = (der.size() + 2) / 3 * 4;
  out.reserve(out.size() + 2 * (16 + label.size()) + base64_size + base64_size / kLineLength + 1);
  append(out, "-----BEGIN ");
  append(out, label);
  append(out, "-----\n");
  append_base64_lines(out, der);
  append(out, "-----END ");
  append(out, label);
  append(out, "-----\n");
}

}  // namespace

std::string encode_pem(std::string_view label, ByteView der) {
  std::string out;
  append_pem(out, label, der);
  return out;
}

SecretBytes encode_pem_secret(std::string_view label, ByteView der) {
  SecretBytes out;
  append_pem(out, label, der);
  return out;
}

}  // namespace cpptls::x509
