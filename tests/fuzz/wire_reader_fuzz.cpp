// Drives wire::Reader with a small interpreter and checks it against an independent model of
// every read. Input layout:
//   byte 0            number of program bytes P
//   bytes 1..P        the program: each byte picks the next operation (some take arguments
//                     from the following program bytes)
//   the rest          the data the readers walk over
// Successful prefixed reads can be entered (a nested Reader over the body) and left again,
// so the invariants are also checked for readers over sub-views.
//
// Invariants: the offset never exceeds the size; a failed read leaves the offset unchanged
// and fails for the reason the model predicts (truncated / length_out_of_range /
// trailing_data, always a decode error with alert decode_error and a non-empty reason); a
// successful read advances by exactly what it consumed, returns the big-endian value of those
// bytes, and any view it returns lies inside the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/reader.hpp"

namespace {

using cpptls::ByteView;
using cpptls::ErrorCode;
using cpptls::Expected;
using cpptls::wire::Reader;

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

enum class Op : std::uint8_t {
  u8,
  u16,
  u24,
  u32,
  u64,
  bytes,        // count from the next program byte
  u8_prefixed,  // default bounds
  u16_prefixed,
  u24_prefixed,
  u8_bounded,  // min and max from the next two program bytes
  u16_bounded,
  u24_bounded,
  expect_end,
  enter,  // push a reader over the last successful prefixed body
  leave,  // pop back to the enclosing reader
  count_,
};

constexpr std::size_t kMaxDepth = 16;

// A reader together with the view it walks, so the model can recompute every result.
struct Frame {
  ByteView whole;
  Reader reader;
};

bool is_inside(ByteView part, ByteView whole) {
  // std::less_equal gives a total order even for pointers into different objects, which a
  // broken reader could return.
  const auto* begin = whole.data();
  const auto* end = whole.data() + whole.size();
  return std::less_equal<>{}(begin, part.data()) &&
         std::less_equal<>{}(part.data() + part.size(), end);
}

std::uint64_t model_big_endian(ByteView whole, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i)
    value = (value << 8) | whole[at + i];
  return value;
}

template <class T>
void check_failure(const Expected<T>& result, ErrorCode expected) {
  FUZZ_CHECK(!result.has_value());
  FUZZ_CHECK(result.error().code() == expected);
  FUZZ_CHECK(result.error().kind() == cpptls::ErrorKind::decode);
  FUZZ_CHECK(result.error().alert() == cpptls::AlertDescription::decode_error);
  FUZZ_CHECK(!result.error().reason().empty());
}

template <class T>
void check_integer(Frame& frame, std::size_t width, Expected<T> (Reader::*read)(std::string_view)) {
  const std::size_t before = frame.reader.offset();
  const auto result = (frame.reader.*read)("field");
  if (frame.whole.size() - before < width) {
    check_failure(result, ErrorCode::truncated);
    FUZZ_CHECK(frame.reader.offset() == before);
    return;
  }
  FUZZ_CHECK(result.has_value());
  FUZZ_CHECK(static_cast<std::uint64_t>(*result) == model_big_endian(frame.whole, before, width));
  FUZZ_CHECK(frame.reader.offset() == before + width);
}

void check_bytes(Frame& frame, std::size_t count) {
  const std::size_t before = frame.reader.offset();
  const auto result = frame.reader.bytes(count, "field");
  if (frame.whole.size() - before < count) {
    check_failure(result, ErrorCode::truncated);
    FUZZ_CHECK(frame.reader.offset() == before);
    return;
  }
  FUZZ_CHECK(result.has_value());
  FUZZ_CHECK(result->size() == count);
  FUZZ_CHECK(result->data() == frame.whole.data() + before);
  FUZZ_CHECK(frame.reader.offset() == before + count);
}

// Returns the body when the read succeeded.
std::optional<ByteView> check_prefixed(Frame& frame, std::size_t width, std::size_t min,
                                       std::size_t max) {
  const std::size_t before = frame.reader.offset();
  const std::size_t left = frame.whole.size() - before;
  Expected<ByteView> result = [&] {
    switch (width) {
      case 1:
        return frame.reader.u8_prefixed("vector", min, max);
      case 2:
        return frame.reader.u16_prefixed("vector", min, max);
      default:
        return frame.reader.u24_prefixed("vector", min, max);
    }
  }();
  // The model: prefix present, then length within bounds, then body present.
  std::optional<ErrorCode> expected_error;
  std::size_t length = 0;
  if (left < width) {
    expected_error = ErrorCode::truncated;
  } else {
    length = static_cast<std::size_t>(model_big_endian(frame.whole, before, width));
    if (length < min || length > max) {
      expected_error = ErrorCode::length_out_of_range;
    } else if (length > left - width) {
      expected_error = ErrorCode::truncated;
    }
  }
  if (expected_error) {
    check_failure(result, *expected_error);
    FUZZ_CHECK(frame.reader.offset() == before);
    return std::nullopt;
  }
  FUZZ_CHECK(result.has_value());
  FUZZ_CHECK(result->size() == length);
  FUZZ_CHECK(result->data() == frame.whole.data() + before + width);
  FUZZ_CHECK(is_inside(*result, frame.whole));
  FUZZ_CHECK(frame.reader.offset() == before + width + length);
  return *result;
}

// The program cursor: an argument past the end of the program reads as zero.
struct Program {
  ByteView code;
  std::size_t pc = 0;
  [[nodiscard]] bool done() const { return pc >= code.size(); }
  std::uint8_t next() { return pc < code.size() ? code[pc++] : 0; }
};

void run(Program program, ByteView input) {
  std::vector<Frame> stack;
  stack.push_back({input, Reader(input)});
  std::optional<ByteView> last_body;
  while (!program.done()) {
    Frame& frame = stack.back();
    const auto op = static_cast<Op>(program.next() % static_cast<std::uint8_t>(Op::count_));
    switch (op) {
      case Op::u8:
        check_integer(frame, 1, &Reader::u8);
        break;
      case Op::u16:
        check_integer(frame, 2, &Reader::u16);
        break;
      case Op::u24:
        check_integer(frame, 3, &Reader::u24);
        break;
      case Op::u32:
        check_integer(frame, 4, &Reader::u32);
        break;
      case Op::u64:
        check_integer(frame, 8, &Reader::u64);
        break;
      case Op::bytes:
        check_bytes(frame, program.next());
        break;
      case Op::u8_prefixed:
        last_body = check_prefixed(frame, 1, 0, 0xff);
        break;
      case Op::u16_prefixed:
        last_body = check_prefixed(frame, 2, 0, 0xffff);
        break;
      case Op::u24_prefixed:
        last_body = check_prefixed(frame, 3, 0, 0xffffff);
        break;
      case Op::u8_bounded:
      case Op::u16_bounded:
      case Op::u24_bounded: {
        // Scale the argument bytes so the bounds span the whole range of the prefix.
        static constexpr std::size_t kScale[] = {1, 0x101, 0x10101};
        const std::size_t index =
            static_cast<std::size_t>(op) - static_cast<std::size_t>(Op::u8_bounded);
        const std::size_t min = program.next() * kScale[index];
        const std::size_t max = program.next() * kScale[index];
        last_body = check_prefixed(frame, index + 1, min, max);
        if (min > max) FUZZ_CHECK(!last_body);
        break;
      }
      case Op::expect_end: {
        const std::size_t before = frame.reader.offset();
        const auto end = frame.reader.expect_end("structure");
        if (before == frame.whole.size()) {
          FUZZ_CHECK(end.has_value());
        } else {
          check_failure(end, ErrorCode::trailing_data);
        }
        FUZZ_CHECK(frame.reader.offset() == before);
        break;
      }
      case Op::enter:
        if (last_body && stack.size() < kMaxDepth) {
          FUZZ_CHECK(is_inside(*last_body, input));
          stack.push_back({*last_body, Reader(*last_body)});
          last_body.reset();
        }
        break;
      case Op::leave:
        if (stack.size() > 1) stack.pop_back();
        break;
      case Op::count_:
        std::abort();
    }
    for (const Frame& f : stack) {
      FUZZ_CHECK(f.reader.offset() <= f.whole.size());
      FUZZ_CHECK(f.reader.offset() + f.reader.remaining() == f.whole.size());
      FUZZ_CHECK(f.reader.rest().data() == f.whole.data() + f.reader.offset());
      FUZZ_CHECK(is_inside(f.whole, input));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView all(data, size);
  if (all.empty()) return 0;
  const std::size_t program_size = std::min<std::size_t>(all[0], all.size() - 1);
  run(Program{all.subspan(1, program_size)}, all.subspan(1 + program_size));
  return 0;
}
