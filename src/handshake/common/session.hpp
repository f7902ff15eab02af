#pragma once
// What a client keeps of an established session to resume it later (RFC 8446 2.2 and 4.6.1,
// RFC 5246 7.3, RFC 5077), and the store it keeps sessions in.
//
// A TLS 1.3 session is a ticket and the PSK derived for it; the store hands it out once
// (RFC 8446 C.4: "Clients SHOULD NOT reuse a ticket for multiple connections"). A TLS 1.2
// session (a session id and/or a ticket with its master secret) may be offered again.

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"
#include "handshake/common/authentication.hpp"
#include "wire/enums.hpp"
#include "x509/certificate.hpp"

namespace cpptls::handshake {

struct StoredSession {
  wire::ProtocolVersion version = wire::ProtocolVersion::tls13;
  crypto::CipherSuite cipher_suite = crypto::CipherSuite::TLS_AES_128_GCM_SHA256;
  // TLS 1.3: the ticket's PSK (resumption_psk of its nonce). TLS 1.2: the master secret.
  SecretBytes secret;
  Bytes ticket;      // TLS 1.3: the PSK identity; TLS 1.2: an RFC 5077 ticket (may be empty)
  Bytes session_id;  // TLS 1.2 only (may be empty)
  std::uint32_t ticket_age_add = 0;     // TLS 1.3 (RFC 8446 4.6.1)
  std::uint32_t lifetime = 0;           // seconds; 0 for a TLS 1.2 session id without a hint
  std::int64_t received_at = 0;         // provider->now() when it was stored
  bool extended_master_secret = false;  // TLS 1.2 (RFC 7627 5.3)
  // TLS 1.2: the key exchange the master secret came from (none for RSA key transport); a
  // resumption reports it.
  std::optional<crypto::NamedGroup> group;
  // What the session was made for, and with whom: a resumed session's summary shows them.
  std::string server_name;
  std::string alpn;
  std::vector<x509::ParsedCertificate> peer_certificates;
  bool peer_verified = false;
  Bytes ocsp_response;  // stapled by the server in the handshake that made the session
  // The policy the server was authenticated under (ServerAuthPolicy::authorize compares it).
  ServerAuthRecord server_auth;

  // A TLS 1.3 ticket past its lifetime (RFC 8446 4.6.1); a TLS 1.2 session after
  // kMaxSession12Age (or its ticket's hint, when shorter).
  [[nodiscard]] bool expired(std::int64_t now) const noexcept;
};

// RFC 5246 F.1.4 suggests an upper limit of 24 hours for session ids; we keep 2 hours, the
// server cache's default.
inline constexpr std::int64_t kMaxSession12Age = 7200;

// Where a client keeps sessions, by ServerAuthPolicy::session_key. Implementations are thread-safe:
// one store may serve many connections at once.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual void store(const std::string& key, StoredSession session) = 0;
  // The most recently stored session for `key`. A TLS 1.3 session is removed (single use); a
  // TLS 1.2 one stays.
  [[nodiscard]] virtual std::optional<StoredSession> take(const std::string& key) = 0;
};

// The default store: at most `capacity` sessions in all, the least recently used evicted
// first.
class InMemorySessionStore final : public SessionStore {
 public:
  static constexpr std::size_t kDefaultCapacity = 64;
  explicit InMemorySessionStore(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  void store(const std::string& key, StoredSession session) override;
  [[nodiscard]] std::optional<StoredSession> take(const std::string& key) override;
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    StoredSession session;
  };
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
};

}  // namespace cpptls::handshake
