#pragma once
// Text from the peer (an ALPN protocol name, a server name, a certificate's subject) put into
// our own text (an error reason, a trace or log line) without letting the peer write control
// characters into it: a hostile name holding "\n" or "\x1b[31m" could otherwise forge a log
// line or recolour a terminal.

#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace cpptls {

// What to do with a backslash.
enum class Backslashes : bool {
  // Shown as \x5c, so that the result reads back unambiguously: use it for the peer's bytes.
  escape,
  // Kept, for text of our own that may already hold \xNN escapes: then escaping it again
  // changes nothing, which is what a guard at a choke point (every error reason) needs.
  keep,
};

// The text with every byte outside printable ASCII (0x20..0x7e) shown as \xNN, lower-case
// hex, and backslashes escaped or kept. Non-ASCII (UTF-8) bytes are escaped too: a log line
// should not carry bidirectional overrides or invalid UTF-8 either.
[[nodiscard]] std::string printable(std::string_view text,
                                    Backslashes backslashes = Backslashes::escape);
[[nodiscard]] std::string printable(ByteView bytes, Backslashes backslashes = Backslashes::escape);

// True when printable(text, backslashes) would return `text` unchanged.
[[nodiscard]] bool is_printable(std::string_view text,
                                Backslashes backslashes = Backslashes::escape) noexcept;

}  // namespace cpptls
