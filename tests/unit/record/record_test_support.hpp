#pragma once
// Helpers shared by the record layer tests: keys, sealer/opener pairs over the real provider,
// and raw AEAD sealing with hand-built nonces and additional data (independent of the code
// under test, so that layout mistakes cannot cancel out).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/hex.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "record/header.hpp"
#include "record/limits.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "wire/reader.hpp"

namespace cpptls::record::test {

using crypto::AeadAlgorithm;
using crypto::SuiteVersion;

inline const crypto::Provider& provider() {
  return crypto::openssl::provider();
}

inline Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

inline Bytes pattern(std::size_t size, std::uint8_t seed = 1) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<std::uint8_t>(seed + i * 7);
  return out;
}

inline std::size_t iv_size(SuiteVersion version, AeadAlgorithm aead) {
  if (version == SuiteVersion::tls13) return 12;
  return aead == AeadAlgorithm::chacha20_poly1305 ? 12 : 4;
}

inline TrafficKeys make_keys(SuiteVersion version, AeadAlgorithm aead, std::uint8_t seed = 0x40) {
  const Bytes key = pattern(crypto::key_size(aead), seed);
  const Bytes iv = pattern(iv_size(version, aead), static_cast<std::uint8_t>(seed + 0x80));
  return TrafficKeys{aead, to_secret(key), to_secret(iv)};
}

inline RecordSealer make_sealer(SuiteVersion version, AeadAlgorithm aead,
                                std::uint8_t seed = 0x40) {
  auto sealer = RecordSealer::create(provider(), version, make_keys(version, aead, seed));
  EXPECT_TRUE(sealer.has_value()) << sealer.error().to_string();
  return std::move(*sealer);
}

inline RecordOpener make_opener(SuiteVersion version, AeadAlgorithm aead,
                                std::uint8_t seed = 0x40) {
  auto opener = RecordOpener::create(provider(), version, make_keys(version, aead, seed));
  EXPECT_TRUE(opener.has_value()) << opener.error().to_string();
  return std::move(*opener);
}

inline Bytes seal_one(RecordSealer& sealer, ContentType type, ByteView fragment,
                      std::size_t padding = 0) {
  Bytes out(sealer.max_record_size(fragment.size(), padding));
  auto size = sealer.seal(type, fragment, out, padding);
  EXPECT_TRUE(size.has_value()) << size.error().to_string();
  out.resize(size.value_or(0));
  return out;
}

// Opens a whole record (header and body) held in `record`, in place.
inline Expected<OpenedRecord> open_whole(RecordOpener& opener, Bytes& record) {
  wire::Reader reader(record);
  auto header = RecordHeader::decode(reader, kMaxTls12Ciphertext);
  if (!header) return Unexpected<Error>(header.error());
  return opener.open(*header, MutableByteView(record).subspan(kHeaderSize));
}

inline Bytes bytes_of(ByteView view) {
  return Bytes(view.begin(), view.end());
}

inline Bytes big_endian(std::uint64_t value, std::size_t width) {
  Bytes out(width);
  for (std::size_t i = 0; i < width; ++i) {
    out[width - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  return out;
}

inline Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

// A 12-byte IV XOR the left-padded sequence number, written out byte by byte.
inline Bytes xor_with_sequence(ByteView iv, std::uint64_t sequence) {
  Bytes nonce(iv.begin(), iv.end());
  const Bytes seq = big_endian(sequence, 8);
  for (std::size_t i = 0; i < 8; ++i)
    nonce[4 + i] ^= seq[i];
  return nonce;
}

// Seals `plaintext` with a raw AeadKey and returns ciphertext || tag.
inline Bytes raw_aead_seal(AeadAlgorithm aead, ByteView key, ByteView nonce, ByteView aad,
                           ByteView plaintext) {
  auto aead_key = provider().aead(aead, key);
  EXPECT_TRUE(aead_key.has_value());
  if (!aead_key) return {};
  Bytes out(plaintext.size() + crypto::kAeadTagSize);
  auto sealed =
      (*aead_key)->seal(nonce, aad, plaintext, {}, MutableByteView(out).first(plaintext.size()),
                        MutableByteView(out).last(crypto::kAeadTagSize));
  EXPECT_TRUE(sealed.has_value()) << sealed.error().to_string();
  return out;
}

// A TLS 1.3 record for any inner plaintext (content || type || padding, or malformed ones),
// built without the sealer: RFC 8446 5.2. The record version goes into the header and with it
// into the additional data, so another one still authenticates.
inline Bytes raw_tls13_record(const TrafficKeys& keys, std::uint64_t sequence, ByteView inner,
                              std::uint16_t record_version = 0x0303) {
  const std::size_t length = inner.size() + crypto::kAeadTagSize;
  const Bytes header = {0x17, static_cast<std::uint8_t>(record_version >> 8),
                        static_cast<std::uint8_t>(record_version),
                        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
  const Bytes body =
      raw_aead_seal(keys.aead, keys.key, xor_with_sequence(keys.iv, sequence), header, inner);
  return concat({header, body});
}

// A TLS 1.2 record for any plaintext: RFC 5246 6.2.3.3, RFC 5288 3, RFC 7905 2. The record
// version goes into the header and the additional data alike.
inline Bytes raw_tls12_record(const TrafficKeys& keys, std::uint64_t sequence, ContentType type,
                              ByteView plaintext, std::uint16_t record_version = 0x0303) {
  const auto major = static_cast<std::uint8_t>(record_version >> 8);
  const auto minor = static_cast<std::uint8_t>(record_version);
  const bool gcm = keys.aead != AeadAlgorithm::chacha20_poly1305;
  const Bytes seq = big_endian(sequence, 8);
  const Bytes explicit_nonce = gcm ? seq : Bytes{};
  const Bytes nonce = gcm ? concat({keys.iv, seq}) : xor_with_sequence(keys.iv, sequence);
  const Bytes aad = concat(
      {seq, Bytes{static_cast<std::uint8_t>(type), major, minor}, big_endian(plaintext.size(), 2)});
  const Bytes sealed = raw_aead_seal(keys.aead, keys.key, nonce, aad, plaintext);
  const std::size_t length = explicit_nonce.size() + sealed.size();
  const Bytes header = {static_cast<std::uint8_t>(type), major, minor,
                        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
  return concat({header, explicit_nonce, sealed});
}

// Every version and AEAD, for parameterised tests.
struct Protection {
  SuiteVersion version;
  AeadAlgorithm aead;
};

inline std::vector<Protection> all_protections() {
  std::vector<Protection> out;
  for (auto version : {SuiteVersion::tls12, SuiteVersion::tls13}) {
    for (auto aead : {AeadAlgorithm::aes_128_gcm, AeadAlgorithm::aes_256_gcm,
                      AeadAlgorithm::chacha20_poly1305}) {
      out.push_back({version, aead});
    }
  }
  return out;
}

inline std::string protection_name(const ::testing::TestParamInfo<Protection>& info) {
  std::string name = info.param.version == SuiteVersion::tls12 ? "Tls12" : "Tls13";
  switch (info.param.aead) {
    case AeadAlgorithm::aes_128_gcm:
      return name + "Aes128Gcm";
    case AeadAlgorithm::aes_256_gcm:
      return name + "Aes256Gcm";
    case AeadAlgorithm::chacha20_poly1305:
      return name + "ChaCha20Poly1305";
  }
  return name;
}

}  // namespace cpptls::record::test
