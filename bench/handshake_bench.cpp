// Full TLS handshakes per second, client and server in one thread and in memory, cpptls
// (public API) beside OpenSSL's libssl in the same run (issue 4: target at least 1.5x libssl).
//
// One iteration creates a client and a server connection from configurations made once, runs
// the whole handshake (certificate chain and host name verified by the client) and frees both.
// Each side offers one suite and the same groups (support/scenarios.hpp); nothing is resumed.
//
// "/floor" rows: the public-key operations of one such handshake, client and server together,
// timed through the provider alone: both key shares generated and agreed (ECDHE), the server's
// signature or RSA decryption, the client's RSA encryption (key transport), the client's
// signature checks (the intermediate by the root, the leaf by the intermediate, and for ECDHE
// the server's handshake signature) and the import of the two public keys that arrive in the
// chain; the root's key is imported once, as a client with loaded roots can. No handshake can
// be faster than this; bench/ratios.py shows each handshake as a share of it.

#include <memory>
#include <stdexcept>
#include <utility>

#include <benchmark/benchmark.h>

#include "crypto/provider.hpp"
#include "support/cpptls_pair.hpp"
#include "support/libssl_pair.hpp"
#include "support/registration.hpp"

namespace cpptls_bench {
namespace {

void handshake_cpptls(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const CpptlsConfigs configs = cpptls_configs(scenario);
    CpptlsPair first(configs);
    first.handshake();
    first.expect_negotiated(scenario);
    for (auto _ : state) {
      CpptlsPair pair(configs);
      pair.handshake();
      benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

void handshake_libssl(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const LibsslContexts contexts(scenario);
    LibsslPair first(contexts);
    first.handshake();
    first.expect_negotiated(scenario);
    for (auto _ : state) {
      LibsslPair pair(contexts);
      pair.handshake();
      benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

using cpptls::Bytes;
namespace crypto = cpptls::crypto;

template <class T>
T must(cpptls::Expected<T> result) {
  if (!result) throw std::runtime_error("provider: " + result.error().to_string());
  return std::move(*result);
}

// What one handshake's public-key work needs, made once: a chain of three keys and the
// signatures the client checks.
struct FloorWork {
  const crypto::Provider& provider;
  crypto::KeyType type;
  crypto::SignatureAlgorithm chain_algorithm;      // certificates: ECDSA or PKCS #1 v1.5, SHA-256
  crypto::SignatureAlgorithm handshake_algorithm;  // ecdsa_secp256r1_sha256 or rsa_pss_rsae_sha256
  std::unique_ptr<crypto::PrivateKey> root, intermediate, leaf;
  std::unique_ptr<crypto::PublicKey> root_key;  // imported once
  Bytes intermediate_spki, leaf_spki;
  Bytes tbs;  // stands for a certificate's TBSCertificate
  Bytes intermediate_signature, leaf_signature;
  Bytes handshake_message;

  FloorWork(const crypto::Provider& p, KeyType key)
      : provider(p),
        type(key == KeyType::rsa2048 ? crypto::KeyType::rsa : crypto::KeyType::ec_p256),
        chain_algorithm{key == KeyType::rsa2048 ? crypto::SignatureKind::rsa_pkcs1
                                                : crypto::SignatureKind::ecdsa,
                        crypto::HashAlgorithm::sha256},
        handshake_algorithm{
            key == KeyType::rsa2048 ? crypto::SignatureKind::rsa_pss : crypto::SignatureKind::ecdsa,
            crypto::HashAlgorithm::sha256, 32},
        tbs(600, 0x42),
        handshake_message(130, 0x24) {
    root = must(provider.generate_private_key(type, 2048));
    intermediate = must(provider.generate_private_key(type, 2048));
    leaf = must(provider.generate_private_key(type, 2048));
    root_key = must(provider.public_key(must(root->public_key_info())));
    intermediate_spki = must(intermediate->public_key_info());
    leaf_spki = must(leaf->public_key_info());
    intermediate_signature = must(root->sign(chain_algorithm, tbs));
    leaf_signature = must(intermediate->sign(chain_algorithm, tbs));
  }

  void verify(const crypto::PublicKey& key, const crypto::SignatureAlgorithm& algorithm,
              const Bytes& message, const Bytes& signature) const {
    if (!key.verify(algorithm, message, signature)) throw std::runtime_error("does not verify");
  }

  // One handshake's worth.
  void run(bool key_transport) const {
    // The client: the chain's keys and signatures.
    const auto intermediate_key = must(provider.public_key(intermediate_spki));
    const auto leaf_key = must(provider.public_key(leaf_spki));
    verify(*root_key, chain_algorithm, tbs, intermediate_signature);
    verify(*intermediate_key, chain_algorithm, tbs, leaf_signature);
    if (key_transport) {
      Bytes premaster(48, 0x11);
      premaster[0] = 0x03;
      premaster[1] = 0x03;
      const Bytes encrypted = must(leaf_key->encrypt_pkcs1(premaster));
      benchmark::DoNotOptimize(must(leaf->decrypt_premaster(encrypted, 0x0303)).data());
      return;
    }
    const auto client_share = must(provider.generate_key_share(crypto::NamedGroup::x25519));
    const auto server_share = must(provider.generate_key_share(crypto::NamedGroup::x25519));
    const Bytes signature = must(leaf->sign(handshake_algorithm, handshake_message));
    verify(*leaf_key, handshake_algorithm, handshake_message, signature);
    benchmark::DoNotOptimize(must(client_share->derive(server_share->public_value())).data());
    benchmark::DoNotOptimize(must(server_share->derive(client_share->public_value())).data());
  }
};

void handshake_floor(benchmark::State& state, const Scenario& scenario) {
  run_or_skip(state, [&] {
    const FloorWork work(cpptls::openssl_provider(), scenario.key);
    const bool key_transport = uses_key_transport(scenario.suite);
    for (auto _ : state)
      work.run(key_transport);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

}  // namespace
}  // namespace cpptls_bench

int main(int argc, char** argv) {
  using namespace cpptls_bench;
  register_pairs("handshake", kHandshakeScenarios, handshake_cpptls, handshake_libssl);
  for (const Scenario& scenario : kHandshakeScenarios) {
    benchmark::RegisterBenchmark(("handshake/" + std::string(scenario.name) + "/floor").c_str(),
                                 handshake_floor, scenario);
  }
  return run_benchmarks(argc, argv);
}
