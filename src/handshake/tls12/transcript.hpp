#pragma once
// The TLS 1.2 transcript: the running hash of handshake::TranscriptHash (Finished, the EMS
// session hash) and, only while a CertificateVerify may still have to be made or checked, the
// messages themselves. RFC 5246 7.4.8 signs "handshake_messages" with the hash of the scheme
// the signer chose, which need not be the suite's PRF hash, so the running hash cannot stand
// in for them. A handshake without client authentication never keeps them.

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/transcript.hpp"

namespace cpptls::hs12 {

class Transcript {
 public:
  // Keep every message added from now on (call before the first add()).
  void keep_messages() noexcept { keeping_ = true; }
  // Stop keeping them and release what was kept.
  void drop_messages() noexcept {
    keeping_ = false;
    Bytes().swap(messages_);
  }
  [[nodiscard]] bool keeps_messages() const noexcept { return keeping_; }
  // Every message added since keep_messages(), whole (header and body).
  [[nodiscard]] ByteView messages() const noexcept { return messages_; }

  void add(ByteView message) {
    hash_.add(message);
    if (keeping_) messages_.insert(messages_.end(), message.begin(), message.end());
  }
  [[nodiscard]] Expected<void> start(const crypto::Provider& provider,
                                     crypto::HashAlgorithm algorithm) {
    return hash_.start(provider, algorithm);
  }
  [[nodiscard]] const handshake::TranscriptHash& hash() const noexcept { return hash_; }

 private:
  handshake::TranscriptHash hash_;
  bool keeping_ = false;
  Bytes messages_;
};

}  // namespace cpptls::hs12
