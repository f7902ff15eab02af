#include "test_support.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include "base/hex.hpp"

namespace cpptls::wire::test {

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

Bytes filled(std::size_t n, std::uint8_t fill) {
  return Bytes(n, fill);
}

Bytes cat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (const ByteView part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes prefixed(std::size_t width, ByteView body) {
  Bytes out;
  for (std::size_t i = width; i > 0; --i)
    out.push_back(static_cast<std::uint8_t>(body.size() >> (8 * (i - 1))));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

bool is_hex_pair_line(std::string_view line) {
  const std::string text = trim(line);
  if (text.empty()) return false;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (word.size() != 2 || !std::isxdigit(static_cast<unsigned char>(word[0])) ||
        !std::isxdigit(static_cast<unsigned char>(word[1])))
      return false;
  }
  return true;
}

// Page furniture of an RFC-style text file, which may split a hex value.
bool is_page_break(std::string_view line) {
  const std::string text = trim(line);
  return text.empty() || text.rfind("Thomson", 0) == 0 || text.rfind("Internet-Draft", 0) == 0 ||
         text.find('\f') != std::string::npos;
}

// "      ClientHello (196 octets):  01 00 ..." → label, count and the hex after the colon.
bool parse_value_line(const std::string& line, std::string& label, std::size_t& octets,
                      std::string& hex_text) {
  const std::size_t open = line.find(" (");
  const std::size_t close = line.find(" octets):");
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  label = trim(line.substr(0, open));
  const std::string count = line.substr(open + 2, close - open - 2);
  if (count.empty() || count.find_first_not_of("0123456789") != std::string::npos) return false;
  octets = std::stoul(count);
  hex_text = line.substr(close + 9);
  return true;
}

std::vector<TraceItem> load_trace() {
  const std::string path =
      CPPTLS_SHARED_DIR "/testdata/tls13-traces/draft-ietf-tls-tls13-vectors.txt";
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "cannot read " << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);

  std::vector<TraceItem> items;
  int section = 0;
  std::string action;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    // Section headings start in column 0: "3.  Simple 1-RTT Handshake".
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) &&
        line.find(".  ") != std::string::npos) {
      section = std::stoi(line);
      continue;
    }
    if (trim(line).rfind("{", 0) == 0) {
      action = trim(line);
      continue;
    }
    std::string label;
    std::size_t octets = 0;
    std::string hex_text;
    if (!parse_value_line(line, label, octets, hex_text)) continue;
    // Continuation lines hold only hex pairs; page breaks in between are skipped until the
    // announced number of octets has been read.
    std::string all = hex_text;
    auto count_octets = [&all] {
      std::istringstream words(all);
      std::size_t n = 0;
      for (std::string word; words >> word;)
        ++n;
      return n;
    };
    std::size_t j = i + 1;
    while (count_octets() < octets && j < lines.size()) {
      if (is_hex_pair_line(lines[j])) {
        all += " " + lines[j];
      } else if (!is_page_break(lines[j])) {
        break;
      }
      ++j;
    }
    if (trim(all) == "(empty)") all.clear();
    auto bytes = from_hex(all);
    if (!bytes || bytes->size() != octets) {
      ADD_FAILURE() << "trace value \"" << label << "\" at line " << (i + 1) << " has "
                    << (bytes ? bytes->size() : 0) << " octets, expected " << octets;
      continue;
    }
    items.push_back({section, action, label, std::move(*bytes)});
  }
  return items;
}

}  // namespace

const std::vector<TraceItem>& trace() {
  static const std::vector<TraceItem> items = load_trace();
  return items;
}

Bytes trace_value(int section, std::string_view action, std::string_view label, int skip) {
  for (const TraceItem& item : trace()) {
    if (item.section != section || item.label != label ||
        item.action.find(action) == std::string::npos)
      continue;
    if (skip-- > 0) continue;
    return item.bytes;
  }
  ADD_FAILURE() << "no trace value \"" << label << "\" under \"" << action << "\" in section "
                << section;
  return {};
}

Bytes trace_handshake_body(int section, std::string_view name, std::uint8_t type, int skip) {
  const std::string action = "construct a " + std::string(name) + " handshake message";
  const Bytes message = trace_value(section, action, name, skip);
  if (message.size() < 4) {
    ADD_FAILURE() << name << " in section " << section << " is too short";
    return {};
  }
  EXPECT_EQ(message[0], type) << name;
  const std::size_t length =
      (std::size_t{message[1]} << 16) | (std::size_t{message[2]} << 8) | message[3];
  EXPECT_EQ(length, message.size() - 4) << name << " in section " << section;
  return Bytes(message.begin() + 4, message.end());
}

}  // namespace cpptls::wire::test
