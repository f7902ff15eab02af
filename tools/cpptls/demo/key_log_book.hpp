#pragma once
// The NSS key log lines each side of the demo gives its key_log callback, kept apart per side
// so that the demo can show both sides derived the same secrets, and so that the wire
// observer can decrypt what a side sends with the keys that side logged.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/wipe.hpp"
#include "wire_observer.hpp"

namespace cpptls::tool::demo {

class KeyLogBook {
 public:
  // Records one line ("LABEL <client random hex> <secret hex>") from `side`.
  void add(Sender side, std::string_view line);
  // The secret of the last line with `label` from `side`.
  [[nodiscard]] std::optional<SecretBytes> secret(Sender side, std::string_view label) const;
  // The labels `side` logged, in order.
  [[nodiscard]] std::vector<std::string> labels(Sender side) const;

 private:
  struct Line {
    Sender side;
    std::string label;
    SecretBytes secret;
  };
  std::vector<Line> lines_;
};

}  // namespace cpptls::tool::demo
