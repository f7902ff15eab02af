#pragma once
// The OCSP stapling flags of BoringSSL's ssl/test/test_config.cc, kept apart from flags.cpp:
// how each is parsed, what it sets in a ClientConfig or ServerConfig, and what is checked
// after the handshake.
//
//   -enable-ocsp-stapling         ClientConfig::request_ocsp_stapling
//   -ocsp-response <base64>       Credential::with_ocsp_response (a client never staples it)
//   -expect-ocsp-response <b64>   SessionInfo::ocsp_response must equal it
//   -use-ocsp-callback [-fail-ocsp-callback] on a client: ClientConfig::ocsp_response_check
//       accepting (refusing) what was stapled
//   -use-ocsp-callback with -set-ocsp-in-callback or -decline-ocsp-callback (server): the
//       legacy callback only chooses whether the configured response is stapled, which is
//       the configuration itself (declined: none configured)
//   -fail-ocsp-callback on a server: unimplemented (89); the API has no server callback that
//       fails the handshake while choosing the response

#include <cstdint>
#include <string_view>
#include <vector>

#include "cpptls/config.hpp"
#include "cpptls/connection.hpp"

#include "status.hpp"

namespace cpptls::bogo {

struct OcspFlags {
  bool enable_stapling = false;
  std::vector<std::uint8_t> response;
  std::vector<std::uint8_t> expect_response;
  bool use_callback = false;
  bool set_in_callback = false;
  bool decline_callback = false;
  bool fail_callback = false;
};

struct OcspFlagResult {
  bool handled = false;  // `name` is an OCSP flag
  bool ok = true;        // its value was good
  int consumed = 0;      // the values it took from the command line (0 or 1)
};

// `name` without its -on-* prefix; `value` the next argument or null; `targets` the
// connections the flag's scope names (none for a discarded scope).
[[nodiscard]] OcspFlagResult parse_ocsp_flag(std::string_view name, const char* value,
                                             const std::vector<OcspFlags*>& targets);

[[nodiscard]] Status apply_ocsp_flags(const OcspFlags& flags, ClientConfig& config);
[[nodiscard]] Status apply_ocsp_flags(const OcspFlags& flags, ServerConfig& config);
[[nodiscard]] Status check_ocsp_flags(const OcspFlags& flags, const SessionInfo& session);

}  // namespace cpptls::bogo
