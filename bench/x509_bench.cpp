// Certificate chains verified per second, parsing included, by cpptls (src/x509) beside
// OpenSSL's X509_verify_cert in the same run (issue 3, "Speed").
//
// Each iteration does what a TLS client does with a server's chain, from bytes to verdict:
//  - cpptls: PEM to DER and a parse of the 3 certificates (root, intermediate, leaf), a trust
//    store with the root, path building, the signature checks and the host name check;
//  - OpenSSL: d2i_X509 of the same 3 DER certificates, an X509_STORE with the root, the
//    intermediate as untrusted, an X509_VERIFY_PARAM with the host name and the time, and
//    X509_verify_cert (which calls X509_check_host for the host set in the parameters).
// Both sides check the same signatures with the same libcrypto, so the difference is the
// parsing and path logic around them.
//
// The two chains (ECDSA P-256 and RSA-2048, 3 certificates each, the leaf for
// www.bench.example.com) are made at start-up with the openssl command line in a temporary
// directory.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <benchmark/benchmark.h>

#include "crypto/openssl/openssl_provider.hpp"
#include "x509/pem.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace {

using cpptls::Bytes;

constexpr const char* kHost = "www.bench.example.com";

// Makes DIR/{ec,rsa}-{root,int,leaf}.pem: a self-signed root, an intermediate CA and a
// server leaf, each chain with one key type, all signed with SHA-256.
constexpr const char* kMakeChains = R"(set -e
cd "$1"
cat >x.cnf <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:bench.example.com,DNS:www.bench.example.com
EOF
for kind in ec rsa; do
  for n in root int leaf; do
    if [ $kind = ec ]; then
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $kind-$n.key
    else
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $kind-$n.key 2>/dev/null
    fi
  done
  openssl req -x509 -new -config x.cnf -extensions ca -key $kind-root.key -sha256 -days 3650 \
    -subj "/O=cpptls bench/CN=Bench Root $kind" -out $kind-root.pem
  openssl req -new -config x.cnf -key $kind-int.key -subj "/O=cpptls bench/CN=Bench CA $kind" \
    -out $kind-int.csr
  openssl x509 -req -in $kind-int.csr -CA $kind-root.pem -CAkey $kind-root.key -sha256 \
    -set_serial 0x$(openssl rand -hex 8) -days 3650 -extfile x.cnf -extensions ca \
    -out $kind-int.pem 2>/dev/null
  openssl req -new -config x.cnf -key $kind-leaf.key -subj "/CN=www.bench.example.com" \
    -out $kind-leaf.csr
  openssl x509 -req -in $kind-leaf.csr -CA $kind-int.pem -CAkey $kind-int.key -sha256 \
    -set_serial 0x$(openssl rand -hex 8) -days 365 -extfile x.cnf -extensions leaf \
    -out $kind-leaf.pem 2>/dev/null
done
)";

// One chain in both forms: PEM text for cpptls, DER for OpenSSL (the same bytes).
struct Chain {
  std::string root_pem;
  std::string chain_pem;  // the leaf, then the intermediate: what a server sends
  Bytes root_der, intermediate_der, leaf_der;
};

struct Fixture {
  Chain ec, rsa;
  std::int64_t now = 0;
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Bytes only_der(const std::string& pem) {
  auto ders = cpptls::x509::read_pem_certificates(pem);
  if (!ders || ders->size() != 1) throw std::runtime_error("expected one PEM certificate");
  return std::move(ders->front());
}

Chain load_chain(const std::filesystem::path& dir, const std::string& kind) {
  Chain chain;
  chain.root_pem = read_text(dir / (kind + "-root.pem"));
  const std::string intermediate = read_text(dir / (kind + "-int.pem"));
  const std::string leaf = read_text(dir / (kind + "-leaf.pem"));
  chain.chain_pem = leaf + intermediate;
  chain.root_der = only_der(chain.root_pem);
  chain.intermediate_der = only_der(intermediate);
  chain.leaf_der = only_der(leaf);
  return chain;
}

const Fixture& fixture() {
  static const Fixture made = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "x509-bench-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    const std::filesystem::path dir = templ;
    const std::filesystem::path script = dir / "make-chains.sh";
    std::ofstream(script) << kMakeChains;
    const std::string command = "bash '" + script.string() + "' '" + dir.string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("making the chains failed");
    Fixture f;
    f.ec = load_chain(dir, "ec");
    f.rsa = load_chain(dir, "rsa");
    f.now = cpptls::crypto::openssl::provider().now();
    std::filesystem::remove_all(dir);
    return f;
  }();
  return made;
}

// Whether each iteration builds its trust store from the root's bytes (the figure the issue
// asks for: all 3 certificates parsed) or verifies against a store built once, as a client
// that keeps its roots loaded does (only what the server sent is parsed).
enum class Store { per_chain, reused };

struct Case {
  Chain Fixture::*chain;
  Store store;
};

// --- cpptls: PEM in, verdict out.
bool verify_cpptls_once(const Chain& chain, const cpptls::x509::TrustStore* reused,
                        std::int64_t now, std::string* error) {
  namespace x509 = cpptls::x509;
  x509::TrustStore built;
  if (reused == nullptr) {
    auto roots = x509::parse_pem_certificates(chain.root_pem);
    if (!roots || roots->size() != 1) {
      if (error) *error = "the root does not parse";
      return false;
    }
    built.add(std::move(roots->front()));
  }
  auto presented = x509::parse_pem_certificates(chain.chain_pem);
  if (!presented || presented->empty()) {
    if (error) *error = "the chain does not parse";
    return false;
  }
  x509::VerifyOptions options;
  options.time = now;
  options.purpose = x509::Purpose::server_auth;
  options.host = kHost;
  const std::span<const x509::ParsedCertificate> intermediates(presented->data() + 1,
                                                               presented->size() - 1);
  auto verified = x509::verify_certificate(cpptls::crypto::openssl::provider(),
                                           reused != nullptr ? *reused : built, presented->front(),
                                           intermediates, options);
  if (!verified && error) *error = verified.error().to_string();
  return verified.has_value();
}

void chain_cpptls(benchmark::State& state, Case c) {
  const Fixture& f = fixture();
  const Chain& chain = f.*c.chain;
  cpptls::x509::TrustStore store;
  if (c.store == Store::reused) {
    if (!store.add_pem(chain.root_pem)) {
      state.SkipWithError("the root does not parse");
      return;
    }
  }
  const cpptls::x509::TrustStore* reused = c.store == Store::reused ? &store : nullptr;
  std::string error;
  if (!verify_cpptls_once(chain, reused, f.now, &error)) {
    state.SkipWithError(("cpptls refused the chain: " + error).c_str());
    return;
  }
  for (auto _ : state) {
    const bool ok = verify_cpptls_once(chain, reused, f.now, nullptr);
    benchmark::DoNotOptimize(ok);
    if (!ok) {
      state.SkipWithError("cpptls refused the chain");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// --- OpenSSL: DER in, verdict out.
X509* decode(const Bytes& der) {
  const unsigned char* p = der.data();
  return d2i_X509(nullptr, &p, static_cast<long>(der.size()));
}

// An X509_STORE holding the root, or null.
X509_STORE* store_with_root(const Chain& chain) {
  X509* root = decode(chain.root_der);
  X509_STORE* store = X509_STORE_new();
  const bool ok = root != nullptr && store != nullptr && X509_STORE_add_cert(store, root) == 1;
  X509_free(root);  // the store holds its own reference
  if (!ok) {
    X509_STORE_free(store);
    return nullptr;
  }
  return store;
}

bool verify_openssl_once(const Chain& chain, X509_STORE* reused, std::int64_t now,
                         std::string* error) {
  X509_STORE* store = reused != nullptr ? reused : store_with_root(chain);
  X509* intermediate = decode(chain.intermediate_der);
  X509* leaf = decode(chain.leaf_der);
  STACK_OF(X509)* untrusted = sk_X509_new_null();
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  bool ok = store != nullptr && intermediate != nullptr && leaf != nullptr &&
            untrusted != nullptr && ctx != nullptr && sk_X509_push(untrusted, intermediate) > 0 &&
            X509_STORE_CTX_init(ctx, store, leaf, untrusted) == 1;
  if (ok) {
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(now));
    ok = X509_VERIFY_PARAM_set1_host(param, kHost, 0) == 1 &&
         X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER) == 1 &&
         X509_verify_cert(ctx) == 1;
    if (!ok && error) {
      *error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
    }
  }
  X509_STORE_CTX_free(ctx);
  sk_X509_free(untrusted);
  X509_free(leaf);
  X509_free(intermediate);
  if (reused == nullptr) X509_STORE_free(store);
  return ok;
}

void chain_openssl(benchmark::State& state, Case c) {
  const Fixture& f = fixture();
  const Chain& chain = f.*c.chain;
  X509_STORE* reused = c.store == Store::reused ? store_with_root(chain) : nullptr;
  std::string error;
  if (!verify_openssl_once(chain, reused, f.now, &error)) {
    state.SkipWithError(("OpenSSL refused the chain: " + error).c_str());
    X509_STORE_free(reused);
    return;
  }
  for (auto _ : state) {
    const bool ok = verify_openssl_once(chain, reused, f.now, nullptr);
    benchmark::DoNotOptimize(ok);
    if (!ok) {
      state.SkipWithError("OpenSSL refused the chain");
      break;
    }
  }
  X509_STORE_free(reused);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

constexpr Case kEc{&Fixture::ec, Store::per_chain};
constexpr Case kRsa{&Fixture::rsa, Store::per_chain};
constexpr Case kEcReused{&Fixture::ec, Store::reused};
constexpr Case kRsaReused{&Fixture::rsa, Store::reused};

}  // namespace

// The issue's figures: all 3 certificates parsed in every iteration.
BENCHMARK_CAPTURE(chain_cpptls, ec, kEc)->Name("x509/ecdsa-p256-chain/cpptls");
BENCHMARK_CAPTURE(chain_openssl, ec, kEc)->Name("x509/ecdsa-p256-chain/openssl");
BENCHMARK_CAPTURE(chain_cpptls, rsa, kRsa)->Name("x509/rsa2048-chain/cpptls");
BENCHMARK_CAPTURE(chain_openssl, rsa, kRsa)->Name("x509/rsa2048-chain/openssl");
// The same with the trust store built once, outside the loop.
BENCHMARK_CAPTURE(chain_cpptls, ec_reused, kEcReused)
    ->Name("x509/ecdsa-p256-chain-store-reused/cpptls");
BENCHMARK_CAPTURE(chain_openssl, ec_reused, kEcReused)
    ->Name("x509/ecdsa-p256-chain-store-reused/openssl");
BENCHMARK_CAPTURE(chain_cpptls, rsa_reused, kRsaReused)
    ->Name("x509/rsa2048-chain-store-reused/cpptls");
BENCHMARK_CAPTURE(chain_openssl, rsa_reused, kRsaReused)
    ->Name("x509/rsa2048-chain-store-reused/openssl");

BENCHMARK_MAIN();
