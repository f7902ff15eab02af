#pragma once
// Session resumption handles (RFC 8446 2.2, RFC 5246 7.3): opaque, shareable between
// connections and threads.
//
//   ClientConfig::session_cache: where a client keeps the sessions (TLS 1.3 tickets) it may
//   resume, by server name; null: every handshake is a full one.
//   ServerConfig::sessions: the server's ticket keys and TLS 1.2 session cache, shared by all
//   its connections; null: no tickets are issued and nothing is resumed.

#include <cstddef>
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

class ServerSessions {
 public:
  // Fresh random ticket keys and an empty TLS 1.2 session cache of `cache_capacity` entries.
  [[nodiscard]] static Result<std::shared_ptr<ServerSessions>> create(
      const crypto::Provider& provider, std::size_t cache_capacity = 1024);
  ~ServerSessions();
  ServerSessions(const ServerSessions&) = delete;
  ServerSessions& operator=(const ServerSessions&) = delete;

  // A new ticket key; tickets sealed by the one before still open until the next rotation.
  [[nodiscard]] Result<void> rotate_ticket_keys();

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<detail::ServerSessionsData>& data() const noexcept {
    return data_;
  }

 private:
  explicit ServerSessions(std::shared_ptr<detail::ServerSessionsData> data) noexcept;
  std::shared_ptr<detail::ServerSessionsData> data_;
};

}  // namespace cpptls
