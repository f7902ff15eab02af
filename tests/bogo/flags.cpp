#include "flags.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <string_view>
#include <utility>

namespace cpptls::bogo {
namespace {

using Setter = std::function<bool(ConnectionFlags&, const std::string&)>;

struct FlagSpec {
  bool takes_value = false;
  Setter set;
};

[[nodiscard]] bool parse_int(const std::string& text, int& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

FlagSpec boolean(bool ConnectionFlags::*member) {
  return {false, [member](ConnectionFlags& f, const std::string&) {
            f.*member = true;
            return true;
          }};
}

FlagSpec text(std::string ConnectionFlags::*member) {
  return {true, [member](ConnectionFlags& f, const std::string& v) {
            f.*member = v;
            return true;
          }};
}

FlagSpec integer(int ConnectionFlags::*member) {
  return {true,
          [member](ConnectionFlags& f, const std::string& v) { return parse_int(v, f.*member); }};
}

FlagSpec integer_list(std::vector<int> ConnectionFlags::*member) {
  return {true, [member](ConnectionFlags& f, const std::string& v) {
            int value = 0;
            if (!parse_int(v, value)) return false;
            (f.*member).push_back(value);
            return true;
          }};
}

FlagSpec optional_integer(std::optional<int> ConnectionFlags::*member) {
  return {true, [member](ConnectionFlags& f, const std::string& v) {
            int value = 0;
            if (!parse_int(v, value)) return false;
            f.*member = value;
            return true;
          }};
}

// Flags that only exist to tune BoringSSL itself, or whose effect the sans-I/O engine already
// has, are accepted and ignored; each says why.
FlagSpec ignored(bool takes_value) {
  return {takes_value, [](ConnectionFlags&, const std::string&) { return true; }};
}

const std::map<std::string, FlagSpec, std::less<>>& connection_flags() {
  static const std::map<std::string, FlagSpec, std::less<>> table = {
      {"-min-version", optional_integer(&ConnectionFlags::min_version)},
      {"-max-version", optional_integer(&ConnectionFlags::max_version)},
      {"-no-tls13", boolean(&ConnectionFlags::no_tls13)},
      {"-no-tls12", boolean(&ConnectionFlags::no_tls12)},
      // We implement neither TLS 1.1 nor 1.0: turning them off changes nothing.
      {"-no-tls11", ignored(false)},
      {"-no-tls1", ignored(false)},
      {"-cipher", text(&ConnectionFlags::cipher)},
      {"-curves",
       {true,
        [](ConnectionFlags& f, const std::string& v) {
          int id = 0;
          if (!parse_int(v, id)) return false;
          f.curves.push_back(id);
          return true;
        }}},
      {"-key-file", text(&ConnectionFlags::key_file)},
      {"-cert-file", text(&ConnectionFlags::cert_file)},
      {"-trust-cert", text(&ConnectionFlags::trust_cert)},
      {"-require-any-client-certificate",
       boolean(&ConnectionFlags::require_any_client_certificate)},
      {"-verify-peer", boolean(&ConnectionFlags::verify_peer)},
      {"-host-name", text(&ConnectionFlags::host_name)},
      {"-expect-server-name", text(&ConnectionFlags::expect_server_name)},
      {"-advertise-alpn",
       {true,
        [](ConnectionFlags& f, const std::string& v) {
          f.advertise_alpn = v;
          return true;
        }}},
      {"-select-alpn", text(&ConnectionFlags::select_alpn)},
      {"-expect-alpn", text(&ConnectionFlags::expect_alpn)},
      {"-decline-alpn", boolean(&ConnectionFlags::decline_alpn)},
      {"-expect-session-miss", boolean(&ConnectionFlags::expect_session_miss)},
      {"-expect-extended-master-secret", boolean(&ConnectionFlags::expect_extended_master_secret)},
      {"-expect-no-session", boolean(&ConnectionFlags::expect_no_session)},
      {"-expect-version", optional_integer(&ConnectionFlags::expect_version)},
      {"-expect-cipher", optional_integer(&ConnectionFlags::expect_cipher)},
      {"-expect-curve-id", optional_integer(&ConnectionFlags::expect_curve_id)},
      {"-key-update", boolean(&ConnectionFlags::key_update)},
      {"-shim-writes-first", boolean(&ConnectionFlags::shim_writes_first)},
      {"-shim-shuts-down", boolean(&ConnectionFlags::shim_shuts_down)},
      {"-check-close-notify", boolean(&ConnectionFlags::check_close_notify)},
      {"-async", boolean(&ConnectionFlags::async)},
      {"-write-different-record-sizes", boolean(&ConnectionFlags::write_different_record_sizes)},
      {"-read-size", integer(&ConnectionFlags::read_size)},
      {"-verify-fail", boolean(&ConnectionFlags::verify_fail)},
      {"-expect-verify-result", boolean(&ConnectionFlags::expect_verify_result)},
      {"-reverify-on-resume", boolean(&ConnectionFlags::reverify_on_resume)},
      {"-use-custom-verify-callback", boolean(&ConnectionFlags::use_custom_verify_callback)},
      {"-expect-peer-cert-file", text(&ConnectionFlags::expect_peer_cert_file)},
      {"-verify-prefs", integer_list(&ConnectionFlags::verify_prefs)},
      {"-signing-prefs", integer_list(&ConnectionFlags::signing_prefs)},
      {"-expect-peer-signature-algorithm",
       optional_integer(&ConnectionFlags::expect_peer_signature_algorithm)},
      {"-expect-hrr", boolean(&ConnectionFlags::expect_hrr)},
      {"-expect-no-hrr", boolean(&ConnectionFlags::expect_no_hrr)},
      {"-export-keying-material", integer(&ConnectionFlags::export_keying_material)},
      {"-export-label", text(&ConnectionFlags::export_label)},
      {"-export-context", text(&ConnectionFlags::export_context)},
      {"-use-export-context", boolean(&ConnectionFlags::use_export_context)},
      {"-no-ticket", boolean(&ConnectionFlags::no_ticket)},
      {"-expect-session-id", boolean(&ConnectionFlags::expect_session_id)},
      {"-expect-no-session-id", boolean(&ConnectionFlags::expect_no_session_id)},
      // Our server always applies its own preference order (ServerConfig::cipher_suites).
      {"-server-preference", ignored(false)},
      // The shim's loop drives the handshake from read and write alike.
      {"-implicit-handshake", ignored(false)},
      // BoringSSL's shim then hands its -cert-file/-key-file to SSL_CTX_set_client_cert_cb's
      // callback (ClientCertCallback) when a CertificateRequest arrives, instead of setting
      // them up front: the same certificate is sent, so ClientConfig::certificate, which our
      // client presents when asked, is the equivalent.
      {"-use-old-client-cert-callback", ignored(false)},
      // We never False Start (RFC 7918: application data before the server's Finished has
      // authenticated the handshake), so a client allowed to does what ours always does; the
      // NoFalseStart-* tests check exactly that. The tests that expect a False Start are
      // disabled (config.json).
      {"-false-start", ignored(false)},
      // BoringSSL then drops a HelloRequest unanswered and goes on. Ours answers it with the
      // warning no_renegotiation of RFC 5246 7.2.2 and goes on too (docs/conformance.md),
      // which the runner, dropping warning alerts, sees as the same.
      {"-renegotiate-ignore", ignored(false)},
      {"-expect-early-data-reason", text(&ConnectionFlags::expect_early_data_reason)},
      {"-no-op-extra-handshake", boolean(&ConnectionFlags::no_op_extra_handshake)},
      {"-tls-unique", boolean(&ConnectionFlags::tls_unique)},
  };
  return table;
}

// The prefixes that scope a flag to one connection (test_config.cc ParseConfig).
enum class Scope { all, initial, resume, discard };

Scope strip_prefix(std::string_view& name) {
  if (name.starts_with("-on-shim")) name.remove_prefix(8);
  if (name.starts_with("-on-handshaker")) {
    name.remove_prefix(14);
    return Scope::discard;  // the split handshake's helper process, which we do not have
  }
  if (name.starts_with("-on-initial")) {
    name.remove_prefix(11);
    return Scope::initial;
  }
  if (name.starts_with("-on-resume")) {
    name.remove_prefix(10);
    return Scope::resume;
  }
  if (name.starts_with("-on-retry")) {
    name.remove_prefix(9);
    return Scope::discard;  // the 0-RTT retry connection: no early data here
  }
  return Scope::all;
}

[[nodiscard]] bool set_global(ShimFlags& flags, std::string_view name, const char* value,
                              bool& takes_value) {
  takes_value = true;
  int number = 0;
  if (name == "-port") return value && parse_int(value, flags.port);
  if (name == "-shim-id") {
    if (!value) return false;
    const std::string_view v(value);
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), flags.shim_id);
    return ec == std::errc() && ptr == v.data() + v.size();
  }
  if (name == "-resume-count") {
    if (!value || !parse_int(value, number)) return false;
    flags.resume_count = number;
    return true;
  }
  takes_value = false;
  if (name == "-server") flags.server = true;
  if (name == "-ipv6") flags.ipv6 = true;
  return true;
}

[[nodiscard]] bool is_global(std::string_view name) {
  return name == "-port" || name == "-shim-id" || name == "-resume-count" || name == "-server" ||
         name == "-ipv6";
}

// The OCSP flags (ocsp_flags.cpp) of the connections `scope` names.
std::vector<OcspFlags*> ocsp_targets(ShimFlags& flags, Scope scope) {
  if (scope == Scope::all) return {&flags.initial.ocsp, &flags.resume.ocsp};
  if (scope == Scope::initial) return {&flags.initial.ocsp};
  if (scope == Scope::resume) return {&flags.resume.ocsp};
  return {};
}

}  // namespace

ParseOutcome parse_flags(int argc, const char* const* argv) {
  ShimFlags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view name(argv[i]);
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (is_global(name)) {
      bool takes_value = false;
      if (!set_global(flags, name, value, takes_value)) {
        return {std::nullopt, false, "bad value for " + std::string(name)};
      }
      i += takes_value ? 1 : 0;
      continue;
    }
    const std::string original(name);
    const Scope scope = strip_prefix(name);
    if (const auto ocsp = parse_ocsp_flag(name, value, ocsp_targets(flags, scope)); ocsp.handled) {
      if (!ocsp.ok) return {std::nullopt, false, "bad or missing value for " + original};
      i += ocsp.consumed;
      continue;
    }
    const auto& table = connection_flags();
    const auto spec = table.find(name);
    if (spec == table.end()) {
      return {std::nullopt, true, "unimplemented flag: " + original};
    }
    const std::string param = spec->second.takes_value && value ? value : "";
    if (spec->second.takes_value) {
      if (!value) return {std::nullopt, false, "missing value for " + original};
      ++i;
    }
    ConnectionFlags scratch;
    bool ok = true;
    switch (scope) {
      case Scope::all:
        ok = spec->second.set(flags.initial, param) && spec->second.set(flags.resume, param);
        break;
      case Scope::initial:
        ok = spec->second.set(flags.initial, param);
        break;
      case Scope::resume:
        ok = spec->second.set(flags.resume, param);
        break;
      case Scope::discard:
        ok = spec->second.set(scratch, param);
        break;
    }
    if (!ok) return {std::nullopt, false, "bad value for " + original + ": " + param};
  }
  return {std::move(flags), false, {}};
}

}  // namespace cpptls::bogo
