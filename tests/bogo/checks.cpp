#include "checks.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/algorithms.hpp"

namespace cpptls::bogo {
namespace {

[[nodiscard]] int version_number(const std::string& version) {
  if (version == "TLSv1.2") return 0x0303;
  if (version == "TLSv1.3") return 0x0304;
  return 0;
}

[[nodiscard]] int group_id(const std::string& group) {
  for (NamedGroup g : {NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::x25519}) {
    if (name(g) == group) return static_cast<int>(g);
  }
  return 0;
}

[[nodiscard]] std::string hex(int value) {
  char text[16];
  std::snprintf(text, sizeof text, "%04x", static_cast<unsigned>(value));
  return text;
}

[[nodiscard]] Status mismatch(const std::string& what, const std::string& got,
                              const std::string& want) {
  return Status::failure("shim check: " + what + " is " + got + ", expected " + want);
}

[[nodiscard]] int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// The DER of every CERTIFICATE block of a PEM file (RFC 7468), in order; nothing on error.
[[nodiscard]] std::vector<std::vector<std::uint8_t>> pem_certificates(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  const std::string pem = text.str();
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<std::vector<std::uint8_t>> out;
  std::size_t at = 0;
  while ((at = pem.find(kBegin, at)) != std::string::npos) {
    const std::size_t body = at + kBegin.size();
    const std::size_t end = pem.find(kEnd, body);
    if (end == std::string::npos) return {};
    std::vector<std::uint8_t> der;
    unsigned bits = 0;
    int count = 0;
    for (std::size_t i = body; i < end; ++i) {
      const int value = base64_value(pem[i]);
      if (value < 0) continue;  // line breaks and padding
      bits = (bits << 6) | static_cast<unsigned>(value);
      count += 6;
      if (count >= 8) {
        count -= 8;
        der.push_back(static_cast<std::uint8_t>((bits >> count) & 0xff));
      }
    }
    out.push_back(std::move(der));
    at = end + kEnd.size();
  }
  return out;
}

}  // namespace

Status check_peer_certificates(const SessionInfo& session, const ConnectionFlags& flags,
                               const VerifyRecord& record) {
  if (flags.expect_verify_result && record.failed != flags.verify_fail) {
    return mismatch("verification result", record.failed ? "failed" : "ok",
                    flags.verify_fail ? "failed" : "ok");
  }
  if (!flags.expect_peer_cert_file.empty()) {
    const auto expected = pem_certificates(flags.expect_peer_cert_file);
    if (expected.empty()) return Status::failure("cannot read " + flags.expect_peer_cert_file);
    if (session.peer_chain.size() != expected.size()) {
      return mismatch("peer chain length", std::to_string(session.peer_chain.size()),
                      std::to_string(expected.size()));
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (session.peer_chain[i] != expected[i])
        return Status::failure("shim check: peer certificate " + std::to_string(i + 1) +
                               " differs from " + flags.expect_peer_cert_file);
    }
  }
  return Status::success();
}

Status check_handshake(const SessionInfo& session, const ConnectionFlags& flags, bool is_server,
                       bool is_resume, std::uint16_t& session_signature) {
  if (flags.expect_version && version_number(session.version) != *flags.expect_version) {
    return mismatch("version", session.version, hex(*flags.expect_version));
  }
  if (flags.expect_cipher && session.cipher_suite_id != *flags.expect_cipher) {
    return mismatch("cipher suite", hex(session.cipher_suite_id), hex(*flags.expect_cipher));
  }
  if (flags.expect_curve_id && group_id(session.group) != *flags.expect_curve_id) {
    return mismatch("group", session.group, std::to_string(*flags.expect_curve_id));
  }
  // BoringSSL's shim checks resumption both ways on every connection.
  const bool expect_resume = is_resume && !flags.expect_session_miss;
  if (session.resumed != expect_resume) {
    return mismatch("resumed", session.resumed ? "yes" : "no", expect_resume ? "yes" : "no");
  }
  // TLS 1.3 always binds its secrets to the whole handshake (RFC 8446 7.1), which BoringSSL
  // reports as extended master secret support; SessionInfo only reports the TLS 1.2 extension.
  const bool ems = session.extended_master_secret || session.version == "TLSv1.3";
  if (flags.expect_extended_master_secret && !ems) {
    return mismatch("extended master secret", "off", "on");
  }
  if (!flags.expect_server_name.empty() && session.server_name != flags.expect_server_name) {
    return mismatch("server name", "'" + session.server_name + "'",
                    "'" + flags.expect_server_name + "'");
  }
  // BoringSSL reports on a resumption the scheme of the handshake that made the session; our
  // SessionInfo reports none, since nothing was signed now. So a resumption must report none,
  // and the expectation is checked against what the full handshake reported.
  std::uint16_t peer_signature = session.peer_signature_scheme_id;
  if (session.resumed) {
    if (peer_signature != 0) {
      return mismatch("peer signature scheme of a resumption", session.peer_signature_scheme,
                      "none");
    }
    peer_signature = session_signature;
  } else {
    session_signature = peer_signature;
  }
  if (flags.expect_peer_signature_algorithm &&
      peer_signature != *flags.expect_peer_signature_algorithm) {
    return mismatch("peer signature scheme", peer_signature == 0 ? "none" : hex(peer_signature),
                    hex(*flags.expect_peer_signature_algorithm));
  }
  if ((flags.expect_hrr && !session.hello_retry_request) ||
      (flags.expect_no_hrr && session.hello_retry_request)) {
    return mismatch("HelloRetryRequest", session.hello_retry_request ? "sent" : "not sent",
                    flags.expect_hrr ? "sent" : "not sent");
  }
  const std::string& want_alpn =
      is_server ? (flags.decline_alpn ? std::string() : flags.select_alpn) : flags.expect_alpn;
  if (session.alpn != want_alpn) {
    return mismatch("ALPN protocol", "'" + session.alpn + "'", "'" + want_alpn + "'");
  }
  return check_ocsp_flags(flags.ocsp, session);
}

}  // namespace cpptls::bogo
