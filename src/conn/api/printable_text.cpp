#include "cpptls/printable_text.hpp"

#include "base/printable.hpp"

namespace cpptls {

std::string printable_text(std::string_view text, bool keep_backslashes) {
  return printable(text, keep_backslashes ? Backslashes::keep : Backslashes::escape);
}

}  // namespace cpptls
