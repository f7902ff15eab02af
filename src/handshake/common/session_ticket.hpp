#pragma once
// What the server seals into a ticket (TicketKeys) and the TLS 1.2 session cache keeps: the
// secret to resume from and what it was negotiated with. Our own format, still parsed
// defensively with wire::Reader: a ticket that does not open or parse is not resumable.
//
//   u8  format (4)
//   u16 version, u16 cipher_suite, u16 group (0: none)
//   opaque secret<0..255>          TLS 1.3: the ticket's PSK; TLS 1.2: the master secret
//   u64 created (seconds since the epoch), u32 lifetime (seconds), u32 ticket_age_add
//   u8  extended_master_secret
//   opaque alpn<0..255>, opaque server_name<0..2^16-1>
//   u8  client_auth policy (0 none, 1 request, 2 require), u8 verified (0 or 1)
//   opaque anchors[32], opaque verifier[32] (the application verifier's policy digest)
//   opaque client_chain<0..2^24-1>: opaque certificate<1..2^24-1> each, leaf first
//
// The client's chain is kept with the anchors and verifier it was accepted under, and whether
// a path to those anchors was verified, so that a server resumes only a client it would
// accept now (ClientAuthPolicy::authorize) and reports it as verified only if it was. Sessions
// of another format do not open: a full handshake.

#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"
#include "handshake/common/authentication.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake {

struct ServerSessionState {
  wire::ProtocolVersion version = wire::ProtocolVersion::tls13;
  crypto::CipherSuite cipher_suite = crypto::CipherSuite::TLS_AES_128_GCM_SHA256;
  // TLS 1.2: the key exchange the master secret came from (none for RSA key transport); a
  // resumption reports it, as the client's does.
  std::optional<crypto::NamedGroup> group;
  SecretBytes secret;
  std::int64_t created = 0;
  std::uint32_t lifetime = 0;
  std::uint32_t ticket_age_add = 0;
  bool extended_master_secret = false;
  std::string alpn;
  std::string server_name;
  ClientAuthRecord client;

  [[nodiscard]] bool expired(std::int64_t now) const noexcept {
    return now < created || now - created >= lifetime;
  }
  [[nodiscard]] SecretBytes encode() const;
  [[nodiscard]] static Expected<ServerSessionState> decode(ByteView data);
};

}  // namespace cpptls::handshake
