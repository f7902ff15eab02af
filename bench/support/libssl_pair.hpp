#pragma once
// The baseline: an OpenSSL libssl client and server connected in memory. Each direction is one
// memory BIO, the writer's wbio and the reader's rbio at once, so a record is copied into the
// BIO by the sender and out of it by the receiver, as with a socket.
//
// Configured to do the work cpptls does: the same suite and groups, session cache and tickets
// off (every handshake is a full one), and the client verifying the server's chain against the
// root (SSL_VERIFY_PEER with an X509_STORE) and the host name (SSL_set1_host), with SNI sent.
// Failures throw std::runtime_error.

#include <cstddef>
#include <cstdint>
#include <span>

#include <openssl/ssl.h>

#include "scenarios.hpp"

namespace cpptls_bench {

// What the contexts allow to be resumed (bench/resumption_bench.cpp): nothing (every handshake
// full); TLS 1.2 sessions by id from the server's cache, tickets off on both sides; or tickets
// only (RFC 5077 and TLS 1.3 NewSessionTicket, libssl's default count), the server's cache off.
enum class LibsslResumption { none, session_id, tickets };

class LibsslContexts {
 public:
  // `release_buffers` sets SSL_MODE_RELEASE_BUFFERS on both sides (buffers freed while idle).
  explicit LibsslContexts(const Scenario& scenario, bool release_buffers = false,
                          LibsslResumption resumption = LibsslResumption::none);
  ~LibsslContexts();
  LibsslContexts(const LibsslContexts&) = delete;
  LibsslContexts& operator=(const LibsslContexts&) = delete;

  [[nodiscard]] SSL_CTX* client() const { return client_; }
  [[nodiscard]] SSL_CTX* server() const { return server_; }

 private:
  SSL_CTX* client_ = nullptr;
  SSL_CTX* server_ = nullptr;
};

class LibsslPair {
 public:
  explicit LibsslPair(const LibsslContexts& contexts);
  ~LibsslPair();
  LibsslPair(LibsslPair&& other) noexcept;
  LibsslPair(const LibsslPair&) = delete;
  LibsslPair& operator=(const LibsslPair&) = delete;
  LibsslPair& operator=(LibsslPair&&) = delete;

  void handshake();
  void expect_negotiated(const Scenario& scenario) const;

  // Resumption (contexts made with a LibsslResumption other than none). offer_session: the
  // client offers `session` (SSL_set_session; null offers none), before handshake().
  void offer_session(SSL_SESSION* session);
  // After handshake(): lets the client read what the server sent after its handshake (TLS 1.3
  // NewSessionTickets), then returns the client's session to offer next time (owned by the
  // caller: SSL_SESSION_free), null if it has none that can be resumed.
  [[nodiscard]] SSL_SESSION* take_session();
  // Whether both sides resumed.
  [[nodiscard]] bool resumed() const;

  // SSL_write of `data` at the client, then SSL_read at the server into `scratch` until the
  // BIO is empty; returns the number of plaintext bytes read.
  std::size_t send_to_server(std::span<const std::uint8_t> data, std::span<std::uint8_t> scratch);
  // The same from the server to the client.
  std::size_t send_to_client(std::span<const std::uint8_t> data, std::span<std::uint8_t> scratch);

  // Frees the memory BIOs (SSL_set_bio with none): what stays is the connections themselves.
  void detach_transport();
  // Frees the server side only.
  void free_server();

 private:
  SSL* client_ = nullptr;
  SSL* server_ = nullptr;
};

}  // namespace cpptls_bench
