#include "checks.hpp"

#include <cstdio>
#include <string>

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

}  // namespace

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
  return Status::success();
}

}  // namespace cpptls::bogo
