#pragma once
// What the public session handles (cpptls/session.hpp) hold.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "handshake/common/session.hpp"
#include "handshake/common/session_cache.hpp"
#include "handshake/common/ticket_keys.hpp"

namespace cpptls::detail {

struct SessionCacheData {
  std::shared_ptr<handshake::InMemorySessionStore> store;
};

struct ServerSessionsData {
  std::shared_ptr<handshake::TicketKeys> ticket_keys;
  std::shared_ptr<handshake::SessionCache> session_cache;
  std::uint32_t ticket_lifetime = 7200;  // clamped (cpptls/session.hpp)
  std::int64_t rotation_interval = 3600;

  // rotate_if_due's clock: when the current key began sealing, by the caller's time; none
  // before the first call.
  std::mutex rotation_mutex;
  std::optional<std::int64_t> key_made_at;
};

}  // namespace cpptls::detail
