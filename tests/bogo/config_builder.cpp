#include "config_builder.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "cpptls/algorithms.hpp"
#include "cpptls/provider.hpp"

#include "cipher_rules.hpp"

namespace cpptls::bogo {
namespace {

constexpr int kTls12 = 0x0303;
constexpr int kTls13 = 0x0304;

// BoringSSL enables every suite it implements by default (RSA key transport included), and
// the runner's cipher tests assume that; so does the shim, with all of ours.
const std::vector<CipherSuite>& all_suites() {
  static const std::vector<CipherSuite> suites = {
      CipherSuite::TLS_AES_128_GCM_SHA256,
      CipherSuite::TLS_AES_256_GCM_SHA384,
      CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
  };
  return suites;
}

[[nodiscard]] bool is_tls13_suite(CipherSuite suite) {
  return (static_cast<unsigned>(suite) & 0xff00) == 0x1300;
}

// "-cipher" is BoringSSL's rule syntax (cipher_rules.hpp), applied to our TLS 1.2 suites;
// like BoringSSL, it leaves the TLS 1.3 suites alone.
[[nodiscard]] Status cipher_suites(const std::string& rule, std::vector<CipherSuite>& out) {
  if (rule.empty()) {
    out = all_suites();
    return Status::success();
  }
  std::vector<CipherSuite> tls12;
  for (CipherSuite suite : all_suites()) {
    if (!is_tls13_suite(suite)) tls12.push_back(suite);
  }
  std::vector<CipherSuite> chosen;
  if (auto s = apply_cipher_rule(rule, tls12, chosen); !s.ok()) return s;
  // BoringSSL refuses a rule that selects nothing; here that means only suites we do not have.
  if (chosen.empty()) return Status::unimplemented("-cipher selects none of our suites: " + rule);
  out.clear();
  for (CipherSuite suite : all_suites()) {
    if (is_tls13_suite(suite)) out.push_back(suite);
  }
  out.insert(out.end(), chosen.begin(), chosen.end());
  return Status::success();
}

[[nodiscard]] Status groups(const std::vector<int>& ids, std::vector<NamedGroup>& out) {
  out.clear();
  for (int id : ids) {
    const auto group = static_cast<NamedGroup>(id);
    if (name(group).empty()) return Status::unimplemented("group " + std::to_string(id));
    out.push_back(group);
  }
  return Status::success();
}

// BoringSSL's SSL_set_verify_algorithm_prefs / SSL_set_signing_algorithm_prefs. A scheme we do
// not implement (SHA-1, Ed448, ECDSA P-521) cannot be configured: unimplemented.
[[nodiscard]] Status schemes(const std::vector<int>& ids, std::vector<SignatureScheme>& out) {
  out.clear();
  for (int id : ids) {
    const auto scheme = static_cast<SignatureScheme>(id);
    if (name(scheme).empty())
      return Status::unimplemented("signature scheme " + std::to_string(id));
    out.push_back(scheme);
  }
  return Status::success();
}

// TLS 1.0 and 1.1 are not implemented by design: a range that needs them is unimplemented; a
// range that merely includes them is clamped to TLS 1.2 and 1.3.
[[nodiscard]] Status versions(const ConnectionFlags& flags, ProtocolVersion& min,
                              ProtocolVersion& max) {
  int low = std::max(flags.min_version.value_or(kTls12), kTls12);
  int high = std::min(flags.max_version.value_or(kTls13), kTls13);
  if (flags.no_tls13) high = std::min(high, kTls12);
  if (flags.no_tls12) low = std::max(low, kTls13);
  if (flags.max_version && *flags.max_version < kTls12) {
    return Status::unimplemented("maximum version below TLS 1.2");
  }
  if (low > high) return Status::unimplemented("no version of TLS 1.2 and 1.3 left");
  min = static_cast<ProtocolVersion>(low);
  max = static_cast<ProtocolVersion>(high);
  return Status::success();
}

// The runner's ALPN flag is the wire form (RFC 7301 3.1): each name after its length byte.
[[nodiscard]] Status alpn_list(const std::string& wire, std::vector<std::string>& out) {
  out.clear();
  std::string_view rest(wire);
  while (!rest.empty()) {
    const std::size_t length = static_cast<unsigned char>(rest.front());
    rest.remove_prefix(1);
    if (length > rest.size()) return Status::failure("bad -advertise-alpn");
    out.emplace_back(rest.substr(0, length));
    rest.remove_prefix(length);
  }
  return Status::success();
}

// BoringSSL's SSL_get_early_data_reason: with 0-RTT not enabled it is "disabled", whatever
// else happened. We implement no 0-RTT, so that is the only reason there can be; a test
// expecting another one needs early data.
[[nodiscard]] Status early_data_reason(const ConnectionFlags& flags) {
  if (flags.expect_early_data_reason.empty() || flags.expect_early_data_reason == "disabled")
    return Status::success();
  return Status::unimplemented("0-RTT: early data reason " + flags.expect_early_data_reason);
}

[[nodiscard]] Status credential(const ConnectionFlags& flags, std::optional<Credential>& out) {
  if (flags.cert_file.empty() && flags.key_file.empty()) return Status::success();
  auto loaded = Credential::from_pem_files(openssl_provider(), flags.cert_file, flags.key_file);
  if (!loaded) return Status::tls_failure(loaded.error());
  out = std::move(*loaded);
  return Status::success();
}

}  // namespace

Status build_client_config(const ConnectionFlags& flags, const Sessions& sessions,
                           ClientConfig& out) {
  out.provider = &openssl_provider();
  if (auto s = early_data_reason(flags); !s.ok()) return s;
  if (auto s = versions(flags, out.min_version, out.max_version); !s.ok()) return s;
  if (auto s = cipher_suites(flags.cipher, out.cipher_suites); !s.ok()) return s;
  if (auto s = groups(flags.curves, out.groups); !s.ok()) return s;
  if (auto s = schemes(flags.verify_prefs, out.verify_schemes); !s.ok()) return s;
  if (auto s = schemes(flags.signing_prefs, out.signing_schemes); !s.ok()) return s;
  if (flags.advertise_alpn) {
    if (auto s = alpn_list(*flags.advertise_alpn, out.alpn); !s.ok()) return s;
  }
  if (auto s = credential(flags, out.certificate); !s.ok()) return s;
  out.server_name = flags.host_name;
  // BoringSSL's shim accepts any server certificate (its verify callback only records that it
  // ran); the runner's certificates are throwaway self-signed ones. -verify-peer changes
  // nothing on a client for the same reason.
  out.trust = TrustAnchors();
  if (sessions.use_verifier) {
    // The shim's verifier decides instead of ours, as BoringSSL's callbacks do.
    out.verifier = make_verifier(flags, false, sessions.verify);
    out.verifier_mode = VerifierMode::instead_of_ours;
    out.reverify_on_resume = flags.reverify_on_resume;
    // Without -host-name no name is checked, and the library wants that said explicitly.
    out.verify_chain_without_name = out.server_name.empty();
  } else {
    out.insecure_skip_verification = true;
  }
  out.session_cache = sessions.client;
  out.session_tickets = !flags.no_ticket;
  return apply_ocsp_flags(flags.ocsp, out);
}

Status build_server_config(const ConnectionFlags& flags, const Sessions& sessions,
                           ServerConfig& out) {
  out.provider = &openssl_provider();
  if (auto s = early_data_reason(flags); !s.ok()) return s;
  if (auto s = versions(flags, out.min_version, out.max_version); !s.ok()) return s;
  if (auto s = cipher_suites(flags.cipher, out.cipher_suites); !s.ok()) return s;
  out.enable_rsa_key_transport = true;
  if (auto s = groups(flags.curves, out.groups); !s.ok()) return s;
  if (auto s = schemes(flags.verify_prefs, out.verify_schemes); !s.ok()) return s;
  if (auto s = schemes(flags.signing_prefs, out.signing_schemes); !s.ok()) return s;
  std::optional<Credential> own;
  if (auto s = credential(flags, own); !s.ok()) return s;
  if (!own) return Status::failure("a server needs -cert-file and -key-file");
  out.credentials = {std::move(*own)};
  if (!flags.select_alpn.empty() && !flags.decline_alpn) out.alpn = {flags.select_alpn};
  if (flags.require_any_client_certificate) {
    out.client_auth = ServerConfig::ClientAuth::require;
  } else if (flags.verify_peer) {
    out.client_auth = ServerConfig::ClientAuth::request;
  }
  if (out.client_auth != ServerConfig::ClientAuth::none && sessions.use_verifier) {
    out.client_verifier = make_verifier(flags, true, sessions.verify);
    out.client_verifier_mode = VerifierMode::instead_of_ours;
    out.reverify_client_on_resume = flags.reverify_on_resume;
  }
  if (out.client_auth != ServerConfig::ClientAuth::none) {
    // The runner names the root of the certificate its client will send (-trust-cert). Only
    // the verify flags' tests get the shim's verifier, which accepts any client certificate
    // as BoringSSL's shim does.
    if (flags.trust_cert.empty()) {
      out.client_trust = TrustAnchors();
    } else {
      auto anchors = TrustAnchors::from_pem_file(flags.trust_cert);
      if (!anchors) return Status::tls_failure(anchors.error());
      out.client_trust = std::move(*anchors);
    }
  }
  out.sessions = sessions.server;
  out.session_tickets = !flags.no_ticket;
  return apply_ocsp_flags(flags.ocsp, out);
}

}  // namespace cpptls::bogo
