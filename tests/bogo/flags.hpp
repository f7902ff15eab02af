#pragma once
// The runner's command line (BoringSSL ssl/test/test_config.cc names the flags): what the shim
// was asked to do, for the first connection and for each resumption.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ocsp_flags.hpp"

namespace cpptls::bogo {

// What one connection (the first, or a resumption) is configured with.
struct ConnectionFlags {
  std::optional<int> min_version;
  std::optional<int> max_version;
  bool no_tls12 = false;
  bool no_tls13 = false;
  std::string cipher;       // "-cipher": only plain lists of IANA names are understood
  std::vector<int> curves;  // "-curves", repeated
  std::string key_file;
  std::string cert_file;
  std::string trust_cert;
  bool require_any_client_certificate = false;
  bool verify_peer = false;
  std::string host_name;
  std::string expect_server_name;
  std::optional<std::string> advertise_alpn;  // the wire form: length-prefixed names
  std::string select_alpn;
  std::string expect_alpn;
  bool decline_alpn = false;
  bool expect_session_miss = false;
  bool expect_extended_master_secret = false;
  bool expect_no_session = false;
  std::optional<int> expect_version;
  std::optional<int> expect_cipher;
  std::optional<int> expect_curve_id;
  bool key_update = false;
  bool shim_writes_first = false;
  bool shim_shuts_down = false;
  bool check_close_notify = false;
  bool async = false;
  bool write_different_record_sizes = false;
  int read_size = 0;
  bool verify_fail = false;
  bool expect_verify_result = false;
  bool reverify_on_resume = false;
  bool use_custom_verify_callback = false;
  std::string expect_peer_cert_file;
  std::vector<int> verify_prefs;   // "-verify-prefs", repeated: ClientConfig/ServerConfig
  std::vector<int> signing_prefs;  // "-signing-prefs", repeated
  std::optional<int> expect_peer_signature_algorithm;
  bool expect_hrr = false;
  bool expect_no_hrr = false;
  int export_keying_material = 0;  // bytes to export and send to the runner after the handshake
  std::string export_label;
  std::string export_context;
  bool use_export_context = false;
  bool no_ticket = false;                // ClientConfig/ServerConfig::session_tickets off
  bool expect_session_id = false;        // the first connection's session was cached
  bool expect_no_session_id = false;     // ... was not
  std::string expect_early_data_reason;  // only "disabled" can hold: we have no 0-RTT
  bool no_op_extra_handshake = false;    // a second handshake call must do nothing
  bool tls_unique = false;               // send SessionInfo::tls_unique to the runner
  OcspFlags ocsp;                        // ocsp_flags.hpp
};

struct ShimFlags {
  int port = 0;
  std::uint64_t shim_id = 0;
  bool ipv6 = false;
  bool server = false;
  int resume_count = 0;
  ConnectionFlags initial;
  ConnectionFlags resume;
};

// Either the flags, or why the shim cannot run the test: a flag it does not know or cannot
// honour through the public API (exit 89), or a malformed command line (exit 1).
struct ParseOutcome {
  std::optional<ShimFlags> flags;
  bool unimplemented = false;
  std::string message;
};

[[nodiscard]] ParseOutcome parse_flags(int argc, const char* const* argv);

}  // namespace cpptls::bogo
