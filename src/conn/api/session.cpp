// The public session handles over the handshake's InMemorySessionStore, TicketKeys and
// SessionCache.
#include "cpptls/session.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "conn/api/convert.hpp"
#include "conn/api/session_data.hpp"
#include "wire/messages/new_session_ticket.hpp"

namespace cpptls {
namespace {

constexpr std::int64_t kMaxRotationInterval = 7 * 86400;

}  // namespace

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
  ServerSessionsOptions options;
  options.cache_capacity = cache_capacity;
  return create(provider, options);
}

Result<std::shared_ptr<ServerSessions>> ServerSessions::create(
    const crypto::Provider& provider, const ServerSessionsOptions& options) {
  if (options.rotation_interval_seconds < 1 ||
      options.rotation_interval_seconds > kMaxRotationInterval) {
    return api::config_error("ticket key rotation interval " +
                             std::to_string(options.rotation_interval_seconds) +
                             " s is outside 1.." + std::to_string(kMaxRotationInterval));
  }
  auto keys = handshake::TicketKeys::create(provider);
  if (!keys) return api::to_public(keys.error());
  auto data = std::make_shared<detail::ServerSessionsData>();
  data->ticket_keys = std::move(*keys);
  data->session_cache = std::make_shared<handshake::SessionCache>(options.cache_capacity);
  data->rotation_interval = options.rotation_interval_seconds;
  // A key opens tickets at most two intervals after it was made: promising more would only
  // make clients offer tickets that fail (RFC 8446 4.6.1 caps the lifetime at 7 days).
  const std::int64_t longest =
      std::min<std::int64_t>(2 * options.rotation_interval_seconds, wire::kMaxTicketLifetime);
  data->ticket_lifetime =
      static_cast<std::uint32_t>(std::min<std::int64_t>(options.ticket_lifetime_seconds, longest));
  return std::shared_ptr<ServerSessions>(new ServerSessions(std::move(data)));
}

Result<bool> ServerSessions::rotate_if_due(std::int64_t now_unix_seconds) {
  detail::ServerSessionsData& data = *data_;
  const std::lock_guard lock(data.rotation_mutex);
  if (!data.key_made_at || now_unix_seconds < *data.key_made_at) {
    data.key_made_at = now_unix_seconds;  // the first call, or a clock set back
    return false;
  }
  // Unsigned: the difference of two int64 values with now >= made_at always fits.
  const std::uint64_t age =
      static_cast<std::uint64_t>(now_unix_seconds) - static_cast<std::uint64_t>(*data.key_made_at);
  const auto interval = static_cast<std::uint64_t>(data.rotation_interval);
  if (age < interval) return false;
  // Two intervals or more: the current key is too old even to stay as the previous one, so
  // it goes too (a second rotation replaces it by a key that never sealed anything).
  const int rotations = age >= 2 * interval ? 2 : 1;
  for (int i = 0; i < rotations; ++i) {
    if (auto rotated = data.ticket_keys->rotate(); !rotated) {
      return api::to_public(rotated.error());
    }
  }
  data.key_made_at = now_unix_seconds;
  return true;
}

Result<void> ServerSessions::rotate_ticket_keys() {
  if (auto rotated = data_->ticket_keys->rotate(); !rotated) return api::to_public(rotated.error());
  return {};
}

std::size_t ServerSessions::cached_sessions() const {
  return data_->session_cache->size();
}

std::uint32_t ServerSessions::ticket_lifetime_seconds() const noexcept {
  return data_->ticket_lifetime;
}

}  // namespace cpptls
