// The public session handles over the handshake's InMemorySessionStore, TicketKeys and
// SessionCache.
#include "cpptls/session.hpp"

#include <utility>

#include "conn/api/convert.hpp"
#include "conn/api/session_data.hpp"

namespace cpptls {

SessionCache::SessionCache(std::size_t capacity)
    : data_(std::make_shared<detail::SessionCacheData>(
          detail::SessionCacheData{std::make_shared<handshake::InMemorySessionStore>(capacity)})) {}

SessionCache::~SessionCache() = default;

std::size_t SessionCache::size() const {
  return data_->store->size();
}

ServerSessions::ServerSessions(std::shared_ptr<detail::ServerSessionsData> data) noexcept
    : data_(std::move(data)) {}

ServerSessions::~ServerSessions() = default;

Result<std::shared_ptr<ServerSessions>> ServerSessions::create(const crypto::Provider& provider,
                                                               std::size_t cache_capacity) {
  auto keys = handshake::TicketKeys::create(provider);
  if (!keys) return api::to_public(keys.error());
  auto data = std::make_shared<detail::ServerSessionsData>(detail::ServerSessionsData{
      std::move(*keys), std::make_shared<handshake::SessionCache>(cache_capacity)});
  return std::shared_ptr<ServerSessions>(new ServerSessions(std::move(data)));
}

Result<void> ServerSessions::rotate_ticket_keys() {
  if (auto rotated = data_->ticket_keys->rotate(); !rotated) return api::to_public(rotated.error());
  return {};
}

}  // namespace cpptls
