#include "wire/enums.hpp"

#include "base/hex.hpp"
#include "crypto/descriptors.hpp"

namespace cpptls::wire {
namespace {

// RFC 8446 3.5: the text form of an unknown code point keeps its value, so a trace or an
// error reason still says what the peer sent.
std::string known_or_unknown(std::string_view known, std::uint8_t raw) {
  if (!known.empty()) return std::string(known);
  return "unknown(0x" + to_hex_u8(raw) + ")";
}

std::string known_or_unknown(std::string_view known, std::uint16_t raw) {
  if (!known.empty()) return std::string(known);
  return "unknown(0x" + to_hex_u16(raw) + ")";
}

}  // namespace

std::string_view name(ContentType value) noexcept {
  switch (value) {
    case ContentType::invalid:
      return "invalid";
    case ContentType::change_cipher_spec:
      return "change_cipher_spec";
    case ContentType::alert:
      return "alert";
    case ContentType::handshake:
      return "handshake";
    case ContentType::application_data:
      return "application_data";
    case ContentType::heartbeat:
      return "heartbeat";
  }
  return {};
}

std::string_view name(HandshakeType value) noexcept {
  switch (value) {
    case HandshakeType::hello_request:
      return "hello_request";
    case HandshakeType::client_hello:
      return "client_hello";
    case HandshakeType::server_hello:
      return "server_hello";
    case HandshakeType::new_session_ticket:
      return "new_session_ticket";
    case HandshakeType::end_of_early_data:
      return "end_of_early_data";
    case HandshakeType::encrypted_extensions:
      return "encrypted_extensions";
    case HandshakeType::certificate:
      return "certificate";
    case HandshakeType::server_key_exchange:
      return "server_key_exchange";
    case HandshakeType::certificate_request:
      return "certificate_request";
    case HandshakeType::server_hello_done:
      return "server_hello_done";
    case HandshakeType::certificate_verify:
      return "certificate_verify";
    case HandshakeType::client_key_exchange:
      return "client_key_exchange";
    case HandshakeType::finished:
      return "finished";
    case HandshakeType::certificate_status:
      return "certificate_status";
    case HandshakeType::key_update:
      return "key_update";
    case HandshakeType::message_hash:
      return "message_hash";
  }
  return {};
}

// Versions have no IANA name registry; these are the names the RFCs use in prose.
std::string_view name(ProtocolVersion value) noexcept {
  switch (value) {
    case ProtocolVersion::ssl3:
      return "SSL 3.0";
    case ProtocolVersion::tls10:
      return "TLS 1.0";
    case ProtocolVersion::tls11:
      return "TLS 1.1";
    case ProtocolVersion::tls12:
      return "TLS 1.2";
    case ProtocolVersion::tls13:
      return "TLS 1.3";
  }
  return {};
}

std::string_view name(ExtensionType value) noexcept {
  switch (value) {
    case ExtensionType::server_name:
      return "server_name";
    case ExtensionType::max_fragment_length:
      return "max_fragment_length";
    case ExtensionType::status_request:
      return "status_request";
    case ExtensionType::supported_groups:
      return "supported_groups";
    case ExtensionType::ec_point_formats:
      return "ec_point_formats";
    case ExtensionType::signature_algorithms:
      return "signature_algorithms";
    case ExtensionType::use_srtp:
      return "use_srtp";
    case ExtensionType::heartbeat:
      return "heartbeat";
    case ExtensionType::application_layer_protocol_negotiation:
      return "application_layer_protocol_negotiation";
    case ExtensionType::signed_certificate_timestamp:
      return "signed_certificate_timestamp";
    case ExtensionType::padding:
      return "padding";
    case ExtensionType::encrypt_then_mac:
      return "encrypt_then_mac";
    case ExtensionType::extended_master_secret:
      return "extended_master_secret";
    case ExtensionType::compress_certificate:
      return "compress_certificate";
    case ExtensionType::record_size_limit:
      return "record_size_limit";
    case ExtensionType::session_ticket:
      return "session_ticket";
    case ExtensionType::pre_shared_key:
      return "pre_shared_key";
    case ExtensionType::early_data:
      return "early_data";
    case ExtensionType::supported_versions:
      return "supported_versions";
    case ExtensionType::cookie:
      return "cookie";
    case ExtensionType::psk_key_exchange_modes:
      return "psk_key_exchange_modes";
    case ExtensionType::certificate_authorities:
      return "certificate_authorities";
    case ExtensionType::oid_filters:
      return "oid_filters";
    case ExtensionType::post_handshake_auth:
      return "post_handshake_auth";
    case ExtensionType::signature_algorithms_cert:
      return "signature_algorithms_cert";
    case ExtensionType::key_share:
      return "key_share";
    case ExtensionType::renegotiation_info:
      return "renegotiation_info";
  }
  return {};
}

// The descriptor tables name what we implement; the switches below name the rest of the
// enumerators. They list every enumerator (implemented ones as `break`) so that -Wswitch
// flags a new enumerator that has no name yet.
std::string_view name(CipherSuite value) noexcept {
  if (const auto* info = crypto::find_suite(value)) return info->name;
  using enum CipherSuite;
  switch (value) {
    case TLS_EMPTY_RENEGOTIATION_INFO_SCSV:
      return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    case TLS_FALLBACK_SCSV:
      return "TLS_FALLBACK_SCSV";
    case TLS_RSA_WITH_AES_128_GCM_SHA256:
    case TLS_RSA_WITH_AES_256_GCM_SHA384:
    case TLS_AES_128_GCM_SHA256:
    case TLS_AES_256_GCM_SHA384:
    case TLS_CHACHA20_POLY1305_SHA256:
    case TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
    case TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
    case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
    case TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
    case TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:
    case TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:
      break;
  }
  return {};
}

std::string_view name(NamedGroup value) noexcept {
  if (const auto* info = crypto::find_group(value)) return info->name;
  using enum NamedGroup;
  switch (value) {
    case secp521r1:
      return "secp521r1";
    case x448:
      return "x448";
    case ffdhe2048:
      return "ffdhe2048";
    case secp256r1:
    case secp384r1:
    case x25519:
      break;
  }
  return {};
}

std::string_view name(SignatureScheme value) noexcept {
  if (const auto* info = crypto::find_scheme(value)) return info->name;
  using enum SignatureScheme;
  switch (value) {
    case rsa_pkcs1_sha1:
      return "rsa_pkcs1_sha1";
    case ecdsa_sha1:
      return "ecdsa_sha1";
    case ecdsa_secp521r1_sha512:
      return "ecdsa_secp521r1_sha512";
    case ed448:
      return "ed448";
    case rsa_pkcs1_sha256:
    case rsa_pkcs1_sha384:
    case rsa_pkcs1_sha512:
    case ecdsa_secp256r1_sha256:
    case ecdsa_secp384r1_sha384:
    case rsa_pss_rsae_sha256:
    case rsa_pss_rsae_sha384:
    case rsa_pss_rsae_sha512:
    case ed25519:
    case rsa_pss_pss_sha256:
    case rsa_pss_pss_sha384:
    case rsa_pss_pss_sha512:
      break;
  }
  return {};
}

std::string to_string(ContentType value) {
  return known_or_unknown(name(value), static_cast<std::uint8_t>(value));
}
std::string to_string(HandshakeType value) {
  return known_or_unknown(name(value), static_cast<std::uint8_t>(value));
}
std::string to_string(ProtocolVersion value) {
  return known_or_unknown(name(value), static_cast<std::uint16_t>(value));
}
std::string to_string(ExtensionType value) {
  return known_or_unknown(name(value), static_cast<std::uint16_t>(value));
}
std::string to_string(CipherSuite value) {
  return known_or_unknown(name(value), static_cast<std::uint16_t>(value));
}
std::string to_string(NamedGroup value) {
  return known_or_unknown(name(value), static_cast<std::uint16_t>(value));
}
std::string to_string(SignatureScheme value) {
  return known_or_unknown(name(value), static_cast<std::uint16_t>(value));
}

}  // namespace cpptls::wire
