#pragma once
// Keying material exporters: RFC 5705 for TLS 1.2 (over the extended master secret of RFC 7627
// when the handshake used it), RFC 8446 7.5 for TLS 1.3. The handshake makes one when it
// completes and hands it to the connection (HandshakeComplete), which keeps it for the life of
// the connection: nothing can be exported before the handshake has completed.

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"

namespace cpptls::handshake {

class Exporter {
 public:
  // None: every export is refused.
  Exporter() = default;

  // RFC 5705 4 over the session's master secret and this connection's randoms (a resumed
  // TLS 1.2 session exports with its new randoms). Without the extended master secret the
  // master secret may be shared with another connection (RFC 7627 1, the triple handshake),
  // and so would the exported keys: such an exporter refuses every export.
  [[nodiscard]] static Exporter tls12(crypto::HashAlgorithm prf_hash, ByteView master_secret,
                                      ByteView client_random, ByteView server_random,
                                      bool extended_master_secret);
  // RFC 8446 7.5 over exporter_master_secret.
  [[nodiscard]] static Exporter tls13(crypto::HashAlgorithm hash, ByteView exporter_master_secret);

  // Fills `out` with the keying material for `label` and `context` (absent and empty differ
  // in TLS 1.2, RFC 5705 4; TLS 1.3 hashes an absent context as an empty one, RFC 8446 7.5).
  // Refused (api_misuse): no exporter, TLS 1.2 without the extended master secret, a label
  // RFC 5705 4 reserves ("client finished", "server finished", "master secret",
  // "key expansion", and RFC 7627's "extended master secret"), a TLS 1.3 label over 249 bytes
  // (RFC 8446 7.1's label<7..255> holds "tls13 " and it), a TLS 1.2 context of 2^16 bytes or
  // more (its length is a uint16), and more output than the KDF gives (TLS 1.3: 255 hash
  // lengths, RFC 5869 2.3; TLS 1.2: the same bound, for symmetry).
  [[nodiscard]] Expected<void> export_into(const crypto::Provider& provider, std::string_view label,
                                           std::optional<ByteView> context,
                                           MutableByteView out) const;

  [[nodiscard]] bool has_value() const noexcept { return kind_ != Kind::none; }

 private:
  enum class Kind : std::uint8_t { none, tls12, tls12_without_ems, tls13 };
  [[nodiscard]] Expected<void> export_tls12(const crypto::Provider& provider,
                                            std::string_view label, std::optional<ByteView> context,
                                            MutableByteView out) const;
  [[nodiscard]] Expected<void> export_tls13(const crypto::Provider& provider,
                                            std::string_view label, std::optional<ByteView> context,
                                            MutableByteView out) const;

  Kind kind_ = Kind::none;
  crypto::HashAlgorithm hash_ = crypto::HashAlgorithm::sha256;
  SecretBytes secret_;  // TLS 1.2: the master secret; TLS 1.3: exporter_master_secret
  Bytes randoms_;       // TLS 1.2: client_random + server_random
};

}  // namespace cpptls::handshake
