// Property-style checks of Reader and Writer together: a nested structure with every prefix
// width is encoded, then decoded from every truncation and every single-byte corruption.
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {
namespace {

struct Entry {
  std::uint16_t type = 0;
  Bytes data;  // u16-prefixed
  friend bool operator==(const Entry&, const Entry&) = default;
};

// Shaped like a hello: fixed fields, bounded vectors, a list of nested vectors.
struct Sample {
  std::uint16_t version = 0;
  Bytes session_id;            // u8-prefixed, 0..32 bytes
  std::vector<Entry> entries;  // u16-prefixed list
  Bytes tail;                  // u24-prefixed
  std::uint8_t flags = 0;
  friend bool operator==(const Sample&, const Sample&) = default;
};

struct LengthField {
  std::size_t offset;
  std::size_t width;
};

struct Encoded {
  Bytes bytes;
  std::vector<LengthField> length_fields;
};

Encoded encode(const Sample& sample) {
  Encoded out;
  Writer w(out.bytes);
  const auto mark = [&out, &w](std::size_t width) {
    out.length_fields.push_back({w.size(), width});
  };
  w.u16(sample.version);
  mark(1);
  {
    auto session_id = w.u8_prefixed();
    w.bytes(sample.session_id);
  }
  mark(2);
  {
    auto list = w.u16_prefixed();
    for (const Entry& entry : sample.entries) {
      w.u16(entry.type);
      mark(2);
      auto data = w.u16_prefixed();
      w.bytes(entry.data);
    }
  }
  mark(3);
  {
    auto tail = w.u24_prefixed();
    w.bytes(sample.tail);
  }
  w.u8(sample.flags);
  EXPECT_TRUE(w.ok());
  return out;
}

// Decodes strictly (every vector must be consumed exactly), recording each view it was given
// so that the test can check that none points outside the input.
Expected<Sample> decode(ByteView input, std::vector<ByteView>& views) {
  Sample out;
  Reader r(input);
  const auto version = r.u16("version");
  if (!version) return Unexpected<Error>(version.error());
  out.version = *version;

  const auto session_id = r.u8_prefixed("session id", 0, 32);
  if (!session_id) return Unexpected<Error>(session_id.error());
  views.push_back(*session_id);
  out.session_id.assign(session_id->begin(), session_id->end());

  const auto list = r.u16_prefixed("entries");
  if (!list) return Unexpected<Error>(list.error());
  views.push_back(*list);
  Reader entries(*list);
  while (!entries.empty()) {
    Entry entry;
    const auto type = entries.u16("entry type");
    if (!type) return Unexpected<Error>(type.error());
    entry.type = *type;
    const auto data = entries.u16_prefixed("entry data");
    if (!data) return Unexpected<Error>(data.error());
    views.push_back(*data);
    entry.data.assign(data->begin(), data->end());
    out.entries.push_back(std::move(entry));
  }

  const auto tail = r.u24_prefixed("tail");
  if (!tail) return Unexpected<Error>(tail.error());
  views.push_back(*tail);
  out.tail.assign(tail->begin(), tail->end());

  const auto flags = r.u8("flags");
  if (!flags) return Unexpected<Error>(flags.error());
  out.flags = *flags;
  if (auto end = r.expect_end("sample"); !end) return Unexpected<Error>(end.error());
  return out;
}

bool is_inside(ByteView part, ByteView whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

Bytes random_bytes(std::mt19937& rng, std::size_t max_size) {
  Bytes out(std::uniform_int_distribution<std::size_t>(0, max_size)(rng));
  for (auto& b : out)
    b = static_cast<std::uint8_t>(rng());
  return out;
}

// Samples from a fixed seed: reproducible, yet covering empty and non-empty vectors and
// a tail longer than 255 bytes (so that every byte of the u24 length matters).
std::vector<Sample> samples() {
  std::mt19937 rng(20240611);
  std::vector<Sample> out;
  out.push_back(Sample{});  // every vector empty
  for (int i = 0; i < 24; ++i) {
    Sample s;
    s.version = static_cast<std::uint16_t>(rng());
    s.session_id = random_bytes(rng, 32);
    const std::size_t count = rng() % 5;
    for (std::size_t e = 0; e < count; ++e) {
      s.entries.push_back({static_cast<std::uint16_t>(rng()), random_bytes(rng, 40)});
    }
    s.tail = random_bytes(rng, i % 4 == 0 ? 400 : 20);
    s.flags = static_cast<std::uint8_t>(rng());
    out.push_back(std::move(s));
  }
  return out;
}

// A decode of possibly corrupted bytes must fail or be canonical: re-encoding what was
// decoded gives back exactly the input. Then it differs from the original whenever the
// input does. Every view must lie inside the input.
void expect_fails_or_canonical(const Bytes& input, const Sample& original, const Bytes& encoded) {
  std::vector<ByteView> views;
  const auto decoded = decode(input, views);
  for (const ByteView view : views)
    ASSERT_TRUE(is_inside(view, input));
  if (!decoded) {
    EXPECT_EQ(decoded.error().kind(), ErrorKind::decode);
    return;
  }
  EXPECT_EQ(encode(*decoded).bytes, input);
  EXPECT_EQ(*decoded == original, input == encoded);
}

TEST(RoundTrip, DecodesWhatTheWriterEncoded) {
  for (const Sample& sample : samples()) {
    const Encoded encoded = encode(sample);
    std::vector<ByteView> views;
    const auto decoded = decode(encoded.bytes, views);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().reason();
    EXPECT_EQ(*decoded, sample);
  }
}

TEST(RoundTrip, EveryTruncationFailsToDecode) {
  for (const Sample& sample : samples()) {
    const Bytes full = encode(sample).bytes;
    for (std::size_t size = 0; size < full.size(); ++size) {
      // A copy of exactly `size` bytes, so that an over-read is a heap overflow under ASan.
      const Bytes truncated(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
      std::vector<ByteView> views;
      const auto decoded = decode(truncated, views);
      ASSERT_FALSE(decoded.has_value())
          << "decoded a truncation to " << size << " of " << full.size() << " bytes";
      EXPECT_TRUE(decoded.error().code() == ErrorCode::truncated ||
                  decoded.error().code() == ErrorCode::length_out_of_range)
          << decoded.error().to_string();
      for (const ByteView view : views)
        ASSERT_TRUE(is_inside(view, truncated));
    }
  }
}

TEST(RoundTrip, EveryLengthFieldCorruptionFailsOrDecodesToADifferentValue) {
  for (const Sample& sample : samples()) {
    const Encoded encoded = encode(sample);
    for (const LengthField& field : encoded.length_fields) {
      for (std::size_t i = 0; i < field.width; ++i) {
        for (unsigned flip = 1; flip <= 0xff; ++flip) {
          Bytes corrupted = encoded.bytes;
          corrupted[field.offset + i] ^= static_cast<std::uint8_t>(flip);
          expect_fails_or_canonical(corrupted, sample, encoded.bytes);
        }
      }
    }
  }
}

TEST(RoundTrip, EverySingleByteCorruptionFailsOrDecodesCanonically) {
  const std::vector<Sample> all = samples();
  for (std::size_t s = 0; s < 4; ++s) {
    const Bytes encoded = encode(all[s]).bytes;
    for (std::size_t at = 0; at < encoded.size(); ++at) {
      for (unsigned flip = 1; flip <= 0xff; ++flip) {
        Bytes corrupted = encoded;
        corrupted[at] ^= static_cast<std::uint8_t>(flip);
        expect_fails_or_canonical(corrupted, all[s], encoded);
      }
    }
  }
}

TEST(RoundTrip, ASampleWithASessionIdOver32BytesDoesNotDecode) {
  Sample sample;
  sample.session_id = Bytes(33, 1);
  std::vector<ByteView> views;
  const auto decoded = decode(encode(sample).bytes, views);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code(), ErrorCode::length_out_of_range);
}

}  // namespace
}  // namespace cpptls::wire
