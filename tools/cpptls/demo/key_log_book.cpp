#include "key_log_book.hpp"

#include "base/hex.hpp"

namespace cpptls::tool::demo {

void KeyLogBook::add(Sender side, std::string_view line) {
  const auto first = line.find(' ');
  const auto second = line.rfind(' ');
  if (first == std::string_view::npos || second == first) return;
  auto secret = from_hex(line.substr(second + 1));
  if (!secret) return;
  lines_.push_back(Line{side, std::string(line.substr(0, first)), to_secret(*secret)});
  secure_wipe(*secret);
}

std::optional<SecretBytes> KeyLogBook::secret(Sender side, std::string_view label) const {
  for (auto it = lines_.rbegin(); it != lines_.rend(); ++it) {
    if (it->side == side && it->label == label) return it->secret;
  }
  return std::nullopt;
}

std::vector<std::string> KeyLogBook::labels(Sender side) const {
  std::vector<std::string> out;
  for (const auto& line : lines_) {
    if (line.side == side) out.push_back(line.label);
  }
  return out;
}

}  // namespace cpptls::tool::demo
