// Walks arbitrary bytes as DER with the strict reader, recursing into every constructed
// element up to the depth limit, and runs the decoder that fits each universal type.
//
// Invariants: every element the reader returns lies inside the input, its contents inside its
// encoding, and the framing-only walker (next_element) sees the same tag and contents; a
// nested reader fails exactly when it would pass kMaxDepth; decoded values respect their
// types (a non-negative unsigned, whole BIT STRING padding, times within years 0..9999);
// every failure is a decode error with alert bad_certificate and a non-empty reason; a
// failed read leaves the cursor where it was.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"
#include "x509/der/time.hpp"

namespace {

using namespace cpptls;             // NOLINT(google-build-using-namespace)
using namespace cpptls::x509::der;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

bool inside(ByteView part, ByteView whole) {
  return std::less_equal<>{}(whole.data(), part.data()) &&
         std::less_equal<>{}(part.data() + part.size(), whole.data() + whole.size());
}

void check_error(const Error& error) {
  FUZZ_CHECK(error.kind() == ErrorKind::decode);
  FUZZ_CHECK(error.alert() == AlertDescription::bad_certificate);
  FUZZ_CHECK(!error.reason().empty());
}

template <class T>
void check_result(const Expected<T>& result) {
  if (!result) check_error(result.error());
}

void decode_scalar(const Tlv& element) {
  switch (element.tag) {
    case tag::kBoolean:
      check_result(decode_boolean(element, "b"));
      break;
    case tag::kInteger: {
      auto value = decode_integer(element, "i");
      check_result(value);
      if (value) FUZZ_CHECK(value->data() == element.value.data());
      auto number = decode_unsigned(element, "u");
      check_result(number);
      if (number) FUZZ_CHECK(element.value[0] < 0x80);
      break;
    }
    case tag::kBitString: {
      auto bits = decode_bit_string(element, "bits");
      check_result(bits);
      if (bits) {
        FUZZ_CHECK(bits->unused_bits <= 7);
        FUZZ_CHECK(bits->bit_count() <= bits->bytes.size() * 8);
        FUZZ_CHECK(!bits->bit(bits->bit_count()));
      }
      break;
    }
    case tag::kNull:
      check_result(decode_null(element, "null"));
      break;
    case tag::kOid: {
      auto oid = decode_oid(element, "oid");
      check_result(oid);
      if (oid) FUZZ_CHECK(!oid->to_string().empty());
      break;
    }
    case tag::kUtcTime:
    case tag::kGeneralizedTime: {
      auto time = decode_time(element, "time");
      check_result(time);
      if (time) {
        FUZZ_CHECK(*time >= -62167219200);
        FUZZ_CHECK(*time <= 253402300799);
        FUZZ_CHECK(to_unix_seconds(from_unix_seconds(*time)) == *time);
      }
      break;
    }
    default:
      if (is_string_tag(element.tag)) {
        check_result(check_string(element, "string"));
        (void)display_string(element.tag, element.value);
      }
      break;
  }
}

void walk(Reader reader, ByteView whole, ByteView contents, std::size_t depth) {
  std::size_t framing_pos = 0;
  while (!reader.empty()) {
    const std::size_t before = reader.offset();
    auto element = reader.read_any("element");
    if (!element) {
      check_error(element.error());
      FUZZ_CHECK(reader.offset() == before);
      return;
    }
    FUZZ_CHECK(inside(element->encoding, whole));
    FUZZ_CHECK(inside(element->value, element->encoding));
    FUZZ_CHECK(element->offset == before);
    FUZZ_CHECK(element->value_offset - element->offset + element->value.size() ==
               element->encoding.size());
    FUZZ_CHECK(element->encoding.data() == whole.data() + element->offset);
    Tlv framed;
    FUZZ_CHECK(next_element(contents, framing_pos, framed));
    FUZZ_CHECK(framed.tag == element->tag);
    FUZZ_CHECK(framed.value.data() == element->value.data());
    FUZZ_CHECK(framed.value.size() == element->value.size());

    if (!is_constructed(element->tag)) {
      decode_scalar(*element);
      continue;
    }
    auto inner = reader.nested(*element, "nested");
    if (depth + 1 > kMaxDepth) {
      FUZZ_CHECK(!inner);
      check_error(inner.error());
      continue;
    }
    FUZZ_CHECK(inner);
    FUZZ_CHECK(inner->depth() == depth + 1);
    auto tree = check_tree(*element, depth, "tree");
    check_result(tree);
    walk(*inner, whole, element->value, depth + 1);
  }
  FUZZ_CHECK(reader.expect_end("end"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  walk(Reader(input), input, input, 0);
  return 0;
}
