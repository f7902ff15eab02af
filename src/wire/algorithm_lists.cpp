#include "wire/algorithm_lists.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "crypto/descriptors.hpp"

namespace cpptls::wire {
namespace {

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view trim_spaces(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// What differs between the three lists: the noun for messages and the descriptor table.
template <class Enum, class Info>
struct Registry {
  std::string_view noun;
  std::span<const Info> implemented;
};

template <class Enum, class Info>
std::string valid_names(const Registry<Enum, Info>& registry) {
  std::string out = "valid: ";
  bool first = true;
  for (const Info& info : registry.implemented) {
    if (!first) out += ", ";
    out += info.name;
    first = false;
  }
  return out;
}

// True when `text` names an enumerator of the registry that we know but do not implement
// (TLS_FALLBACK_SCSV, x448, ed448, ...), so that the reason can say "not supported" rather
// than "unknown". Every registry here is 16 bits wide and this runs only on the error path,
// so walking the code points keeps it in step with name() without a second table.
template <class Enum>
bool is_known_name(std::string_view text) {
  for (std::uint32_t raw = 0; raw <= std::numeric_limits<std::uint16_t>::max(); ++raw) {
    const std::string_view known = name(static_cast<Enum>(raw));
    if (!known.empty() && equal_ignoring_case(known, text)) return true;
  }
  return false;
}

template <class Enum, class Info>
Expected<std::vector<Enum>> parse_list(std::string_view comma_list,
                                       const Registry<Enum, Info>& registry) {
  const std::string noun(registry.noun);
  if (trim_spaces(comma_list).empty()) {
    return misuse(ErrorCode::invalid_argument,
                  "the " + noun + " list is empty (" + valid_names(registry) + ")");
  }
  std::vector<Enum> out;
  std::size_t position = 1;
  while (true) {
    const std::size_t comma = comma_list.find(',');
    const std::string_view entry = trim_spaces(comma_list.substr(0, comma));
    if (entry.empty()) {
      return misuse(ErrorCode::invalid_argument,
                    "entry " + std::to_string(position) + " of the " + noun + " list is empty");
    }
    const auto match =
        std::find_if(registry.implemented.begin(), registry.implemented.end(),
                     [entry](const Info& info) { return equal_ignoring_case(info.name, entry); });
    if (match == registry.implemented.end()) {
      const std::string what = is_known_name<Enum>(entry) ? " is not supported (" : " is unknown (";
      return misuse(ErrorCode::invalid_argument,
                    noun + " \"" + std::string(entry) + "\"" + what + valid_names(registry) + ")");
    }
    if (std::find(out.begin(), out.end(), match->id) != out.end()) {
      return misuse(ErrorCode::invalid_argument,
                    noun + " " + std::string(match->name) + " is listed twice");
    }
    out.push_back(match->id);
    if (comma == std::string_view::npos) break;
    comma_list.remove_prefix(comma + 1);
    ++position;
  }
  return out;
}

}  // namespace

Expected<std::vector<CipherSuite>> parse_cipher_suites(std::string_view comma_list) {
  const Registry<CipherSuite, crypto::CipherSuiteInfo> registry{"cipher suite",
                                                                crypto::all_suites()};
  return parse_list(comma_list, registry);
}

Expected<std::vector<NamedGroup>> parse_named_groups(std::string_view comma_list) {
  const Registry<NamedGroup, crypto::GroupInfo> registry{"group", crypto::all_groups()};
  return parse_list(comma_list, registry);
}

Expected<std::vector<SignatureScheme>> parse_signature_schemes(std::string_view comma_list) {
  const Registry<SignatureScheme, crypto::SignatureSchemeInfo> registry{"signature scheme",
                                                                        crypto::all_schemes()};
  return parse_list(comma_list, registry);
}

}  // namespace cpptls::wire
