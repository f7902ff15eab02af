#pragma once
// The Public Suffix List (https://publicsuffix.org/list/): the names under which anyone can
// register a domain ("com", "co.uk", "s3.amazonaws.com"). A wildcard certificate for a
// public suffix ("*.co.uk") would cover every registrant below it; CAs must not issue one
// (CA/B Forum BR 3.2.2.6), and the verifier lets such a wildcard match nothing.
//
// The list is data the caller supplies (Debian ships it in /usr/share/publicsuffix); without
// it, the host matcher still refuses wildcards with fewer than two labels after them.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "base/error.hpp"

namespace cpptls::x509 {

class PublicSuffixList {
 public:
  PublicSuffixList() = default;

  // Parses the list's text format: one rule per line ("com", "*.ck", "!www.ck"), comments
  // "//", blank lines; the first white-space-separated word of a line is the rule. Unicode
  // rules are stored in their A-label form. Both the ICANN and the PRIVATE sections count.
  [[nodiscard]] static Expected<PublicSuffixList> parse(std::string_view text);
  [[nodiscard]] static Expected<PublicSuffixList> load_file(const std::string& path);

  // Is this (ASCII, case-insensitive, one trailing dot ignored) domain a public suffix? The
  // algorithm's implicit rule "*" makes every single-label name one.
  [[nodiscard]] bool is_public_suffix(std::string_view domain) const noexcept;

  [[nodiscard]] std::size_t size() const noexcept {
    return rules_.size() + wildcards_.size() + exceptions_.size();
  }

 private:
  // Heterogeneous lookup, so that a query allocates nothing.
  struct Hash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;

  Set rules_;       // "co.uk"
  Set wildcards_;   // "ck" for "*.ck"
  Set exceptions_;  // "www.ck" for "!www.ck"
};

}  // namespace cpptls::x509
