#pragma once
// A TLS connection that does no I/O of its own (sans-I/O): the caller moves the bytes.
//
//   auto client = cpptls::ClientConnection::create(config);   // the ClientHello is pending
//   while (true) {
//     send_all(socket, client->pending_tls());                // bytes for the peer
//     client->consume_tls(client->pending_tls().size());
//     if (client->io_state().handshake_complete) break;
//     auto received = receive(socket);
//     auto taken = client->read_tls(received);                // offer the rest again later
//     if (!taken) return fail(taken.error());                 // its alert is now pending
//   }
//   client->write(request);  ...  client->read(buffer);  ...  client->close();
//
// Every error is final: the connection queues the alert that tells the peer why (send
// pending_tls() before closing the socket) and returns the same error from then on. API
// misuse (writing before the handshake completes or after close) is refused without ending
// the connection.
//
// Memory: a connection at rest holds its keys and little else; call release_buffers() before
// waiting a long time for the peer.
//
// Thread-safety: a connection is not synchronised: use it from one thread at a time (moving
// it between threads is fine). Distinct connections are independent and may share a
// configuration, a SessionCache and a ServerSessions from any threads (session.hpp).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/config.hpp"
#include "cpptls/result.hpp"

namespace cpptls {

// What the caller should do next.
struct IoState {
  std::size_t tls_bytes_to_write = 0;  // pending_tls().size(): send them
  // Plaintext that read() returns now; more may follow from records already received.
  std::size_t plaintext_bytes_to_read = 0;
  bool handshake_complete = false;
  // The peer sent close_notify: no more data will come (read() returns 0).
  bool peer_closed = false;
  bool close_sent = false;  // our close_notify is queued
  // Nothing more happens without bytes from the peer.
  bool wants_read = false;
  bool failed = false;  // error() holds the connection's error
};

// What the handshake established.
struct SessionInfo {
  std::string version;       // "TLSv1.2"
  std::string cipher_suite;  // IANA name
  std::uint16_t cipher_suite_id = 0;
  // "x25519"; empty for RSA key transport. A TLS 1.2 resumption reports the group of the
  // handshake that made the session (its master secret came from that key exchange).
  std::string group;
  bool extended_master_secret = false;
  bool resumed = false;
  // How: with a ticket (RFC 5077; every TLS 1.3 resumption), not a TLS 1.2 session id that
  // the server kept in its cache (RFC 5246 7.3).
  bool resumed_by_ticket = false;
  std::string alpn;         // empty: none negotiated
  std::string server_name;  // SNI sent (client) or received (server); may be empty
  // The peer's certificate: its subject in RFC 4514 form ("CN=localhost"), empty when it sent
  // none; and whether a path from it to a trust anchor was verified.
  std::string peer_subject;
  bool peer_verified = false;
  // The peer's chain as it sent it: DER, leaf first; empty when it sent none. A resumed
  // session shows the chain of the handshake that established it (a server keeps a client's
  // chain only when it asks for client certificates).
  std::vector<std::vector<std::uint8_t>> peer_chain;
  // The scheme the peer signed this handshake with (its CertificateVerify, or a TLS 1.2
  // server's ServerKeyExchange): IANA name ("rsa_pss_rsae_sha256") and code point. Empty and 0
  // when it signed nothing here: a resumption, RSA key transport, a client without a
  // certificate.
  std::string peer_signature_scheme;
  std::uint16_t peer_signature_scheme_id = 0;
  // TLS 1.3: the server asked for a second ClientHello (HelloRetryRequest, RFC 8446 4.1.4).
  bool hello_retry_request = false;
  // TLS 1.2: the "tls-unique" channel binding of RFC 5929 3.1, the verify_data of the
  // handshake's first Finished (12 bytes), the same on both peers; empty in TLS 1.3, for which
  // RFC 5929 does not define it (use export_keying_material, RFC 9266). Unique per connection
  // only with the extended master secret (RFC 7627), which our resumptions require.
  std::vector<std::uint8_t> tls_unique;
  // Client with request_ocsp_stapling: the OCSP response (DER, RFC 6960) the server stapled,
  // as received; empty when it stapled none. NOT VALIDATED by the library: check its
  // signature, producedAt/nextUpdate and certStatus yourself before relying on it. A resumed
  // session shows the response stapled when the session was made.
  std::vector<std::uint8_t> ocsp_response;
};

class Connection {
 public:
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection();

  // Takes bytes received from the peer and processes every whole record among them; returns
  // how many it took. Offer the rest again after reading the plaintext: it takes no more
  // while plaintext is waiting. After the peer's close_notify it takes (and ignores)
  // everything.
  [[nodiscard]] Result<std::size_t> read_tls(std::span<const std::uint8_t> data);

  // Bytes to send to the peer; consume_tls(n) once n of them were sent.
  [[nodiscard]] std::span<const std::uint8_t> pending_tls() const noexcept;
  void consume_tls(std::size_t count) noexcept;

  // Encrypts application data into pending_tls() (records of at most 16 KiB) and returns
  // data.size(). Only after the handshake has completed and before close(). Under TLS 1.2
  // also only before the peer's close_notify, which ends the connection: the connection
  // answers it with its own at once (RFC 5246 7.2.1). TLS 1.3 is half-closed instead: after the
  // peer's close_notify you may still write, then close() (RFC 8446 6.1).
  [[nodiscard]] Result<std::size_t> write(std::span<const std::uint8_t> data);
  [[nodiscard]] Result<std::size_t> write(std::string_view text);

  // Copies received plaintext into `out`; returns how many bytes, 0 when none is ready now
  // (io_state().peer_closed says whether any ever will be).
  [[nodiscard]] Result<std::size_t> read(std::span<std::uint8_t> out);

  // Queues close_notify (RFC 5246 7.2.1, RFC 8446 6.1); later writes are refused. Keep reading
  // until the peer's close_notify to know that it received everything.
  [[nodiscard]] Result<void> close();
  // TLS 1.3 only (RFC 8446 4.6.3): replaces the write key now (a KeyUpdate message), and with
  // request_peer_update asks the peer to replace its own. write() already does this before a
  // key reaches its usage limit; this is for applications with their own key-age policy.
  [[nodiscard]] Result<void> key_update(bool request_peer_update = false);

  // Keying material for a protocol bound to this connection (RFC 5705; TLS 1.3: RFC 8446
  // 7.5): fills `out` with bytes derived from the connection's secrets, `label` (by RFC 5705 4,
  // registered or starting with "EXPORTER") and `context`. Both peers get the same bytes for
  // the same arguments; nobody else can compute them. An absent context (std::nullopt) and an
  // empty one give different bytes in TLS 1.2 (RFC 5705 4) and the same in TLS 1.3.
  // Refused with api_misuse, the connection going on: before the handshake has completed; a
  // TLS 1.2 connection without the extended master secret (RFC 7627: its master secret may
  // be shared with another connection, and so would the exported keys); the labels TLS itself
  // uses ("client finished", "server finished", "master secret", "key expansion", "extended
  // master secret"); more than 255 hash lengths of output (8160 bytes with SHA-256); a TLS 1.3
  // label over 249 bytes; a TLS 1.2 context over 65535 bytes. After a failure: its error.
  [[nodiscard]] Result<void> export_keying_material(
      std::span<std::uint8_t> out, std::string_view label,
      std::optional<std::span<const std::uint8_t>> context) const;

  // Frees the buffers that hold nothing now (for a connection about to sit idle).
  void release_buffers() noexcept;

  [[nodiscard]] IoState io_state() const noexcept;
  [[nodiscard]] bool is_handshake_complete() const noexcept;
  // Set once the handshake has completed.
  [[nodiscard]] const SessionInfo* session() const noexcept;
  // The connection's error, once it has failed.
  [[nodiscard]] std::optional<TlsError> error() const;
  // The handshake state ("ExpectServerHello", "Connected"), for logs.
  [[nodiscard]] std::string_view state_name() const noexcept;
  [[nodiscard]] bool is_client() const noexcept;

  struct Impl;  // the library's own

 protected:
  explicit Connection(std::unique_ptr<Impl> impl) noexcept;

 private:
  std::unique_ptr<Impl> impl_;
};

class ClientConnection final : public Connection {
 public:
  // Checks the configuration and starts the handshake: the ClientHello is pending when this
  // returns.
  [[nodiscard]] static Result<ClientConnection> create(const ClientConfig& config);

 private:
  using Connection::Connection;
};

class ServerConnection final : public Connection {
 public:
  // Checks the configuration; the server then waits for the client's hello.
  [[nodiscard]] static Result<ServerConnection> create(const ServerConfig& config);

 private:
  using Connection::Connection;
};

}  // namespace cpptls
