#pragma once
// The IANA registries TLS speaks in. Every enum keeps unknown values (a peer may send any
// code point) and has name() (empty for unknown) and to_string() ("unknown(0x1234)").
// Cipher suites, groups and signature schemes are defined in crypto (its descriptors are
// keyed on them) and alerts in base (every Error carries one); they are re-exported here so
// that protocol code finds every registry in one namespace.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/alert.hpp"
#include "crypto/algorithms.hpp"

namespace cpptls::wire {

using cpptls::AlertDescription;
using cpptls::AlertLevel;
using crypto::CipherSuite;
using crypto::NamedGroup;
using crypto::SignatureScheme;

// RFC 8446 5.1, RFC 5246 6.2.1.
enum class ContentType : std::uint8_t {
  invalid = 0,
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
  heartbeat = 24,
};

// RFC 8446 4, RFC 5246 7.4.
enum class HandshakeType : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_status = 22,
  key_update = 24,
  message_hash = 254,
};

enum class ProtocolVersion : std::uint16_t {
  ssl3 = 0x0300,
  tls10 = 0x0301,
  tls11 = 0x0302,
  tls12 = 0x0303,
  tls13 = 0x0304,
};

// IANA TLS ExtensionType Values (those we parse or may see).
enum class ExtensionType : std::uint16_t {
  server_name = 0,
  max_fragment_length = 1,
  status_request = 5,
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  use_srtp = 14,
  heartbeat = 15,
  application_layer_protocol_negotiation = 16,
  signed_certificate_timestamp = 18,
  padding = 21,
  encrypt_then_mac = 22,
  extended_master_secret = 23,
  compress_certificate = 27,
  record_size_limit = 28,
  session_ticket = 35,
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  oid_filters = 48,
  post_handshake_auth = 49,
  signature_algorithms_cert = 50,
  key_share = 51,
  renegotiation_info = 0xff01,
};

[[nodiscard]] std::string_view name(ContentType value) noexcept;
[[nodiscard]] std::string_view name(HandshakeType value) noexcept;
[[nodiscard]] std::string_view name(ProtocolVersion value) noexcept;
[[nodiscard]] std::string_view name(ExtensionType value) noexcept;
[[nodiscard]] std::string_view name(CipherSuite value) noexcept;
[[nodiscard]] std::string_view name(NamedGroup value) noexcept;
[[nodiscard]] std::string_view name(SignatureScheme value) noexcept;

[[nodiscard]] std::string to_string(ContentType value);
[[nodiscard]] std::string to_string(HandshakeType value);
[[nodiscard]] std::string to_string(ProtocolVersion value);
[[nodiscard]] std::string to_string(ExtensionType value);
[[nodiscard]] std::string to_string(CipherSuite value);
[[nodiscard]] std::string to_string(NamedGroup value);
[[nodiscard]] std::string to_string(SignatureScheme value);

}  // namespace cpptls::wire
