#pragma once
// Text the peer chose (an ALPN protocol name, a certificate's subject, a server name) put into
// a log line or onto a terminal without letting the peer write control characters there: a
// name holding "\n" could forge a log line, one holding "\x1b[31m" recolour a terminal. The
// library's own error reasons are already made this way.
//
// Thread-safety: a pure function.
// Thread-safety: pure functions.

#include <string>
#include <string_view>

namespace cpptls {

// The text with every byte outside printable ASCII (0x20..0x7e) shown as \xNN, lower-case hex;
// UTF-8 is escaped too (no bidirectional overrides, no invalid sequences). Backslashes are
// shown as \x5c, so that the result reads back unambiguously, unless `keep_backslashes`: for
// text that already holds escapes of its own, such as an RFC 4514 subject
// (SessionInfo::peer_subject).
[[nodiscard]] std::string printable_text(std::string_view text, bool keep_backslashes = false);

}  // namespace cpptls
