#include "narration.hpp"

namespace cpptls::tool::demo {

void print_header(std::ostream& out, const Narration& narration) {
  out << narration.title << "\n";
  for (const auto& line : narration.setup)
    out << "  " << line << "\n";
  out << "\n";
}

void print_entry(std::ostream& out, const Entry& entry) {
  std::string step = entry.step > 0 ? "[step " + std::to_string(entry.step) + "] " : "";
  switch (entry.kind) {
    case Entry::Kind::client_to_server:
      out << step << "client -> server  " << entry.title;
      break;
    case Entry::Kind::server_to_client:
      out << step << "client <- server  " << entry.title;
      break;
    case Entry::Kind::note:
      out << step << "* " << entry.title;
      break;
  }
  if (!entry.protection.empty()) out << "  (" << entry.protection << ")";
  out << "\n";
  for (const auto& line : entry.details)
    out << "        " << line << "\n";
}

void print_differences(std::ostream& out, const Narration& narration) {
  if (narration.differences.empty()) return;
  out << "\nWhere TLS 1.3 differs from the classic handshake, and why:\n";
  for (const auto& line : narration.differences)
    out << "  - " << line << "\n";
}

}  // namespace cpptls::tool::demo
