#pragma once
// Session resumption handles (RFC 8446 2.2, RFC 5246 7.3): opaque, shareable between
// connections and threads.
//
//   ClientConfig::session_cache: where a client keeps the sessions (TLS 1.3 tickets) it may
//   resume, by server name; null: every handshake is a full one.
//   ServerConfig::sessions: the server's ticket keys and TLS 1.2 session cache, shared by all
//   its connections; null: no tickets are issued and nothing is resumed.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "cpptls/result.hpp"

namespace cpptls {

namespace crypto {
class Provider;
}  // namespace crypto
namespace detail {
struct SessionCacheData;
struct ServerSessionsData;
}  // namespace detail

class SessionCache {
 public:
  // At most `capacity` sessions, the least recently used evicted first.
  explicit SessionCache(std::size_t capacity = 64);
  ~SessionCache();
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;

  // Sessions held now.
  [[nodiscard]] std::size_t size() const;

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<detail::SessionCacheData>& data() const noexcept {
    return data_;
  }

 private:
  std::shared_ptr<detail::SessionCacheData> data_;
};

struct ServerSessionsOptions {
  // How long a ticket key seals new tickets before rotate_if_due replaces it; it then opens
  // tickets for one more interval and is forgotten. 1 s to 7 days.
  std::int64_t rotation_interval_seconds = 3600;
  // The lifetime announced in tickets (RFC 8446 4.6.1 ticket_lifetime, RFC 5077 3.3
  // ticket_lifetime_hint). Clamped to two rotation intervals, the most a ticket's key lives,
  // and to RFC 8446's 7 days.
  std::uint32_t ticket_lifetime_seconds = 7200;
  // TLS 1.2 session-id cache entries, the least recently used evicted first.
  std::size_t cache_capacity = 1024;
};

// Ticket keys rotate on the caller's clock: the library never reads one. A server calls
// rotate_if_due(now) before each handshake (or from a timer at least once per interval). Then
//
//   - a key seals tickets from its rotation for one interval (or until the first call after),
//     and opens them for one interval more: a ticket sealed just before a rotation still
//     opens until the next one;
//   - no key opens tickets more than two intervals after it was made: a call that finds the
//     current key older than two intervals drops both keys.
//
// So a ticket is honoured between one and two intervals, never beyond its ticket_lifetime
// (clamped to two intervals). The first call to rotate_if_due starts the clock: the key
// made by create counts as made then. A clock set back restarts the current interval.
//
// Thread-safe: every member may be called from any thread while connections use the keys.
class ServerSessions {
 public:
  // Fresh random ticket keys and an empty TLS 1.2 session cache of `cache_capacity` entries,
  // with the default rotation interval (1 h) and ticket lifetime (2 h).
  [[nodiscard]] static Result<std::shared_ptr<ServerSessions>> create(
      const crypto::Provider& provider, std::size_t cache_capacity = 1024);
  // The same with every option given; an interval out of range is refused.
  [[nodiscard]] static Result<std::shared_ptr<ServerSessions>> create(
      const crypto::Provider& provider, const ServerSessionsOptions& options);
  ~ServerSessions();
  ServerSessions(const ServerSessions&) = delete;
  ServerSessions& operator=(const ServerSessions&) = delete;

  // Rotates the ticket keys when the current one has sealed for rotation_interval_seconds
  // by `now_unix_seconds` (the caller's clock); whether it did.
  [[nodiscard]] Result<bool> rotate_if_due(std::int64_t now_unix_seconds);

  // A new ticket key now, whatever its age; tickets sealed by the one before still open until
  // the next rotation. (The interval of rotate_if_due is not restarted.)
  [[nodiscard]] Result<void> rotate_ticket_keys();

  // The ticket lifetime announced, after clamping.
  [[nodiscard]] std::uint32_t ticket_lifetime_seconds() const noexcept;
  // TLS 1.2 sessions held now in the session-id cache (expired ones included until evicted).
  [[nodiscard]] std::size_t cached_sessions() const;

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<detail::ServerSessionsData>& data() const noexcept {
    return data_;
  }

 private:
  explicit ServerSessions(std::shared_ptr<detail::ServerSessionsData> data) noexcept;
  std::shared_ptr<detail::ServerSessionsData> data_;
};

}  // namespace cpptls
