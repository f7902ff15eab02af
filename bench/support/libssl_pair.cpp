#include "libssl_pair.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace cpptls_bench {
namespace {

[[noreturn]] void fail(const std::string& what) {
  const unsigned long code = ERR_get_error();
  char reason[256] = "";
  if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error("libssl: " + what + (code != 0 ? ": " : "") + reason);
}

void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

X509* read_certificate(BIO* pem) {
  return PEM_read_bio_X509(pem, nullptr, nullptr, nullptr);
}

// The settings both sides share: the version, the one suite, the one group, and what may be
// resumed.
void configure_common(SSL_CTX* ctx, const Scenario& scenario, bool release_buffers,
                      LibsslResumption resumption, bool server) {
  const int version = scenario.version == Version::tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
  check(SSL_CTX_set_min_proto_version(ctx, version) == 1 &&
            SSL_CTX_set_max_proto_version(ctx, version) == 1,
        "protocol version");
  check(scenario.version == Version::tls12
            ? SSL_CTX_set_cipher_list(ctx, scenario.openssl_suite) == 1
            : SSL_CTX_set_ciphersuites(ctx, scenario.openssl_suite) == 1,
        "cipher suite");
  const std::string groups = std::string(scenario.openssl_group) + ":" + kOpensslSecondGroup;
  check(SSL_CTX_set1_groups_list(ctx, groups.c_str()) == 1, "groups");
  switch (resumption) {
    case LibsslResumption::none:
      // No TLS 1.2 ticket, no TLS 1.3 NewSessionTicket, no session cache.
      SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
      check(SSL_CTX_set_num_tickets(ctx, 0) == 1, "tickets");
      SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
      break;
    case LibsslResumption::session_id:
      // The server keeps sessions in its internal cache; the client offers the one it is given.
      SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
      SSL_CTX_set_session_cache_mode(ctx, server ? SSL_SESS_CACHE_SERVER : SSL_SESS_CACHE_OFF);
      break;
    case LibsslResumption::tickets:
      // Stateless tickets only, as cpptls's server: nothing kept in the server's cache.
      SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
      SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
      break;
  }
  if (release_buffers) SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
}

void load_trust(SSL_CTX* ctx, const Pki& keys) {
  std::unique_ptr<BIO, BioFree> pem(
      BIO_new_mem_buf(keys.root_pem.data(), static_cast<int>(keys.root_pem.size())));
  X509* root = pem ? read_certificate(pem.get()) : nullptr;
  const bool ok = root != nullptr && X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), root) == 1;
  X509_free(root);  // the store holds its own reference
  check(ok, "trust anchor");
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
}

void load_credential(SSL_CTX* ctx, const Pki& keys) {
  std::unique_ptr<BIO, BioFree> chain(
      BIO_new_mem_buf(keys.chain_pem.data(), static_cast<int>(keys.chain_pem.size())));
  std::unique_ptr<BIO, BioFree> key_pem(
      BIO_new_mem_buf(keys.key_pem.data(), static_cast<int>(keys.key_pem.size())));
  check(chain && key_pem, "BIO_new_mem_buf");
  X509* leaf = read_certificate(chain.get());
  X509* intermediate = read_certificate(chain.get());
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_pem.get(), nullptr, nullptr, nullptr);
  // The chain is given whole, so OpenSSL sends it as it is and builds nothing per handshake.
  const bool ok = leaf != nullptr && intermediate != nullptr && key != nullptr &&
                  SSL_CTX_use_certificate(ctx, leaf) == 1 &&
                  SSL_CTX_add1_chain_cert(ctx, intermediate) == 1 &&
                  SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
  X509_free(leaf);
  X509_free(intermediate);
  EVP_PKEY_free(key);
  check(ok, "server credential");
}

// Runs one handshake step; false when it waits for the peer.
bool step(SSL* ssl, const char* side) {
  const int rc = SSL_do_handshake(ssl);
  if (rc == 1) return true;
  if (SSL_get_error(ssl, rc) == SSL_ERROR_WANT_READ) return false;
  fail(std::string(side) + " handshake");
}

}  // namespace

LibsslContexts::LibsslContexts(const Scenario& scenario, bool release_buffers,
                               LibsslResumption resumption) {
  const Pki& keys = pki(scenario.key);
  client_ = SSL_CTX_new(TLS_client_method());
  server_ = SSL_CTX_new(TLS_server_method());
  try {
    check(client_ != nullptr && server_ != nullptr, "SSL_CTX_new");
    configure_common(client_, scenario, release_buffers, resumption, false);
    configure_common(server_, scenario, release_buffers, resumption, true);
    load_trust(client_, keys);
    load_credential(server_, keys);
  } catch (...) {
    SSL_CTX_free(client_);
    SSL_CTX_free(server_);
    throw;
  }
}

LibsslContexts::~LibsslContexts() {
  SSL_CTX_free(client_);
  SSL_CTX_free(server_);
}

LibsslPair::LibsslPair(const LibsslContexts& contexts)
    : client_(SSL_new(contexts.client())), server_(SSL_new(contexts.server())) {
  BIO* to_server = BIO_new(BIO_s_mem());
  BIO* to_client = BIO_new(BIO_s_mem());
  if (client_ == nullptr || server_ == nullptr || to_server == nullptr || to_client == nullptr) {
    BIO_free(to_server);
    BIO_free(to_client);
    SSL_free(client_);
    SSL_free(server_);
    fail("SSL_new");
  }
  // An empty BIO means "wait for more" (retry), not end of file.
  BIO_set_mem_eof_return(to_server, -1);
  BIO_set_mem_eof_return(to_client, -1);
  // Each SSL takes one reference of each BIO: the second comes from BIO_up_ref.
  BIO_up_ref(to_server);
  BIO_up_ref(to_client);
  SSL_set_bio(client_, to_client, to_server);
  SSL_set_bio(server_, to_server, to_client);
  SSL_set_connect_state(client_);
  SSL_set_accept_state(server_);
  if (SSL_set_tlsext_host_name(client_, kHost) != 1 || SSL_set1_host(client_, kHost) != 1) {
    SSL_free(client_);
    SSL_free(server_);
    fail("host name");
  }
}

LibsslPair::~LibsslPair() {
  // Freed as if closed cleanly (cpptls sends no close_notify in these benchmarks either):
  // otherwise SSL_free takes the session out of the cache and marks it not resumable.
  for (SSL* side : {client_, server_}) {
    if (side != nullptr) SSL_set_shutdown(side, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  }
  SSL_free(client_);
  SSL_free(server_);
}

LibsslPair::LibsslPair(LibsslPair&& other) noexcept
    : client_(std::exchange(other.client_, nullptr)),
      server_(std::exchange(other.server_, nullptr)) {}

void LibsslPair::handshake() {
  bool client_done = false;
  bool server_done = false;
  for (int flight = 0; flight < 16 && !(client_done && server_done); ++flight) {
    client_done = step(client_, "client");
    server_done = step(server_, "server");
  }
  if (!client_done || !server_done) fail("the handshake did not complete");
}

void LibsslPair::expect_negotiated(const Scenario& scenario) const {
  const int version = scenario.version == Version::tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
  for (SSL* side : {client_, server_}) {
    const SSL_CIPHER* cipher = SSL_get_current_cipher(side);
    const int group = static_cast<int>(SSL_get_negotiated_group(side));
    if (SSL_version(side) != version || cipher == nullptr ||
        std::string(SSL_CIPHER_get_name(cipher)) != scenario.openssl_suite ||
        (!uses_key_transport(scenario.suite) && group != OBJ_sn2nid(scenario.openssl_group)) ||
        (scenario.version == Version::tls12 && SSL_get_extms_support(side) != 1) ||
        SSL_session_reused(side) != 0) {
      throw std::runtime_error("libssl: negotiated something else than " +
                               std::string(scenario.name));
    }
  }
  if (SSL_get_verify_result(client_) != X509_V_OK ||
      SSL_get0_peer_certificate(client_) == nullptr) {
    throw std::runtime_error("libssl: the client did not verify the server");
  }
}

void LibsslPair::offer_session(SSL_SESSION* session) {
  if (session != nullptr) check(SSL_set_session(client_, session) == 1, "SSL_set_session");
}

SSL_SESSION* LibsslPair::take_session() {
  // TLS 1.3 tickets come after the handshake: an SSL_read at the client processes them (and
  // then finds no application data).
  std::uint8_t byte = 0;
  const int read = SSL_read(client_, &byte, 1);
  if (read > 0 || SSL_get_error(client_, read) != SSL_ERROR_WANT_READ) fail("SSL_read (tickets)");
  SSL_SESSION* session = SSL_get1_session(client_);
  if (session != nullptr && SSL_SESSION_is_resumable(session) != 1) {
    SSL_SESSION_free(session);
    return nullptr;
  }
  return session;
}

bool LibsslPair::resumed() const {
  return SSL_session_reused(client_) == 1 && SSL_session_reused(server_) == 1;
}

namespace {

// SSL_write of `data` at `from`, then SSL_read at `to` until its BIO is empty.
std::size_t transfer(SSL* from, SSL* to, std::span<const std::uint8_t> data,
                     std::span<std::uint8_t> scratch) {
  const int written = SSL_write(from, data.data(), static_cast<int>(data.size()));
  if (written != static_cast<int>(data.size())) fail("SSL_write");
  std::size_t received = 0;
  while (true) {
    const int read = SSL_read(to, scratch.data(), static_cast<int>(scratch.size()));
    if (read > 0) {
      received += static_cast<std::size_t>(read);
      continue;
    }
    if (SSL_get_error(to, read) == SSL_ERROR_WANT_READ) return received;
    fail("SSL_read");
  }
}

}  // namespace

std::size_t LibsslPair::send_to_server(std::span<const std::uint8_t> data,
                                       std::span<std::uint8_t> scratch) {
  return transfer(client_, server_, data, scratch);
}

std::size_t LibsslPair::send_to_client(std::span<const std::uint8_t> data,
                                       std::span<std::uint8_t> scratch) {
  return transfer(server_, client_, data, scratch);
}

void LibsslPair::detach_transport() {
  SSL_set_bio(client_, nullptr, nullptr);
  SSL_set_bio(server_, nullptr, nullptr);
}

void LibsslPair::free_server() {
  SSL_free(server_);
  server_ = nullptr;
}

}  // namespace cpptls_bench
