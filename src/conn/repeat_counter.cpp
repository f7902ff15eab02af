#include "conn/repeat_counter.hpp"

#include <string>
#include <string_view>

#include "conn/failures.hpp"
#include "conn/limits.hpp"

namespace cpptls::conn {
namespace {

[[nodiscard]] std::string_view plural_name(Repeated what) noexcept {
  switch (what) {
    case Repeated::empty_record:
      return "empty application data records";
    case Repeated::warning_alert:
      return "warning alerts";
    case Repeated::renegotiation_request:
      return "renegotiation requests";
    case Repeated::key_update:
      return "KeyUpdate messages";
  }
  return "records";
}

}  // namespace

Expected<void> RepeatCounter::count(Repeated what) {
  std::size_t& count = counts_[static_cast<std::size_t>(what)];
  if (++count <= kMaxRepeats) return {};
  const std::string name(plural_name(what));
  return unexpected_message("too many " + name + ": the peer sent more than " +
                            std::to_string(kMaxRepeats) + " " + name +
                            " without application data between them (the limit kMaxRepeats "
                            "bounds the work a peer can cause for nothing)");
}

}  // namespace cpptls::conn
