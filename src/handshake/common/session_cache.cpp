#include "handshake/common/session_cache.hpp"

#include <algorithm>
#include <utility>

#include "base/constant_time.hpp"

namespace cpptls::handshake {

void SessionCache::store(ByteView session_id, ServerSessionState state) {
  if (capacity_ == 0 || session_id.empty()) return;
  state.lifetime = lifetime_;
  const std::lock_guard lock(mutex_);
  entries_.remove_if([&](const Entry& entry) { return constant_time_equal(entry.id, session_id); });
  entries_.push_front(Entry{Bytes(session_id.begin(), session_id.end()), std::move(state)});
  while (entries_.size() > capacity_)
    entries_.pop_back();
}

std::optional<ServerSessionState> SessionCache::find(ByteView session_id, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  const auto found = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
    return constant_time_equal(entry.id, session_id);
  });
  if (found == entries_.end()) return std::nullopt;
  if (found->state.expired(now)) {
    entries_.erase(found);
    return std::nullopt;
  }
  return found->state;
}

std::size_t SessionCache::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cpptls::handshake
