#include "tls_options.hpp"

#include <cstdlib>
#include <iostream>

#include "cpptls/printable_text.hpp"

namespace cpptls::tool {
namespace {

[[nodiscard]] std::vector<std::string> split_alpn(std::string_view list, std::string& error) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view entry = list.substr(0, comma);
    if (entry.empty() || entry.size() > 255) {
      error = "--alpn entries must be 1 to 255 characters, separated by commas";
      return {};
    }
    out.emplace_back(entry);
    if (comma == std::string_view::npos) return out;
    list.remove_prefix(comma + 1);
  }
}

// RFC 4514 allows any character as a \XX hex pair; escaping spaces keeps the session line
// a list of space-separated pairs.
[[nodiscard]] std::string without_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ') {
      out += "\\20";
    } else {
      out += c;
    }
  }
  return out;
}

// A value for the session line: '-' when empty, control and non-ASCII bytes as \xNN (the
// peer chose them: an ALPN name holding a new line must not forge a log line), then spaces
// as \20. `backslashes` keeps the RFC 4514 escapes of a subject as they are.
[[nodiscard]] std::string or_dash(std::string_view text, bool keep_backslashes = false) {
  return text.empty() ? std::string("-") : without_spaces(printable_text(text, keep_backslashes));
}

}  // namespace

std::optional<std::string> flag_value(Args args, std::size_t& index, std::string_view flag,
                                      std::string& error) {
  const std::string_view arg = args[index];
  if (arg == flag) {
    if (index + 1 >= args.size()) {
      error = std::string(flag) + " needs a value";
      return std::nullopt;
    }
    index += 2;
    return std::string(args[index - 1]);
  }
  if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag && arg[flag.size()] == '=') {
    index += 1;
    return std::string(arg.substr(flag.size() + 1));
  }
  return std::nullopt;
}

bool parse_tls_option(Args args, std::size_t& index, TlsOptions& options, std::string& error) {
  const std::string_view arg = args[index];
  if (arg == "--tls1.2" || arg == "--tls1.3") {
    const ProtocolVersion version =
        arg == "--tls1.2" ? ProtocolVersion::tls12 : ProtocolVersion::tls13;
    if (options.pinned_version && *options.pinned_version != version) {
      error = "--tls1.2 and --tls1.3 exclude each other";
    }
    options.pinned_version = version;
    ++index;
    return true;
  }
  if (arg == "--trace") {
    options.trace = true;
    ++index;
    return true;
  }
  if (auto list = flag_value(args, index, "--ciphers", error); list || !error.empty()) {
    if (!list) return true;
    auto parsed = parse_cipher_suites(*list);
    if (!parsed) {
      error = "--ciphers: " + parsed.error().reason();
    } else {
      options.ciphers = *parsed;
    }
    return true;
  }
  if (auto list = flag_value(args, index, "--groups", error); list || !error.empty()) {
    if (!list) return true;
    auto parsed = parse_groups(*list);
    if (!parsed) {
      error = "--groups: " + parsed.error().reason();
    } else {
      options.groups = *parsed;
    }
    return true;
  }
  if (auto list = flag_value(args, index, "--alpn", error); list || !error.empty()) {
    if (list) options.alpn = split_alpn(*list, error);
    return true;
  }
  if (auto file = flag_value(args, index, "--keylog", error); file || !error.empty()) {
    if (file) options.keylog = *file;
    return true;
  }
  return false;
}

ProtocolVersion min_version(const TlsOptions& options) {
  return options.pinned_version.value_or(ProtocolVersion::tls12);
}

ProtocolVersion max_version(const TlsOptions& options) {
  return options.pinned_version.value_or(ProtocolVersion::tls13);
}

void apply_keylog_environment(TlsOptions& options) {
  if (!options.keylog.empty()) return;
  if (const char* file = std::getenv("SSLKEYLOGFILE"); file != nullptr) options.keylog = file;
}

TraceCallback trace_printer(bool enabled) {
  if (!enabled) return {};
  return [](const TraceEvent& event) { std::cerr << "trace: " << event.line << "\n"; };
}

std::string session_line(const SessionInfo& session) {
  const bool has_peer = !session.peer_subject.empty();
  std::string line = "handshake:";
  line += " version=" + or_dash(session.version);
  line += " cipher=" + or_dash(session.cipher_suite);
  line += " group=" + or_dash(session.group);
  // TLS 1.3 always binds its keys to the whole handshake (RFC 8446 7.1): the extended master
  // secret is a TLS 1.2 extension, so it is shown as not applicable.
  if (session.version == "TLSv1.3") {
    line += " ems=-";
  } else {
    line += std::string(" ems=") + (session.extended_master_secret ? "yes" : "no");
  }
  line += std::string(" resumed=") + (session.resumed ? "yes" : "no");
  line += " alpn=" + or_dash(session.alpn);
  line += " peer=" + or_dash(session.peer_subject, true);
  line += " verified=";
  line += has_peer ? (session.peer_verified ? "yes" : "no") : "-";
  return line;
}

int fail(std::string_view reason) {
  std::cerr << "error: " << reason << "\n";
  return 1;
}

int usage_error(std::string_view reason, std::string_view usage) {
  std::cerr << "error: " << reason << "\n" << usage;
  return 2;
}

}  // namespace cpptls::tool
