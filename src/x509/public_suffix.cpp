#include "x509/public_suffix.hpp"

#include <array>
#include <fstream>
#include <iterator>

#include "x509/idna.hpp"

namespace cpptls::x509 {
namespace {

// Bounds the work on a hostile or corrupt list file; the real list is about 230 KB.
constexpr std::size_t kMaxListSize = std::size_t{16} * 1024 * 1024;

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 1035 2.3.4: 253 characters without the trailing dot.
constexpr std::size_t kMaxDomain = 253;

}  // namespace

Expected<PublicSuffixList> PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList list;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && is_space(line.front()))
      line.remove_prefix(1);
    if (line.empty() || line.starts_with("//")) continue;
    std::size_t word = 0;
    while (word < line.size() && !is_space(line[word]))
      ++word;
    std::string_view rule = line.substr(0, word);
    bool exception = false;
    bool wildcard = false;
    if (rule.starts_with('!')) {
      exception = true;
      rule.remove_prefix(1);
    } else if (rule.starts_with("*.")) {
      wildcard = true;
      rule.remove_prefix(2);
    }
    auto ascii = to_ascii_host(rule);
    if (!ascii || ascii->empty() || ascii->back() == '.' || ascii->find('*') != std::string::npos) {
      return misuse(ErrorCode::invalid_argument,
                    "public suffix list, line " + std::to_string(line_number) + ": '" +
                        std::string(line.substr(0, word)) + "' is not a rule");
    }
    (exception  ? list.exceptions_
     : wildcard ? list.wildcards_
                : list.rules_)
        .insert(std::move(*ascii));
  }
  return list;
}

Expected<PublicSuffixList> PublicSuffixList::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return misuse(ErrorCode::invalid_argument, "cannot open the public suffix list " + path);
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxListSize) {
      return misuse(ErrorCode::invalid_argument,
                    "the public suffix list " + path + " is larger than 16 MiB");
    }
  }
  return parse(text);
}

bool PublicSuffixList::is_public_suffix(std::string_view domain) const noexcept {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty()) return true;
  if (domain.size() > kMaxDomain) return false;
  std::array<char, kMaxDomain> buffer{};
  for (std::size_t i = 0; i < domain.size(); ++i) {
    const char c = domain[i];
    buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  const std::string_view name(buffer.data(), domain.size());
  // https://publicsuffix.org/list/ "Algorithm": an exception rule wins, then the longest
  // matching rule; for one name this reduces to these lookups.
  if (exceptions_.contains(name)) return false;
  if (rules_.contains(name)) return true;
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return true;  // the implicit rule "*"
  return wildcards_.contains(name.substr(dot + 1));
}

}  // namespace cpptls::x509
