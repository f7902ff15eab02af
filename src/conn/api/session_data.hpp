#pragma once
// What the public session handles (cpptls/session.hpp) hold.

#include <memory>

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
};

}  // namespace cpptls::detail
