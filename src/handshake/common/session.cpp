#include "handshake/common/session.hpp"

#include <algorithm>
#include <utility>

namespace cpptls::handshake {

bool StoredSession::expired(std::int64_t now) const noexcept {
  const std::int64_t age = now - received_at;
  if (age < 0) return true;  // a clock that went back: do not trust the session's age
  if (version == wire::ProtocolVersion::tls13) return age >= lifetime;
  const std::int64_t limit =
      lifetime != 0 ? std::min<std::int64_t>(lifetime, kMaxSession12Age) : kMaxSession12Age;
  return age >= limit;
}

void InMemorySessionStore::store(const std::string& key, StoredSession session) {
  if (capacity_ == 0) return;
  const std::lock_guard lock(mutex_);
  if (session.version == wire::ProtocolVersion::tls12) {
    // One TLS 1.2 session per server: the new one replaces the old.
    entries_.remove_if([&](const Entry& entry) {
      return entry.key == key && entry.session.version == wire::ProtocolVersion::tls12;
    });
  }
  entries_.push_front(Entry{key, std::move(session)});
  while (entries_.size() > capacity_)
    entries_.pop_back();
}

std::optional<StoredSession> InMemorySessionStore::take(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto found = std::find_if(entries_.begin(), entries_.end(),
                                  [&](const Entry& entry) { return entry.key == key; });
  if (found == entries_.end()) return std::nullopt;
  if (found->session.version == wire::ProtocolVersion::tls13) {
    // RFC 8446 C.4: a ticket is used once.
    StoredSession session = std::move(found->session);
    entries_.erase(found);
    return session;
  }
  entries_.splice(entries_.begin(), entries_, found);  // most recently used
  return entries_.front().session;
}

std::size_t InMemorySessionStore::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cpptls::handshake
