#include "handshake/common/transcript.hpp"

#include <utility>

namespace cpptls::handshake {

void TranscriptHash::add(ByteView message) {
  if (hash_ != nullptr) {
    hash_->update(message);
    return;
  }
  buffer_.insert(buffer_.end(), message.begin(), message.end());
}

Expected<void> TranscriptHash::start(const crypto::Provider& provider,
                                     crypto::HashAlgorithm algorithm) {
  if (hash_ != nullptr) return internal_failure("the transcript hash was chosen twice");
  auto hash = provider.hash(algorithm);
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  hash_ = std::move(*hash);
  hash_->update(buffer_);
  Bytes().swap(buffer_);
  return {};
}

Expected<Digest> TranscriptHash::digest() const {
  if (hash_ == nullptr)
    return internal_failure("the transcript hash was read before it was chosen");
  auto copy = hash_->clone();
  if (!copy) return Unexpected<Error>(std::move(copy.error()));
  Digest out;
  out.size = crypto::digest_size(hash_->algorithm());
  if (auto done = (*copy)->finish(MutableByteView(out.bytes.data(), out.size)); !done)
    return Unexpected<Error>(std::move(done.error()));
  return out;
}

}  // namespace cpptls::handshake
