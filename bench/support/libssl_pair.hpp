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

class LibsslContexts {
 public:
  // `release_buffers` sets SSL_MODE_RELEASE_BUFFERS on both sides (buffers freed while idle).
  explicit LibsslContexts(const Scenario& scenario, bool release_buffers = false);
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
