// Architecture rule 10: no allocation per record. This binary replaces the global operator new
// with one that counts calls on the calling thread; the tests warm up (the deframer's buffer,
// the output buffer), then seal, open and deframe many records and expect no new call.

#include <cstdint>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "record/deframer.hpp"
#include "record/fragmenter.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "record_test_support.hpp"

// g++ sees free() on memory from `new` once these replacements are inlined; they are a
// matched pair here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
thread_local std::size_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t /*size*/) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t /*size*/) noexcept {
  std::free(p);
}

namespace cpptls::record {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test helpers

class AllocationCount {
 public:
  [[nodiscard]] std::size_t since_start() const { return allocations - start_; }

 private:
  std::size_t start_ = allocations;
};

TEST(AllocationCount, SeesAnAllocation) {
  // Without this, the tests below could not fail.
  AllocationCount count;
  int* volatile sink = new int(5);
  EXPECT_EQ(*sink, 5);
  delete sink;
  EXPECT_GE(count.since_start(), 1U);
}

class NoAllocationPerRecord : public ::testing::TestWithParam<Protection> {};

TEST_P(NoAllocationPerRecord, WhenSealingAndOpening) {
  RecordSealer sealer = make_sealer(GetParam().version, GetParam().aead);
  RecordOpener opener = make_opener(GetParam().version, GetParam().aead);
  const Bytes data = pattern(kMaxPlaintext);
  Bytes out(sealer.max_record_size(kMaxPlaintext, 100));
  const auto round_trip = [&](std::size_t size, std::size_t padding) {
    auto sealed =
        sealer.seal(ContentType::application_data, ByteView(data).first(size), out, padding);
    if (!sealed) return false;
    wire::Reader reader(ByteView(out).first(kHeaderSize));
    auto decoded = RecordHeader::decode(reader, kMaxTls12Ciphertext);
    if (!decoded) return false;
    auto opened =
        opener.open(*decoded, MutableByteView(out).subspan(kHeaderSize, *sealed - kHeaderSize));
    return opened.has_value() && opened->plaintext.size() == size;
  };
  ASSERT_TRUE(round_trip(100, 0));  // warm-up

  AllocationCount count;
  bool ok = true;
  for (std::size_t i = 0; i < 50; ++i) {
    ok = ok && round_trip(i * 300, 0);
    ok = ok && round_trip(kMaxPlaintext, 0);
    ok = ok && round_trip(1000, 100);  // TLS 1.3 padding
  }
  const std::size_t allocated = count.since_start();
  EXPECT_TRUE(ok);
  EXPECT_EQ(allocated, 0U);
}

INSTANTIATE_TEST_SUITE_P(AllProtections, NoAllocationPerRecord,
                         ::testing::ValuesIn(all_protections()), protection_name);

TEST(NoAllocationPerRecordOnReceive, WhenDeframing) {
  Bytes stream;
  for (std::size_t i = 0; i < 40; ++i) {
    const std::size_t length = (i * 997) % kMaxPlaintext;
    stream.insert(stream.end(), {0x17, 0x03, 0x03, static_cast<std::uint8_t>(length >> 8),
                                 static_cast<std::uint8_t>(length)});
    stream.resize(stream.size() + length, static_cast<std::uint8_t>(i));
  }
  Deframer deframer;
  ASSERT_GT(deframer.feed(ByteView(stream).first(10)), 0U);  // warm-up: the buffer is made

  AllocationCount count;
  ByteView rest = ByteView(stream).subspan(10);
  std::size_t records = 0;
  bool ok = true;
  while (!rest.empty() && ok) {
    rest = rest.subspan(deframer.feed(rest.first(std::min<std::size_t>(rest.size(), 3000))));
    while (true) {
      auto record = deframer.next();
      if (!record) {
        ok = false;
        break;
      }
      if (!*record) break;
      ++records;
    }
  }
  const std::size_t allocated = count.since_start();
  EXPECT_TRUE(ok);
  EXPECT_EQ(records, 40U);
  EXPECT_EQ(allocated, 0U);
}

TEST(NoAllocationPerRecordOnSend, WhenFragmentingIntoAGrownBuffer) {
  RecordSealer sealer = make_sealer(SuiteVersion::tls13, AeadAlgorithm::chacha20_poly1305);
  const Bytes data = pattern(100000);
  Bytes out;
  ASSERT_TRUE(seal_records(sealer, ContentType::application_data, data, out).has_value());

  AllocationCount count;
  bool ok = true;
  for (int i = 0; i < 20; ++i) {
    out.clear();
    ok = ok && seal_records(sealer, ContentType::application_data, data, out).has_value();
  }
  const std::size_t allocated = count.since_start();
  EXPECT_TRUE(ok);
  EXPECT_EQ(allocated, 0U);
}

}  // namespace
}  // namespace cpptls::record
