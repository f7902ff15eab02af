#include "handshake/common/ticket_keys.hpp"

#include <algorithm>
#include <utility>

#include "base/constant_time.hpp"
#include "crypto/algorithms.hpp"

namespace cpptls::handshake {
namespace {

constexpr std::size_t kHeaderSize = TicketKeys::kKeyNameSize + crypto::kAeadNonceSize;

}  // namespace

Expected<std::shared_ptr<TicketKeys>> TicketKeys::create(const crypto::Provider& provider) {
  std::shared_ptr<TicketKeys> keys(new TicketKeys(provider));
  auto first = keys->make_key();
  if (!first) return Unexpected<Error>(std::move(first.error()));
  keys->current_ = std::move(*first);
  return keys;
}

Expected<TicketKeys::Key> TicketKeys::make_key() const {
  Key key;
  if (auto drawn = provider_->random(key.name); !drawn)
    return Unexpected<Error>(std::move(drawn.error()));
  SecretBytes secret(kKeySize);
  if (auto drawn = provider_->random(secret); !drawn)
    return Unexpected<Error>(std::move(drawn.error()));
  auto aead = provider_->aead(crypto::AeadAlgorithm::aes_256_gcm, secret);
  if (!aead) return Unexpected<Error>(std::move(aead.error()));
  key.aead = std::move(*aead);
  return key;
}

Expected<void> TicketKeys::rotate() {
  auto fresh = make_key();
  if (!fresh) return Unexpected<Error>(std::move(fresh.error()));
  const std::lock_guard lock(mutex_);
  previous_ = std::move(current_);
  current_ = std::move(*fresh);
  return {};
}

Expected<Bytes> TicketKeys::seal(ByteView plaintext) const {
  Bytes ticket(kHeaderSize + plaintext.size() + crypto::kAeadTagSize);
  const MutableByteView out(ticket);
  const MutableByteView nonce = out.subspan(kKeyNameSize, crypto::kAeadNonceSize);
  if (auto drawn = provider_->random(nonce); !drawn)
    return Unexpected<Error>(std::move(drawn.error()));
  const std::lock_guard lock(mutex_);
  std::copy(current_.name.begin(), current_.name.end(), ticket.begin());
  const ByteView name = ByteView(ticket).first(kKeyNameSize);
  if (auto sealed = current_.aead->seal(nonce, name, plaintext, {},
                                        out.subspan(kHeaderSize, plaintext.size()),
                                        out.last(crypto::kAeadTagSize));
      !sealed) {
    return Unexpected<Error>(std::move(sealed.error()));
  }
  return ticket;
}

std::optional<SecretBytes> TicketKeys::open(ByteView ticket) const {
  if (ticket.size() < kHeaderSize + crypto::kAeadTagSize) return std::nullopt;
  const ByteView name = ticket.first(kKeyNameSize);
  const ByteView nonce = ticket.subspan(kKeyNameSize, crypto::kAeadNonceSize);
  const ByteView tag = ticket.last(crypto::kAeadTagSize);
  SecretBytes plaintext(ticket.begin() + kHeaderSize, ticket.end() - crypto::kAeadTagSize);

  const std::lock_guard lock(mutex_);
  const Key* key = nullptr;
  if (constant_time_equal(name, current_.name))
    key = &current_;
  else if (previous_ && constant_time_equal(name, previous_->name))
    key = &*previous_;
  if (key == nullptr) return std::nullopt;
  if (!key->aead->open(nonce, name, plaintext, tag)) return std::nullopt;
  return plaintext;
}

}  // namespace cpptls::handshake
