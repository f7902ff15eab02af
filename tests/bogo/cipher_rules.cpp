#include "cipher_rules.hpp"

#include <algorithm>
#include <string_view>

namespace cpptls::bogo {
namespace {

// Whether `suite` belongs to the alias `word`, as BoringSSL's kCipherAliases define it.
[[nodiscard]] bool in_alias(std::string_view word, CipherSuite suite, bool& known_word) {
  const std::string_view n = name(suite);
  const auto has = [&n](std::string_view part) { return n.find(part) != std::string_view::npos; };
  known_word = true;
  if (word == "ALL" || word == "DEFAULT") return true;
  if (word == "AES") return has("_AES_");
  if (word == "AES128") return has("_AES_128_");
  if (word == "AES256") return has("_AES_256_");
  if (word == "AESGCM") return has("_AES_") && has("_GCM_");
  if (word == "CHACHA20") return has("_CHACHA20_");
  if (word == "ECDHE" || word == "kECDHE" || word == "EECDH") return has("_ECDHE_");
  if (word == "RSA" || word == "kRSA") return n.starts_with("TLS_RSA_");
  if (word == "ECDSA" || word == "aECDSA") return has("_ECDSA_");
  if (word == "aRSA") return has("_RSA_WITH_");
  if (word == "SHA256") return n.ends_with("_SHA256");
  if (word == "SHA384") return n.ends_with("_SHA384");
  if (n == word) return true;
  // A well-formed IANA name of a suite we do not implement (CBC, PSK, ...): a rule naming it
  // selects nothing here, as it would select nothing BoringSSL had compiled out.
  known_word = word.starts_with("TLS_");
  return false;
}

// The suites of `known` that every word of `words` ("AES+ECDHE") selects.
[[nodiscard]] Status select(std::string_view words, const std::vector<CipherSuite>& known,
                            std::vector<CipherSuite>& out) {
  out.clear();
  for (CipherSuite suite : known) {
    bool all = true;
    std::string_view rest = words;
    while (true) {
      const std::size_t plus = rest.find('+');
      const std::string_view word = rest.substr(0, plus);
      bool known_word = false;
      const bool match = in_alias(word, suite, known_word);
      if (!known_word) return Status::unimplemented("-cipher word: " + std::string(word));
      all = all && match;
      if (plus == std::string_view::npos) break;
      rest.remove_prefix(plus + 1);
    }
    if (all) out.push_back(suite);
  }
  return Status::success();
}

}  // namespace

Status apply_cipher_rule(const std::string& rule, const std::vector<CipherSuite>& known,
                         std::vector<CipherSuite>& out) {
  out.clear();
  std::vector<CipherSuite> killed;
  std::string_view rest(rule);
  while (!rest.empty()) {
    std::size_t end = 0;
    if (rest.front() == '[') {
      end = rest.find(']');
      if (end == std::string_view::npos) return Status::failure("-cipher: unclosed '['");
      ++end;
    } else {
      end = std::min(rest.find_first_of(":,"), rest.size());
    }
    std::string_view item = rest.substr(0, end);
    rest.remove_prefix(end);
    if (!rest.empty() && (rest.front() == ':' || rest.front() == ',')) rest.remove_prefix(1);
    if (item.empty()) continue;
    char op = 0;
    if (item.front() == '!' || item.front() == '-' || item.front() == '+') {
      op = item.front();
      item.remove_prefix(1);
    }
    if (item.empty()) return Status::failure("-cipher: a prefix without a rule in " + rule);
    std::vector<std::string_view> words;
    if (item.front() == '[' && item.back() == ']' && op == 0) {
      item = item.substr(1, item.size() - 2);
      while (true) {
        const std::size_t bar = item.find('|');
        words.push_back(item.substr(0, bar));
        if (bar == std::string_view::npos) break;
        item.remove_prefix(bar + 1);
      }
    } else {
      words.push_back(item);
    }
    for (std::string_view word : words) {
      std::vector<CipherSuite> chosen;
      if (word.empty()) return Status::failure("-cipher: empty rule in " + rule);
      if (auto s = select(word, known, chosen); !s.ok()) return s;
      for (CipherSuite suite : chosen) {
        const auto at = std::find(out.begin(), out.end(), suite);
        const bool listed = at != out.end();
        if (op == 0) {
          if (!listed && std::find(killed.begin(), killed.end(), suite) == killed.end())
            out.push_back(suite);
        } else if (op == '-' || op == '!') {
          if (listed) out.erase(at);
          if (op == '!') killed.push_back(suite);
        } else if (listed) {  // '+': to the end
          out.erase(at);
          out.push_back(suite);
        }
      }
    }
  }
  return Status::success();
}

}  // namespace cpptls::bogo
