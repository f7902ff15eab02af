#pragma once
// The TLS 1.2 key schedule (RFC 5246 8.1, 6.3, 7.4.9; RFC 7627 4) as one-way, move-only
// steps (design rule 4): a PremasterSecret is consumed to make the MasterSecret, which
// gives the key block (the traffic keys of both directions) and the Finished verify_data.

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "crypto/traffic_keys.hpp"

namespace cpptls::hs12 {

inline constexpr std::size_t kMasterSecretSize = 48;  // RFC 5246 8.1
inline constexpr std::size_t kVerifyDataSize = 12;    // RFC 5246 7.4.9
// RFC 5246 7.4.7.1: client_version (2 bytes) and 46 random bytes.
inline constexpr std::size_t kRsaPremasterSize = 48;

// The (EC)DH shared secret, or the 48 bytes the client sends encrypted to an RSA key.
class PremasterSecret {
 public:
  explicit PremasterSecret(SecretBytes bytes) noexcept : bytes_(std::move(bytes)) {}
  PremasterSecret(PremasterSecret&&) noexcept = default;
  PremasterSecret& operator=(PremasterSecret&&) noexcept = default;
  PremasterSecret(const PremasterSecret&) = delete;
  PremasterSecret& operator=(const PremasterSecret&) = delete;
  ~PremasterSecret() = default;

  [[nodiscard]] ByteView bytes() const noexcept { return bytes_; }

 private:
  SecretBytes bytes_;
};

class MasterSecret {
 public:
  MasterSecret(MasterSecret&&) noexcept = default;
  MasterSecret& operator=(MasterSecret&&) noexcept = default;
  MasterSecret(const MasterSecret&) = delete;
  MasterSecret& operator=(const MasterSecret&) = delete;
  ~MasterSecret() = default;

  // For the key log (NSS CLIENT_RANDOM lines) and known-answer tests.
  [[nodiscard]] ByteView bytes() const noexcept { return bytes_; }

 private:
  friend Expected<MasterSecret> derive_master_secret(const crypto::Provider&, crypto::HashAlgorithm,
                                                     PremasterSecret, ByteView, ByteView);
  friend Expected<MasterSecret> derive_extended_master_secret(const crypto::Provider&,
                                                              crypto::HashAlgorithm,
                                                              PremasterSecret, ByteView);
  friend Expected<MasterSecret> restore_master_secret(ByteView);
  explicit MasterSecret(SecretBytes bytes) noexcept : bytes_(std::move(bytes)) {}
  SecretBytes bytes_;
};

// RFC 5246 8.1: PRF(pre_master_secret, "master secret", ClientHello.random +
// ServerHello.random)[0..47].
[[nodiscard]] Expected<MasterSecret> derive_master_secret(const crypto::Provider& provider,
                                                          crypto::HashAlgorithm prf_hash,
                                                          PremasterSecret premaster,
                                                          ByteView client_random,
                                                          ByteView server_random);

// RFC 7627 4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47], where
// session_hash is the transcript hash up to and including ClientKeyExchange.
[[nodiscard]] Expected<MasterSecret> derive_extended_master_secret(const crypto::Provider& provider,
                                                                   crypto::HashAlgorithm prf_hash,
                                                                   PremasterSecret premaster,
                                                                   ByteView session_hash);

// A master secret kept from an earlier handshake, to resume its session (RFC 5246 7.3: the
// abbreviated handshake derives new keys from the stored master secret and the new randoms).
// Anything but 48 bytes is refused.
[[nodiscard]] Expected<MasterSecret> restore_master_secret(ByteView stored);

// Both directions' keys. For the AEAD suites there are no MAC keys (RFC 5246 6.3 with
// mac_key_length 0): the key block is client_write_key, server_write_key, client_write_IV,
// server_write_IV, the IVs of CipherSuiteInfo::tls12_fixed_iv_size bytes.
struct KeyBlock {
  crypto::TrafficKeys client_write;
  crypto::TrafficKeys server_write;
};

// RFC 5246 6.3: PRF(master_secret, "key expansion", server_random + client_random).
[[nodiscard]] Expected<KeyBlock> derive_key_block(const crypto::Provider& provider,
                                                  const crypto::CipherSuiteInfo& suite,
                                                  const MasterSecret& master,
                                                  ByteView client_random, ByteView server_random);

enum class Sender : std::uint8_t { client, server };

using VerifyData = std::array<std::uint8_t, kVerifyDataSize>;

// RFC 5246 7.4.9: PRF(master_secret, "client finished" | "server finished",
// Hash(handshake_messages))[0..11].
[[nodiscard]] Expected<VerifyData> finished_verify_data(const crypto::Provider& provider,
                                                        crypto::HashAlgorithm prf_hash,
                                                        const MasterSecret& master, Sender sender,
                                                        ByteView transcript_hash);

}  // namespace cpptls::hs12
