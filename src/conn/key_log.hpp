#pragma once
// NSS key log lines (the SSLKEYLOGFILE format read by Wireshark): "<LABEL> <client random in
// hex> <secret in hex>", e.g. "CLIENT_RANDOM <64 hex digits> <96 hex digits>" for a TLS 1.2
// master secret. The line holds a secret, so it lives in memory that is wiped when freed.

#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/wipe.hpp"

namespace cpptls::conn {

using SecretString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;

// The line without its line end.
[[nodiscard]] SecretString key_log_line(std::string_view label, ByteView client_random,
                                        ByteView secret);

}  // namespace cpptls::conn
