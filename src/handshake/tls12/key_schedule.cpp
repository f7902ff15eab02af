#include "handshake/tls12/key_schedule.hpp"

#include <string>

#include "crypto/tls12_prf.hpp"

namespace cpptls::hs12 {

Expected<MasterSecret> derive_master_secret(const crypto::Provider& provider,
                                            crypto::HashAlgorithm prf_hash,
                                            PremasterSecret premaster, ByteView client_random,
                                            ByteView server_random) {
  SecretBytes master(kMasterSecretSize);
  if (auto done = crypto::tls12_prf(provider, prf_hash, premaster.bytes(), "master secret",
                                    client_random, server_random, master);
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return MasterSecret(std::move(master));
}

Expected<MasterSecret> derive_extended_master_secret(const crypto::Provider& provider,
                                                     crypto::HashAlgorithm prf_hash,
                                                     PremasterSecret premaster,
                                                     ByteView session_hash) {
  SecretBytes master(kMasterSecretSize);
  if (auto done = crypto::tls12_prf(provider, prf_hash, premaster.bytes(), "extended master secret",
                                    session_hash, {}, master);
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return MasterSecret(std::move(master));
}

Expected<KeyBlock> derive_key_block(const crypto::Provider& provider,
                                    const crypto::CipherSuiteInfo& suite,
                                    const MasterSecret& master, ByteView client_random,
                                    ByteView server_random) {
  if (suite.version != crypto::SuiteVersion::tls12) {
    return internal_failure("the TLS 1.2 key block was asked for " + std::string(suite.name));
  }
  const std::size_t key_size = crypto::key_size(suite.aead);
  const std::size_t iv_size = suite.tls12_fixed_iv_size;
  SecretBytes block(2 * (key_size + iv_size));
  if (auto done = crypto::tls12_prf(provider, suite.hash, master.bytes(), "key expansion",
                                    server_random, client_random, block);
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  const auto take = [&block](std::size_t offset, std::size_t size) {
    const auto first = block.begin() + static_cast<std::ptrdiff_t>(offset);
    return SecretBytes(first, first + static_cast<std::ptrdiff_t>(size));
  };
  KeyBlock keys;
  keys.client_write.aead = suite.aead;
  keys.server_write.aead = suite.aead;
  keys.client_write.key = take(0, key_size);
  keys.server_write.key = take(key_size, key_size);
  keys.client_write.iv = take(2 * key_size, iv_size);
  keys.server_write.iv = take(2 * key_size + iv_size, iv_size);
  return keys;
}

Expected<VerifyData> finished_verify_data(const crypto::Provider& provider,
                                          crypto::HashAlgorithm prf_hash,
                                          const MasterSecret& master, Sender sender,
                                          ByteView transcript_hash) {
  VerifyData out{};
  const std::string_view label = sender == Sender::client ? "client finished" : "server finished";
  if (auto done =
          crypto::tls12_prf(provider, prf_hash, master.bytes(), label, transcript_hash, {}, out);
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return out;
}

Expected<MasterSecret> restore_master_secret(ByteView stored) {
  if (stored.size() != kMasterSecretSize) {
    return internal_failure("a stored master secret has " + std::to_string(stored.size()) +
                            " bytes, not 48");
  }
  return MasterSecret(SecretBytes(stored.begin(), stored.end()));
}

}  // namespace cpptls::hs12
