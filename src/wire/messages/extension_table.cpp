#include "wire/messages/extension_table.hpp"

#include <array>

namespace cpptls::wire {
namespace {

using Contexts = std::uint8_t;  // a set of ExtensionContext values

constexpr Contexts bit(ExtensionContext context) noexcept {
  return static_cast<Contexts>(1U << static_cast<unsigned>(context));
}

constexpr Contexts kCH = bit(ExtensionContext::client_hello);
constexpr Contexts kSH12 = bit(ExtensionContext::server_hello_tls12);
constexpr Contexts kSH = bit(ExtensionContext::server_hello);
constexpr Contexts kHRR = bit(ExtensionContext::hello_retry_request);
constexpr Contexts kEE = bit(ExtensionContext::encrypted_extensions);
constexpr Contexts kCT = bit(ExtensionContext::certificate_entry);
constexpr Contexts kCR = bit(ExtensionContext::certificate_request);
constexpr Contexts kNST = bit(ExtensionContext::new_session_ticket);

struct Row {
  ExtensionType type;
  Contexts contexts;
};

// The TLS 1.3 columns are the table of RFC 8446 4.2 (plus record_size_limit from RFC 8449 4
// and compress_certificate from RFC 8879 3). The TLS 1.2 ServerHello column comes from each
// extension's own RFC; extensions defined only for TLS 1.3 never appear there.
constexpr std::array kTable{
    Row{ExtensionType::server_name, kCH | kSH12 | kEE},           // RFC 6066 3: empty in a 1.2 SH
    Row{ExtensionType::max_fragment_length, kCH | kSH12 | kEE},   // RFC 6066 4
    Row{ExtensionType::status_request, kCH | kSH12 | kCR | kCT},  // RFC 6066 8
    Row{ExtensionType::supported_groups, kCH | kEE},              // RFC 8422 5.1, 7919
    Row{ExtensionType::ec_point_formats, kCH | kSH12},            // RFC 8422 5.1-5.2
    Row{ExtensionType::signature_algorithms, kCH | kCR},          // RFC 5246 7.4.1.4.1
    Row{ExtensionType::use_srtp, kCH | kSH12 | kEE},              // RFC 5764 4.1.1
    Row{ExtensionType::heartbeat, kCH | kSH12 | kEE},             // RFC 6520 2
    Row{ExtensionType::application_layer_protocol_negotiation, kCH | kSH12 | kEE},  // RFC 7301
    Row{ExtensionType::signed_certificate_timestamp, kCH | kSH12 | kCR | kCT},      // RFC 6962
    Row{ExtensionType::padding, kCH},                                               // RFC 7685 3
    Row{ExtensionType::encrypt_then_mac, kCH | kSH12},                              // RFC 7366 2
    Row{ExtensionType::extended_master_secret, kCH | kSH12},                        // RFC 7627 5.1
    Row{ExtensionType::compress_certificate, kCH | kCR},                            // RFC 8879 3
    Row{ExtensionType::record_size_limit, kCH | kSH12 | kEE},                       // RFC 8449 4
    Row{ExtensionType::session_ticket, kCH | kSH12},                                // RFC 5077 3.2
    Row{ExtensionType::pre_shared_key, kCH | kSH},
    Row{ExtensionType::early_data, kCH | kEE | kNST},
    Row{ExtensionType::supported_versions, kCH | kSH | kHRR},
    Row{ExtensionType::cookie, kCH | kHRR},
    Row{ExtensionType::psk_key_exchange_modes, kCH},
    Row{ExtensionType::certificate_authorities, kCH | kCR},
    Row{ExtensionType::oid_filters, kCR},
    Row{ExtensionType::post_handshake_auth, kCH},
    Row{ExtensionType::signature_algorithms_cert, kCH | kCR},
    Row{ExtensionType::key_share, kCH | kSH | kHRR},
    Row{ExtensionType::renegotiation_info, kCH | kSH12},  // RFC 5746 3.2
};

}  // namespace

Permission permission(ExtensionType type, ExtensionContext context) noexcept {
  for (const Row& row : kTable) {
    if (row.type == type)
      return (row.contexts & bit(context)) != 0 ? Permission::allowed : Permission::forbidden;
  }
  return Permission::unknown;
}

std::string_view name(ExtensionContext context) noexcept {
  switch (context) {
    case ExtensionContext::client_hello:
      return "ClientHello";
    case ExtensionContext::server_hello_tls12:
      return "TLS 1.2 ServerHello";
    case ExtensionContext::server_hello:
      return "ServerHello";
    case ExtensionContext::hello_retry_request:
      return "HelloRetryRequest";
    case ExtensionContext::encrypted_extensions:
      return "EncryptedExtensions";
    case ExtensionContext::certificate_entry:
      return "Certificate entry";
    case ExtensionContext::certificate_request:
      return "CertificateRequest";
    case ExtensionContext::new_session_ticket:
      return "NewSessionTicket";
  }
  return "unknown message";
}

}  // namespace cpptls::wire
