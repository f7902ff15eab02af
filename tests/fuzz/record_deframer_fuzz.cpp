// Feeds arbitrary bytes to the record Deframer in chunks and opens every record it yields with
// a plaintext opener and fixed TLS 1.2 (AES-128-GCM) and TLS 1.3 (ChaCha20-Poly1305) keys
// through the real provider. Input layout:
//   byte 0     the chunk size: 1..128 for values below 128, then steps of 150 bytes up to a
//              whole record and more
//   the rest   the byte stream from the peer
// The seeds hold records sealed under the fixed keys (tests/fuzz/seeds/record_deframer/), so
// the paths after a successful decryption (padding removal, inner type checks) are reached.
//
// Invariants: feed() never takes more than it is given, and takes something whenever the
// buffer has room (so every round makes progress); a record's fragment has header.length bytes and
// that length respects the deframer's limit; an error is sticky (next() keeps failing the same way
// and feed() takes nothing); an opened record's plaintext lies inside its fragment and holds at
// most 2^14 bytes; every failure carries a non-empty reason.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "record/deframer.hpp"
#include "record/limits.hpp"
#include "record/opener.hpp"

namespace {

using namespace cpptls;          // NOLINT(google-build-using-namespace)
using namespace cpptls::record;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

SecretBytes filled(std::size_t size, std::uint8_t first) {
  SecretBytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

RecordOpener make_opener(crypto::SuiteVersion version, crypto::AeadAlgorithm aead,
                         std::size_t key_size, std::size_t iv_size) {
  auto opener =
      RecordOpener::create(crypto::openssl::provider(), version,
                           TrafficKeys{aead, filled(key_size, 0x10), filled(iv_size, 0xa0)});
  if (!opener) {
    std::fprintf(stderr, "cannot make an opener: %s\n", opener.error().to_string().c_str());
    std::abort();
  }
  return std::move(*opener);
}

struct Openers {
  RecordOpener plaintext;
  RecordOpener tls12 =
      make_opener(crypto::SuiteVersion::tls12, crypto::AeadAlgorithm::aes_128_gcm, 16, 4);
  RecordOpener tls13 =
      make_opener(crypto::SuiteVersion::tls13, crypto::AeadAlgorithm::chacha20_poly1305, 32, 12);
};

std::size_t chunk_size(std::uint8_t selector) {
  if (selector < 128) return std::size_t{1} + selector;
  return std::size_t{1} + std::size_t{selector - 127U} * 150;
}

void check_opened(const Expected<OpenedRecord>& opened, ByteView fragment) {
  if (!opened) {
    FUZZ_CHECK(!opened.error().reason().empty());
    return;
  }
  const auto plaintext = opened->plaintext;
  FUZZ_CHECK(plaintext.size() <= kMaxPlaintext);
  FUZZ_CHECK(plaintext.empty() ||
             (plaintext.data() >= fragment.data() &&
              plaintext.data() + plaintext.size() <= fragment.data() + fragment.size()));
}

void open_with(RecordOpener& opener, const RecordHeader& header, ByteView fragment,
               Bytes& scratch) {
  scratch.assign(fragment.begin(), fragment.end());  // each opener decrypts its own copy
  check_opened(opener.open(header, scratch), scratch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Openers openers;
  static Bytes scratch;
  if (size == 0) return 0;
  openers.tls12.set_sequence_for_testing(0);
  openers.tls13.set_sequence_for_testing(0);

  const std::size_t chunk = chunk_size(data[0]);
  ByteView input(data + 1, size - 1);
  Deframer deframer;
  deframer.set_max_fragment(kMaxTls12Ciphertext);  // the widest limit: every opener gets a try

  bool failed = false;
  while (!input.empty() && !failed) {
    const ByteView piece = input.first(std::min(chunk, input.size()));
    const std::size_t buffered = deframer.buffered();
    const std::size_t taken = deframer.feed(piece);
    FUZZ_CHECK(taken <= piece.size());
    // With room in the buffer the deframer must take bytes.
    FUZZ_CHECK(taken > 0 || buffered == kMaxRecordSize);
    input = input.subspan(taken);
    bool progressed = taken > 0;
    while (true) {
      auto record = deframer.next();
      if (!record) {
        FUZZ_CHECK(!record.error().reason().empty());
        auto again = deframer.next();  // sticky
        FUZZ_CHECK(!again && again.error().code() == record.error().code() &&
                   again.error().reason() == record.error().reason());
        FUZZ_CHECK(deframer.feed(piece) == 0);
        failed = true;
        break;
      }
      if (!*record) break;
      progressed = true;
      const auto& [header, fragment] = **record;
      FUZZ_CHECK(fragment.size() == header.length);
      FUZZ_CHECK(header.length <= deframer.max_fragment());
      open_with(openers.plaintext, header, fragment, scratch);
      open_with(openers.tls12, header, fragment, scratch);
      check_opened(openers.tls13.open(header, fragment), fragment);  // in place, as in use
    }
    // A full buffer holds a whole record, so every round takes bytes or yields something.
    FUZZ_CHECK(failed || progressed);
  }
  if (!failed && deframer.buffered() == 0) FUZZ_CHECK(deframer.release_storage());
  return 0;
}
