// Seals a fragment with one of the record protection states, optionally flips bits in the
// sealed record, and receives it through a Deframer (fed in two pieces) and the matching
// RecordOpener. Input layout:
//   byte 0     the state: plaintext, TLS 1.2 or TLS 1.3 with AES-128-GCM, AES-256-GCM or
//              ChaCha20-Poly1305 (value % 7)
//   byte 1     the content type: 20 + (value & 3), or the raw value when its top bit is set
//   byte 2     TLS 1.3 padding: (value & 0x7f), times 129 when the top bit is set
//   byte 3     the sequence number: 0, 1, 2^32 or 2^64 - 2 (value & 3)
//   bytes 4-5  where to tamper (modulo the record size); byte 6: the XOR mask (0: none)
//   byte 7     where to split the record between the two feeds (value / 256 of its size)
//   the rest   the fragment
//
// Invariants: seal() succeeds exactly when the fragment, type and padding are allowed and then
// writes max_record_size() bytes; an untouched record opens to the same type and bytes and
// advances both sequence numbers alike; a tampered protected record never opens (except a
// TLS 1.3 outer type turned into change_cipher_spec, which is handed up untouched by design).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "record/deframer.hpp"
#include "record/limits.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"

namespace {

using namespace cpptls;          // NOLINT(google-build-using-namespace)
using namespace cpptls::record;  // NOLINT(google-build-using-namespace)
using crypto::AeadAlgorithm;
using crypto::SuiteVersion;

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

constexpr std::size_t kHeaderBytes = 8;

struct Pair {
  RecordSealer sealer;
  RecordOpener opener;
  bool tls13 = false;
};

TrafficKeys keys_for(SuiteVersion version, AeadAlgorithm aead) {
  const std::size_t iv_size =
      version == SuiteVersion::tls13 || aead == AeadAlgorithm::chacha20_poly1305 ? 12 : 4;
  SecretBytes key(crypto::key_size(aead));
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>(0x30 + i);
  SecretBytes iv(iv_size);
  for (std::size_t i = 0; i < iv.size(); ++i)
    iv[i] = static_cast<std::uint8_t>(0xc0 + i);
  return TrafficKeys{aead, std::move(key), std::move(iv)};
}

Pair make_pair(SuiteVersion version, AeadAlgorithm aead) {
  const auto keys = keys_for(version, aead);
  auto sealer = RecordSealer::create(crypto::openssl::provider(), version, keys);
  auto opener = RecordOpener::create(crypto::openssl::provider(), version, keys);
  if (!sealer || !opener) std::abort();
  return Pair{std::move(*sealer), std::move(*opener), version == SuiteVersion::tls13};
}

std::array<Pair, 7>& pairs() {
  static std::array<Pair, 7> all = {
      Pair{RecordSealer(), RecordOpener(), false},
      make_pair(SuiteVersion::tls12, AeadAlgorithm::aes_128_gcm),
      make_pair(SuiteVersion::tls12, AeadAlgorithm::aes_256_gcm),
      make_pair(SuiteVersion::tls12, AeadAlgorithm::chacha20_poly1305),
      make_pair(SuiteVersion::tls13, AeadAlgorithm::aes_128_gcm),
      make_pair(SuiteVersion::tls13, AeadAlgorithm::aes_256_gcm),
      make_pair(SuiteVersion::tls13, AeadAlgorithm::chacha20_poly1305),
  };
  return all;
}

bool is_sendable(ContentType type) {
  return type == ContentType::change_cipher_spec || type == ContentType::alert ||
         type == ContentType::handshake || type == ContentType::application_data;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Bytes out(kMaxRecordSize + kMaxPlaintext);
  if (size < kHeaderBytes) return 0;
  Pair& pair = pairs()[data[0] % 7];
  const bool is_protected = pair.sealer.is_protected();
  const auto type = static_cast<ContentType>((data[1] & 0x80) != 0 ? data[1] : 20 + (data[1] & 3));
  const std::size_t padding = std::size_t{data[2] & 0x7fU} * ((data[2] & 0x80) != 0 ? 129 : 1);
  constexpr std::array<std::uint64_t, 4> kSequences = {
      0, 1, std::uint64_t{1} << 32, std::numeric_limits<std::uint64_t>::max() - 1};
  const std::uint64_t sequence = kSequences[data[3] & 3];
  const std::size_t tamper_at = (std::size_t{data[4]} << 8) | data[5];
  const std::uint8_t tamper_mask = data[6];
  const std::uint8_t split = data[7];
  const ByteView fragment(data + kHeaderBytes, size - kHeaderBytes);

  pair.sealer.set_sequence_for_testing(sequence);
  pair.opener.set_sequence_for_testing(sequence);

  // What seal() must accept (RFC 8446 5.1, 5.4; RFC 5246 6.2.1).
  const bool clear_ccs = pair.tls13 && type == ContentType::change_cipher_spec;
  bool allowed = is_sendable(type) && fragment.size() <= kMaxPlaintext &&
                 (!fragment.empty() || type == ContentType::application_data);
  if (allowed && pair.tls13 && !clear_ccs) {
    allowed = fragment.size() + 1 + padding <= kMaxTls13InnerPlaintext;
  }
  auto sealed = pair.sealer.seal(type, fragment, out, padding);
  FUZZ_CHECK(sealed.has_value() == allowed);
  if (!sealed) {
    FUZZ_CHECK(!sealed.error().reason().empty());
    FUZZ_CHECK(pair.sealer.sequence() == sequence);
    return 0;
  }
  const bool record_protected = is_protected && !clear_ccs;
  if (!clear_ccs) FUZZ_CHECK(*sealed == pair.sealer.max_record_size(fragment.size(), padding));
  FUZZ_CHECK(pair.sealer.sequence() == sequence + (record_protected ? 1 : 0));

  const MutableByteView record = MutableByteView(out).first(*sealed);
  const bool tampered = tamper_mask != 0;
  const std::size_t tamper_index = tamper_at % record.size();
  if (tampered) record[tamper_index] ^= tamper_mask;

  Deframer deframer;
  deframer.set_max_fragment(pair.opener.max_fragment());
  const std::size_t first = record.size() * split / 256;
  FUZZ_CHECK(deframer.feed(ByteView(record).first(first)) == first);
  auto early = deframer.next();
  if (early && *early) FUZZ_CHECK(tampered);  // a whole record cannot come from a part of one
  FUZZ_CHECK(deframer.feed(ByteView(record).subspan(first)) == record.size() - first || !early);

  std::optional<OpenedRecord> opened;
  auto received = early && *early ? std::move(early) : deframer.next();
  if (received && *received) {
    auto result = pair.opener.open((*received)->header, (*received)->fragment);
    if (result) {
      opened = *result;
    } else {
      FUZZ_CHECK(!result.error().reason().empty());
      FUZZ_CHECK(pair.opener.sequence() == sequence);  // a failure uses no sequence number
    }
  }

  if (!tampered) {
    FUZZ_CHECK(opened.has_value());
    FUZZ_CHECK(opened->type == type);
    FUZZ_CHECK(opened->plaintext.size() == fragment.size());
    FUZZ_CHECK(std::equal(fragment.begin(), fragment.end(), opened->plaintext.begin()));
    FUZZ_CHECK(pair.opener.sequence() == pair.sealer.sequence());
  } else if (record_protected && opened) {
    FUZZ_CHECK(pair.tls13 && tamper_index == 0 && opened->type == ContentType::change_cipher_spec);
  }
  return 0;
}
