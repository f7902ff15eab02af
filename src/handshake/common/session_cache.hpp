#pragma once
// The TLS 1.2 server's session cache (RFC 5246 7.3, F.1.4): session id -> the session's state,
// at most `capacity` entries (the oldest evicted first) for at most `lifetime` seconds each.
// Thread-safe: one cache serves every connection of a server.

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>

#include "base/bytes.hpp"
#include "handshake/common/session_ticket.hpp"

namespace cpptls::handshake {

class SessionCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 1024;
  static constexpr std::uint32_t kDefaultLifetime = 7200;  // seconds

  explicit SessionCache(std::size_t capacity = kDefaultCapacity,
                        std::uint32_t lifetime = kDefaultLifetime)
      : capacity_(capacity), lifetime_(lifetime) {}

  [[nodiscard]] std::uint32_t lifetime() const noexcept { return lifetime_; }
  // `state.created` is when the session was made; its lifetime is set to the cache's.
  void store(ByteView session_id, ServerSessionState state);
  // The state for `session_id` if present and not expired at `now`.
  [[nodiscard]] std::optional<ServerSessionState> find(ByteView session_id, std::int64_t now);
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    Bytes id;
    ServerSessionState state;
  };
  std::size_t capacity_;
  std::uint32_t lifetime_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // newest first
};

}  // namespace cpptls::handshake
