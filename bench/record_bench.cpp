// Record protection throughput: our RecordSealer/RecordOpener on 16 KiB records, beside a
// plain EVP loop doing the same AEAD work (same nonce construction, AAD and in-place or
// out-of-place layout) in the same run. The ratio is the figure: the record layer should lose
// no more than 3% to raw EVP.

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include <openssl/evp.h>

#include <benchmark/benchmark.h>

#include "crypto/openssl/openssl_provider.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "wire/reader.hpp"

namespace {

using cpptls::Bytes;
using cpptls::crypto::AeadAlgorithm;
using cpptls::crypto::SuiteVersion;
using cpptls::record::ContentType;

constexpr std::size_t kRecordPayload = 16384;

const EVP_CIPHER* evp_cipher(AeadAlgorithm aead) {
  switch (aead) {
    case AeadAlgorithm::aes_128_gcm:
      return EVP_aes_128_gcm();
    case AeadAlgorithm::aes_256_gcm:
      return EVP_aes_256_gcm();
    case AeadAlgorithm::chacha20_poly1305:
      return EVP_chacha20_poly1305();
  }
  return nullptr;
}

cpptls::record::TrafficKeys keys_for(AeadAlgorithm aead, SuiteVersion version) {
  cpptls::record::TrafficKeys keys;
  keys.aead = aead;
  keys.key.assign(cpptls::crypto::key_size(aead), 0x42);
  const bool tls12_gcm = version == SuiteVersion::tls12 && aead != AeadAlgorithm::chacha20_poly1305;
  keys.iv.assign(tls12_gcm ? 4 : 12, 0x24);
  return keys;
}

template <class T>
T take(cpptls::Expected<T> result) {
  if (!result) throw std::runtime_error(result.error().to_string());
  return std::move(*result);
}

void seal_cpptls(benchmark::State& state, AeadAlgorithm aead, SuiteVersion version) {
  const auto& provider = cpptls::crypto::openssl::provider();
  auto sealer =
      take(cpptls::record::RecordSealer::create(provider, version, keys_for(aead, version)));
  const Bytes payload(kRecordPayload, 0x61);
  Bytes out(cpptls::record::RecordSealer::max_record_size_any(kRecordPayload));
  for (auto _ : state) {
    auto size = sealer.seal(ContentType::application_data, payload, out);
    if (!size) state.SkipWithError(size.error().reason().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecordPayload));
}

// The same AEAD work as a TLS 1.3 record (or TLS 1.2 for `tls12`) written directly on EVP:
// nonce = iv XOR sequence, AAD = 5-byte header (13 bytes for TLS 1.2), one content-type byte
// appended for TLS 1.3, out-of-place into a record buffer.
void seal_evp(benchmark::State& state, AeadAlgorithm aead, SuiteVersion version) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const Bytes key(cpptls::crypto::key_size(aead), 0x42);
  EVP_EncryptInit_ex(ctx, evp_cipher(aead), nullptr, key.data(), nullptr);
  const Bytes payload(kRecordPayload, 0x61);
  Bytes out(kRecordPayload + 64);
  std::array<unsigned char, 12> iv{};
  iv.fill(0x24);
  std::uint64_t sequence = 0;
  const bool tls13 = version == SuiteVersion::tls13;
  for (auto _ : state) {
    std::array<unsigned char, 12> nonce = iv;
    for (int i = 0; i < 8; ++i)
      nonce[11 - i] ^= static_cast<unsigned char>(sequence >> (8 * i));
    ++sequence;
    std::array<unsigned char, 13> aad{};
    const int aad_size = tls13 ? 5 : 13;
    int len = 0;
    EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data());
    EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), aad_size);
    EVP_EncryptUpdate(ctx, out.data() + 5, &len, payload.data(), static_cast<int>(payload.size()));
    if (tls13) {
      const unsigned char type = 23;
      EVP_EncryptUpdate(ctx, out.data() + 5 + kRecordPayload, &len, &type, 1);
    }
    EVP_EncryptFinal_ex(ctx, out.data(), &len);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, out.data() + kRecordPayload + 6);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecordPayload));
  EVP_CIPHER_CTX_free(ctx);
}

// Opening works in place, so each iteration restores the sealed record first (both sides do
// the same copy) and rewinds the sequence number.
void open_cpptls(benchmark::State& state, AeadAlgorithm aead, SuiteVersion version) {
  const auto& provider = cpptls::crypto::openssl::provider();
  auto sealer =
      take(cpptls::record::RecordSealer::create(provider, version, keys_for(aead, version)));
  auto opener =
      take(cpptls::record::RecordOpener::create(provider, version, keys_for(aead, version)));
  const Bytes payload(kRecordPayload, 0x61);
  Bytes record(cpptls::record::RecordSealer::max_record_size_any(kRecordPayload));
  record.resize(take(sealer.seal(ContentType::application_data, payload, record)));
  cpptls::wire::Reader header_reader(cpptls::ByteView(record).first(5));
  auto header = take(cpptls::record::RecordHeader::decode(header_reader, record.size()));
  Bytes work = record;
  for (auto _ : state) {
    std::memcpy(work.data(), record.data(), record.size());
    opener.set_sequence_for_testing(0);
    auto opened = opener.open(header, cpptls::MutableByteView(work).subspan(5));
    if (!opened) state.SkipWithError(opened.error().reason().c_str());
    benchmark::DoNotOptimize(work.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecordPayload));
}

void open_evp(benchmark::State& state, AeadAlgorithm aead, SuiteVersion version) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const Bytes key(cpptls::crypto::key_size(aead), 0x42);
  EVP_DecryptInit_ex(ctx, evp_cipher(aead), nullptr, key.data(), nullptr);
  const bool tls13 = version == SuiteVersion::tls13;
  const std::size_t body = kRecordPayload + (tls13 ? 1 : 0);
  // Seal one record with EVP to have a valid tag.
  std::array<unsigned char, 12> nonce{};
  nonce.fill(0x24);
  std::array<unsigned char, 13> aad{};
  const int aad_size = tls13 ? 5 : 13;
  Bytes record(body + 16, 0x61);
  {
    EVP_CIPHER_CTX* enc = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(enc, evp_cipher(aead), nullptr, key.data(), nonce.data());
    EVP_EncryptUpdate(enc, nullptr, &len, aad.data(), aad_size);
    EVP_EncryptUpdate(enc, record.data(), &len, record.data(), static_cast<int>(body));
    EVP_EncryptFinal_ex(enc, record.data(), &len);
    EVP_CIPHER_CTX_ctrl(enc, EVP_CTRL_AEAD_GET_TAG, 16, record.data() + body);
    EVP_CIPHER_CTX_free(enc);
  }
  Bytes work = record;
  for (auto _ : state) {
    std::memcpy(work.data(), record.data(), record.size());
    int len = 0;
    EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data());
    EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), aad_size);
    EVP_DecryptUpdate(ctx, work.data(), &len, work.data(), static_cast<int>(body));
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, work.data() + body);
    if (EVP_DecryptFinal_ex(ctx, work.data(), &len) != 1) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(work.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecordPayload));
  EVP_CIPHER_CTX_free(ctx);
}

void register_all() {
  struct Case {
    const char* name;
    AeadAlgorithm aead;
    SuiteVersion version;
  };
  const Case cases[] = {
      {"tls13/AES-128-GCM", AeadAlgorithm::aes_128_gcm, SuiteVersion::tls13},
      {"tls13/AES-256-GCM", AeadAlgorithm::aes_256_gcm, SuiteVersion::tls13},
      {"tls13/ChaCha20-Poly1305", AeadAlgorithm::chacha20_poly1305, SuiteVersion::tls13},
      {"tls12/AES-128-GCM", AeadAlgorithm::aes_128_gcm, SuiteVersion::tls12},
      {"tls12/ChaCha20-Poly1305", AeadAlgorithm::chacha20_poly1305, SuiteVersion::tls12},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    benchmark::RegisterBenchmark(("seal/" + name + "/cpptls").c_str(), seal_cpptls, c.aead,
                                 c.version);
    benchmark::RegisterBenchmark(("seal/" + name + "/evp").c_str(), seal_evp, c.aead, c.version);
    benchmark::RegisterBenchmark(("open/" + name + "/cpptls").c_str(), open_cpptls, c.aead,
                                 c.version);
    benchmark::RegisterBenchmark(("open/" + name + "/evp").c_str(), open_evp, c.aead, c.version);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
