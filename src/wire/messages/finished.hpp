#pragma once
// Finished (RFC 8446 4.4.4, RFC 5246 7.4.9):
//
//   struct {
//       opaque verify_data[Hash.length];      /* TLS 1.3 */
//       opaque verify_data[verify_data_length];  /* TLS 1.2: 12 for every suite we have */
//   } Finished;
//
// The length is not on the wire, so the caller passes it. Nothing is compared here: the
// handshake compares verify_data in constant time.

#include <cstddef>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

inline constexpr std::size_t kTls12VerifyDataSize = 12;  // RFC 5246 7.4.9

struct Finished {
  static constexpr HandshakeType kType = HandshakeType::finished;

  ByteView verify_data;  // a view into the decoded input

  // A body of any other size than `verify_data_size` is a decode_error.
  [[nodiscard]] static Expected<Finished> decode(ByteView body, std::size_t verify_data_size);
  void encode(Writer& writer) const;

  friend bool operator==(const Finished& a, const Finished& b) noexcept;
};

}  // namespace cpptls::wire
