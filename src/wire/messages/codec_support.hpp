#pragma once
// What the message and extension codecs share: the two shapes of a failure (bytes that do not
// parse get decode_error; a value that parses but breaks a rule gets illegal_parameter), lists
// of 8- and 16-bit code points, and decoding a body that must be consumed whole.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// Passes the error of a failed step up to a caller that returns another Expected type.
template <class T>
[[nodiscard]] Unexpected<Error> propagate(Expected<T>& failed) {
  return Unexpected<Error>(std::move(failed.error()));
}

// RFC 8446 6.2: illegal_parameter, "a field in the handshake was incorrect or inconsistent
// with other fields". The bytes parsed, so the peer broke the protocol rather than the syntax.
[[nodiscard]] Unexpected<Error> illegal_parameter(std::string reason);

// A vector body whose length is not a multiple of its element size (RFC 8446 3.4: "the
// length ... must be an exact multiple of the length of a single element").
[[nodiscard]] Unexpected<Error> ragged_vector(std::string_view what, std::size_t length,
                                              std::size_t element_size);

// Width of a vector's length prefix in bytes (RFC 8446 3.4).
enum class Prefix : std::uint8_t { u8 = 1, u16 = 2 };

[[nodiscard]] Expected<ByteView> read_prefixed(Reader& reader, Prefix prefix, std::string_view what,
                                               std::size_t min, std::size_t max);

// A vector of 16-bit code points (cipher suites, groups, signature schemes, versions): its
// byte length must lie in min..max and be even. Unknown code points are kept.
template <class Enum>
[[nodiscard]] Expected<std::vector<Enum>> read_u16_list(Reader& reader, Prefix prefix,
                                                        std::string_view what, std::size_t min,
                                                        std::size_t max) {
  auto body = read_prefixed(reader, prefix, what, min, max);
  if (!body) return propagate(body);
  if (body->size() % 2 != 0) return ragged_vector(what, body->size(), 2);
  std::vector<Enum> out;
  out.reserve(body->size() / 2);  // bounded by max above
  Reader items(*body);
  while (!items.empty()) {
    auto value = items.u16(what);
    if (!value) return propagate(value);
    out.push_back(static_cast<Enum>(*value));
  }
  return out;
}

// A vector of 8-bit code points (PSK modes, ...). Unknown code points are kept.
template <class Enum>
[[nodiscard]] Expected<std::vector<Enum>> read_u8_list(Reader& reader, std::string_view what,
                                                       std::size_t min, std::size_t max) {
  auto body = reader.u8_prefixed(what, min, max);
  if (!body) return propagate(body);
  std::vector<Enum> out;
  out.reserve(body->size());
  for (const std::uint8_t value : *body)
    out.push_back(static_cast<Enum>(value));
  return out;
}

template <class Enum>
void write_u16_list(Writer& writer, Prefix prefix, const std::vector<Enum>& values) {
  const auto write_items = [&] {
    for (const Enum value : values)
      writer.u16(static_cast<std::uint16_t>(value));
  };
  if (prefix == Prefix::u8) {
    auto body = writer.u8_prefixed();
    write_items();
  } else {
    auto body = writer.u16_prefixed();
    write_items();
  }
}

template <class Enum>
void write_u8_list(Writer& writer, const std::vector<Enum>& values) {
  auto body = writer.u8_prefixed();
  for (const Enum value : values)
    writer.u8(static_cast<std::uint8_t>(value));
}

// Runs `read` over the whole of `body` and refuses bytes it left over (trailing_data, named
// after `what`). `read` takes a Reader& and returns Expected<T>.
template <class Read>
[[nodiscard]] auto decode_whole(ByteView body, std::string_view what, Read&& read)
    -> decltype(read(std::declval<Reader&>())) {
  Reader reader(body);
  auto value = read(reader);
  if (!value) return value;
  if (auto end = reader.expect_end(what); !end) return propagate(end);
  return value;
}

// A value that occurs more than once in `values`, if any. Sorting keeps a hostile list of
// thousands of entries O(n log n).
[[nodiscard]] std::optional<std::uint16_t> first_repeated(std::vector<std::uint16_t> values);

// Byte-wise equality of two views, for the operator== of decoded (zero-copy) structs.
[[nodiscard]] bool same_bytes(ByteView a, ByteView b) noexcept;
[[nodiscard]] bool same_bytes(const std::vector<ByteView>& a,
                              const std::vector<ByteView>& b) noexcept;

}  // namespace cpptls::wire
