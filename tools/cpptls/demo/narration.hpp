#pragma once
// What the demo tells, as data: the terminal and the HTML page are two views of it.

#include <ostream>
#include <string>
#include <vector>

namespace cpptls::tool::demo {

struct Entry {
  enum class Kind : std::uint8_t { client_to_server, server_to_client, note };
  Kind kind = Kind::note;
  int step = 0;            // of the eleven (docs/handshake-steps.md), 0 for none
  std::string title;       // "ClientHello", "the client checks the certificate"
  std::string protection;  // "in the clear", "encrypted under the server handshake traffic key"
  std::vector<std::string> details;  // "random: 5f3c...", one fact a line
};

struct Narration {
  std::string title;               // "the classic handshake: TLS 1.2 with RSA key transport"
  std::vector<std::string> setup;  // where, which certificates
  std::vector<Entry> entries;
  std::vector<std::string> differences;  // TLS 1.3 against the classic handshake; empty for --seed
};

void print_header(std::ostream& out, const Narration& narration);
void print_entry(std::ostream& out, const Entry& entry);
void print_differences(std::ostream& out, const Narration& narration);

}  // namespace cpptls::tool::demo
