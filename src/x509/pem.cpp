#include "x509/pem.hpp"

#include <array>
#include <utility>
#include <vector>

#include "base/hex.hpp"

namespace cpptls::x509 {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

// The value of each base64 character (RFC 4648 4), 0xff for the others.
constexpr std::array<std::uint8_t, 256> make_table() {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t)
    v = 0xff;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return t;
}
constexpr std::array<std::uint8_t, 256> kBase64 = make_table();

std::string describe_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7f) return std::string("'") + c + "'";
  return "byte 0x" + to_hex_u8(byte);
}

// Decodes base64 into any byte container, appending. `problem` receives the reason.
template <class Out>
bool decode_into(std::string_view text, Out& out, std::string& problem) {
  const std::size_t start = out.size();
  out.reserve(start + text.size() / 4 * 3);
  const std::size_t whole = text.size() - text.size() % 4;
  for (std::size_t i = 0; i < whole; i += 4) {
    std::array<int, 4> v{};
    std::size_t padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=') {
        // Padding only in the last quad, only in its last two places, and then to the end.
        if (i + 4 != text.size() || j < 2 || (j == 2 && text[i + 3] != '=')) {
          problem =
              "'=' padding in the middle of the data (character " + std::to_string(i + j + 1) + ")";
          out.resize(start);
          return false;
        }
        ++padding;
        v[j] = 0;
        continue;
      }
      const std::uint8_t d = kBase64[static_cast<unsigned char>(c)];
      if (d == 0xff) {
        problem = "invalid base64 character " + describe_char(c) + " (character " +
                  std::to_string(i + j + 1) + ")";
        out.resize(start);
        return false;
      }
      v[j] = d;
    }
    const unsigned bits = static_cast<unsigned>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    // RFC 4648 3.5: the bits that padding leaves over must be zero.
    if ((padding == 1 && (bits & 0xff) != 0) || (padding == 2 && (bits & 0xffff) != 0)) {
      problem = "non-zero bits before the '=' padding (not canonical base64)";
      out.resize(start);
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(bits >> 16));
    if (padding < 2) out.push_back(static_cast<std::uint8_t>(bits >> 8 & 0xff));
    if (padding < 1) out.push_back(static_cast<std::uint8_t>(bits & 0xff));
  }
  if (whole != text.size()) {
    problem = "base64 length " + std::to_string(text.size()) + " is not a multiple of 4";
    out.resize(start);
    return false;
  }
  return true;
}

std::string_view trim_right(std::string_view line) noexcept {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

// RFC 7468 3: label characters are printable ASCII except '-', single spaces between words.
bool valid_label(std::string_view label) noexcept {
  if (label.empty() || label.front() == ' ' || label.back() == ' ') return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const char c = label[i];
    if (c < 0x20 || c > 0x7e || c == '-') return false;
    if (c == ' ' && label[i + 1] == ' ') return false;
  }
  return true;
}

Unexpected<Error> pem_error(std::size_t block, std::string_view label, std::size_t line,
                            const std::string& problem) {
  return decode_failure(ErrorCode::invalid_value, "PEM block " + std::to_string(block) + " (" +
                                                      std::string(label) + ", line " +
                                                      std::to_string(line) + "): " + problem);
}

// Walks the text block by block; `emit(label, base64, index, line)` gets each block's
// concatenated base64 text.
template <class Emit>
Expected<void> scan(std::string_view text, const PemLimits& limits, Emit emit) {
  std::size_t line_number = 0;
  std::size_t blocks = 0;
  bool inside = false;
  std::string_view label;
  std::size_t begin_line = 0;
  std::string base64;
  const std::size_t max_base64 = (limits.max_block_size + 2) / 3 * 4;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t stop = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = trim_right(text.substr(pos, stop - pos));
    pos = stop + 1;
    ++line_number;
    if (!inside) {
      if (line.starts_with(kBegin) && line.size() >= kBegin.size() + kDashes.size() &&
          line.ends_with(kDashes)) {
        label = line.substr(kBegin.size(), line.size() - kBegin.size() - kDashes.size());
        ++blocks;
        if (!valid_label(label)) {
          return pem_error(blocks, "?", line_number, "invalid label in BEGIN line");
        }
        if (blocks > limits.max_blocks) {
          return pem_error(blocks, label, line_number,
                           "more than " + std::to_string(limits.max_blocks) + " blocks");
        }
        inside = true;
        begin_line = line_number;
        base64.clear();
      }
      continue;
    }
    if (line.starts_with(kEnd)) {
      const std::string_view end_label =
          line.ends_with(kDashes) && line.size() >= kEnd.size() + kDashes.size()
              ? line.substr(kEnd.size(), line.size() - kEnd.size() - kDashes.size())
              : std::string_view("(malformed)");
      if (end_label != label) {
        return pem_error(
            blocks, label, begin_line,
            "END line " + std::to_string(line_number) + " is for '" + std::string(end_label) + "'");
      }
      if (auto ok = emit(label, std::string_view(base64), blocks, begin_line); !ok) return ok;
      inside = false;
      continue;
    }
    if (line.starts_with("-----")) {
      return pem_error(blocks, label, begin_line,
                       "no END line before line " + std::to_string(line_number));
    }
    if (line.find(':') != std::string_view::npos) {
      return pem_error(blocks, label, begin_line,
                       "header at line " + std::to_string(line_number) +
                           " (RFC 1421 headers, as in legacy encrypted keys, are not supported)");
    }
    std::string_view data = line;
    while (!data.empty() && (data.front() == ' ' || data.front() == '\t'))
      data.remove_prefix(1);
    if (base64.size() + data.size() > max_base64) {
      return pem_error(
          blocks, label, begin_line,
          "block is larger than the " + std::to_string(limits.max_block_size) + "-byte limit");
    }
    base64.append(data);
  }
  if (inside) return pem_error(blocks, label, begin_line, "no END line");
  return {};
}

}  // namespace

Expected<void> decode_base64(std::string_view text, Bytes& out) {
  std::string problem;
  if (!decode_into(text, out, problem)) return decode_failure(ErrorCode::invalid_value, problem);
  return {};
}

Expected<std::vector<PemBlock>> read_pem_blocks(std::string_view text, const PemLimits& limits) {
  std::vector<PemBlock> blocks;
  auto done = scan(text, limits,
                   [&](std::string_view label, std::string_view base64, std::size_t index,
                       std::size_t line) -> Expected<void> {
                     PemBlock block;
                     block.label = std::string(label);
                     block.line = line;
                     std::string problem;
                     if (!decode_into(base64, block.der, problem)) {
                       return pem_error(index, label, line, problem);
                     }
                     blocks.push_back(std::move(block));
                     return {};
                   });
  if (!done) return Unexpected<Error>(std::move(done.error()));
  return blocks;
}

Expected<std::vector<Bytes>> read_pem_certificates(std::string_view text, const PemLimits& limits) {
  std::vector<Bytes> certificates;
  auto done = scan(text, limits,
                   [&](std::string_view label, std::string_view base64, std::size_t index,
                       std::size_t line) -> Expected<void> {
                     std::string problem;
                     if (label != "CERTIFICATE") {
                       // Checked all the same, so a corrupt file is not half-read silently.
                       SecretBytes ignored;
                       if (!decode_into(base64, ignored, problem)) {
                         return pem_error(index, label, line, problem);
                       }
                       return {};
                     }
                     Bytes der;
                     if (!decode_into(base64, der, problem)) {
                       return pem_error(index, label, line, problem);
                     }
                     certificates.push_back(std::move(der));
                     return {};
                   });
  if (!done) return Unexpected<Error>(std::move(done.error()));
  return certificates;
}

Expected<std::vector<ParsedCertificate>> parse_pem_certificates(std::string_view text,
                                                                const PemLimits& limits) {
  auto blocks = read_pem_certificates(text, limits);
  if (!blocks) return Unexpected<Error>(std::move(blocks.error()));
  std::vector<ParsedCertificate> out;
  out.reserve(blocks->size());
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    auto parsed = ParsedCertificate::parse(std::move((*blocks)[i]));
    if (!parsed) {
      const Error& e = parsed.error();
      return fail(e.kind(), e.code(), e.alert(),
                  "certificate " + std::to_string(i + 1) + " of the PEM text: " + e.reason());
    }
    out.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace cpptls::x509
