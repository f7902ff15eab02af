#include "ocsp_flags.hpp"

#include <optional>
#include <span>
#include <string>
#include <utility>

namespace cpptls::bogo {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding (test_config.cc's Base64Flag); nothing on a malformed value.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  std::uint32_t bits = 0;
  int count = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') {
      if (i + 2 < text.size()) return std::nullopt;  // '=' only in the last two places
      ++padding;
      bits <<= 6;
    } else {
      const int value = base64_value(text[i]);
      if (value < 0 || padding > 0) return std::nullopt;
      bits = (bits << 6) | static_cast<std::uint32_t>(value);
    }
    if (++count == 4) {
      out.push_back(static_cast<std::uint8_t>(bits >> 16));
      out.push_back(static_cast<std::uint8_t>(bits >> 8));
      out.push_back(static_cast<std::uint8_t>(bits));
      bits = 0;
      count = 0;
    }
  }
  out.resize(out.size() - padding);
  return out;
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out.empty() ? "none" : out;
}

}  // namespace

OcspFlagResult parse_ocsp_flag(std::string_view name, const char* value,
                               const std::vector<OcspFlags*>& targets) {
  bool OcspFlags::*boolean = nullptr;
  if (name == "-enable-ocsp-stapling") boolean = &OcspFlags::enable_stapling;
  if (name == "-use-ocsp-callback") boolean = &OcspFlags::use_callback;
  if (name == "-set-ocsp-in-callback") boolean = &OcspFlags::set_in_callback;
  if (name == "-decline-ocsp-callback") boolean = &OcspFlags::decline_callback;
  if (name == "-fail-ocsp-callback") boolean = &OcspFlags::fail_callback;
  if (boolean != nullptr) {
    for (OcspFlags* target : targets)
      target->*boolean = true;
    return {true, true, 0};
  }
  std::vector<std::uint8_t> OcspFlags::*bytes = nullptr;
  if (name == "-ocsp-response") bytes = &OcspFlags::response;
  if (name == "-expect-ocsp-response") bytes = &OcspFlags::expect_response;
  if (bytes == nullptr) return {};
  if (value == nullptr) return {true, false, 0};
  auto decoded = decode_base64(value);
  if (!decoded) return {true, false, 1};
  for (OcspFlags* target : targets)
    target->*bytes = *decoded;
  return {true, true, 1};
}

Status apply_ocsp_flags(const OcspFlags& flags, ClientConfig& config) {
  config.request_ocsp_stapling = flags.enable_stapling;
  // BoringSSL's status callback on a client: accepts, or with -fail-ocsp-callback refuses,
  // whatever was stapled (bad_certificate_status_response).
  if (flags.use_callback) {
    const bool accept = !flags.fail_callback;
    config.ocsp_response_check = [accept](std::span<const std::uint8_t>,
                                          const std::vector<std::vector<std::uint8_t>>&) {
      return accept;
    };
  }
  // A client certificate's response is configured but never sent (RFC 8446 4.4.2.1 lets a
  // server ask for one; we do not offer it).
  if (config.certificate && !flags.response.empty()) {
    auto stapled = config.certificate->with_ocsp_response(flags.response);
    if (!stapled) return Status::tls_failure(stapled.error());
    config.certificate = std::move(*stapled);
  }
  return Status::success();
}

Status apply_ocsp_flags(const OcspFlags& flags, ServerConfig& config) {
  if (flags.use_callback && flags.fail_callback) {
    return Status::unimplemented(
        "-fail-ocsp-callback on a server: the API has no callback that fails the handshake "
        "while choosing the stapled response");
  }
  // The legacy callback declining acts as if the client had not asked: nothing is stapled.
  if (flags.response.empty() || (flags.use_callback && flags.decline_callback))
    return Status::success();
  for (Credential& credential : config.credentials) {
    auto stapled = credential.with_ocsp_response(flags.response);
    if (!stapled) return Status::tls_failure(stapled.error());
    credential = std::move(*stapled);
  }
  return Status::success();
}

Status check_ocsp_flags(const OcspFlags& flags, const SessionInfo& session) {
  if (!flags.expect_response.empty() && session.ocsp_response != flags.expect_response) {
    return Status::failure("shim check: OCSP response is " + hex(session.ocsp_response) +
                           ", expected " + hex(flags.expect_response));
  }
  return Status::success();
}

}  // namespace cpptls::bogo
