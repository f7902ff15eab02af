#pragma once
// What the TLS 1.3 server reads from a ClientHello, the rules the hello must keep (RFC 8446
// 4.1.2, 4.2, 9.2), and the server's choices: suite, key exchange group (or a
// HelloRetryRequest for one), certificate and signature scheme, ALPN protocol. These are pure
// functions of the hello and the server's preferences, kept apart from the state machine so
// that each rule can be tested alone.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/common/settings.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_server_name.hpp"

namespace cpptls::hs13::server {

// The ClientHello extensions a TLS 1.3 server reads; views into the hello's body. Others are
// ignored (RFC 8446 4.2: "Implementations MUST ignore unrecognized extensions"), as are
// signature_algorithms_cert (we have one chain per key), cookie (we never send one: we keep
// the HelloRetryRequest's state ourselves) and post_handshake_auth.
struct ClientOffer {
  std::optional<wire::SupportedVersionsClientHello> versions;
  std::optional<wire::NamedGroupList> groups;
  std::optional<wire::SignatureSchemeList> schemes;
  std::optional<wire::KeyShareClientHello> shares;
  std::optional<wire::ProtocolNameList> alpn;
  std::optional<wire::ServerNameList> server_name;
  bool psk_modes = false;       // psk_key_exchange_modes
  bool pre_shared_key = false;  // not accepted yet: the full handshake is carried out
  bool early_data = false;      // never accepted
  bool ocsp_requested = false;  // status_request of type ocsp (RFC 6066 8, RFC 8446 4.4.2.1)
};

// Decodes the extensions above (their codecs refuse malformed bodies).
[[nodiscard]] Expected<ClientOffer> read_offer(const wire::ClientHello& hello);

// The rules a TLS 1.3 ClientHello must keep, whatever the server chooses:
//  - supported_versions lists TLS 1.3 (protocol_version otherwise; RFC 8446 4.2.1);
//  - legacy_compression_methods is exactly [null] (illegal_parameter; 4.1.2);
//  - signature_algorithms, supported_groups and key_share are present, since we authenticate
//    with a certificate and take no PSK (missing_extension; 4.2.3, 9.2), and pre_shared_key
//    comes with psk_key_exchange_modes (missing_extension; 4.2.9);
//  - each key share is for a group of supported_groups and, for a group we know, has its
//    size and form (illegal_parameter; 4.2.8, 4.2.8.2). Two shares for one group are refused
//    by the key_share codec.
[[nodiscard]] Expected<void> check_offer(const wire::ClientHello& hello, const ClientOffer& offer);

// What the server allows, in its order of preference.
struct Preferences {
  std::span<const crypto::CipherSuite> suites;  // TLS 1.3 suites only
  std::span<const crypto::NamedGroup> groups;
  std::span<const crypto::SignatureScheme> schemes;
  std::span<const handshake::Credential> credentials;
  std::span<const std::string> alpn;
};

struct CredentialChoice {
  const handshake::Credential* credential = nullptr;  // one of Preferences::credentials
  crypto::SignatureScheme scheme = crypto::SignatureScheme::ecdsa_secp256r1_sha256;
};

// The certificate to present and the scheme its key signs CertificateVerify with: the first
// credential whose key can make one of `ours` that the client lists in signature_algorithms
// (RFC 8446 4.4.2.2, 4.4.3). The first credential is the default; `server_name` (empty
// without SNI) is where choosing by name will plug in.
[[nodiscard]] std::optional<CredentialChoice> choose_credential(
    std::span<const handshake::Credential> credentials,
    std::span<const crypto::SignatureScheme> ours, std::string_view server_name,
    std::span<const crypto::SignatureScheme> theirs);

struct Negotiation {
  const crypto::CipherSuiteInfo* suite = nullptr;
  crypto::NamedGroup group = crypto::NamedGroup::x25519;
  // The client's key_exchange for `group`; none means a HelloRetryRequest asks for one.
  std::optional<ByteView> client_share;
  CredentialChoice credential;
  std::optional<std::string> alpn;
  std::string server_name;  // empty without SNI
  wire::Random client_random{};
  ByteView session_id;  // echoed in legacy_session_id_echo
  // The client can resume with psk_dhe_ke (RFC 8446 4.2.9): only then is it sent tickets.
  bool psk_dhe_ke = false;
  // The client asked for OCSP status: the credential's response, if any, is stapled.
  bool ocsp_requested = false;
};

// Whether the hello's psk_key_exchange_modes lists psk_dhe_ke, the only mode we resume with.
[[nodiscard]] bool offers_psk_dhe(const wire::ClientHello& hello);

// The server's choices for a hello that passed check_offer:
//  - the suite: the first of ours the client offers (handshake_failure naming both lists);
//  - a credential and scheme (handshake_failure);
//  - the group: the first of ours the client sent a share for; else the first of ours in its
//    supported_groups, for a HelloRetryRequest; else handshake_failure naming both lists;
//  - ALPN (RFC 7301 3.2: no_application_protocol when both sides list protocols but none in
//    common).
[[nodiscard]] Expected<Negotiation> negotiate(const Preferences& server,
                                              const wire::ClientHello& hello,
                                              const ClientOffer& offer);

}  // namespace cpptls::hs13::server
