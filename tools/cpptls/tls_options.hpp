#pragma once
// What `cpptls client` and `cpptls server` share: the TLS flags (--tls1.2, --tls1.3, --ciphers,
// --groups, --alpn, --keylog, --trace), the session line both print, the trace and key log
// plumbing, and the error and usage conventions (exit 1 with one `error: REASON` line; exit 2
// on a usage error).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/cpptls.hpp"

#include "commands.hpp"

namespace cpptls::tool {

struct TlsOptions {
  // --tls1.2 or --tls1.3 pins one version; neither: TLS 1.3 preferred, TLS 1.2 accepted.
  std::optional<ProtocolVersion> pinned_version;
  std::vector<CipherSuite> ciphers;  // empty: the library's defaults
  std::vector<NamedGroup> groups;
  std::vector<std::string> alpn;
  std::string keylog;  // --keylog, else $SSLKEYLOGFILE
  bool trace = false;
};

// Reads one value-taking or plain flag shared by both commands at args[index], advancing
// index past its value. Returns true if the flag was one of them; sets `error` (a usage
// error) when it was but its value is missing or invalid.
[[nodiscard]] bool parse_tls_option(Args args, std::size_t& index, TlsOptions& options,
                                    std::string& error);

// The value of a "--flag VALUE" or "--flag=VALUE" argument named `flag` at args[index]
// (advancing past it), nothing if args[index] is another argument; `error` is set when the
// value is missing.
[[nodiscard]] std::optional<std::string> flag_value(Args args, std::size_t& index,
                                                    std::string_view flag, std::string& error);

// The version range of the options: min_version and max_version of a config.
[[nodiscard]] ProtocolVersion min_version(const TlsOptions& options);
[[nodiscard]] ProtocolVersion max_version(const TlsOptions& options);

// $SSLKEYLOGFILE when --keylog was not given.
void apply_keylog_environment(TlsOptions& options);

// A trace callback printing "trace: <line>" on stderr, or nothing when not tracing.
[[nodiscard]] TraceCallback trace_printer(bool enabled);

// "handshake: version=TLSv1.2 cipher=... group=x25519 ems=yes resumed=no alpn=- peer=CN=localhost
// verified=yes": space-separated key=value pairs, '-' for none (peer and verified are '-' when
// the peer sent no certificate, as a server's client usually does not).
[[nodiscard]] std::string session_line(const SessionInfo& session);

// Prints "error: REASON" on stderr and returns 1.
int fail(std::string_view reason);
// Prints "error: REASON" and the usage text on stderr and returns 2.
int usage_error(std::string_view reason, std::string_view usage);

}  // namespace cpptls::tool
