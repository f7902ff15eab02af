#pragma once
// The handshake messages with an empty body:
//   HelloRequest (RFC 5246 7.4.1.1): struct { } HelloRequest;
//   ServerHelloDone (RFC 5246 7.4.5): struct { } ServerHelloDone;
//   EndOfEarlyData (RFC 8446 4.5): struct {} EndOfEarlyData;

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// A non-empty body is a decode_error naming `type`.
[[nodiscard]] Expected<void> expect_empty_message(ByteView body, HandshakeType type);

template <HandshakeType kMessageType>
struct EmptyMessage {
  static constexpr HandshakeType kType = kMessageType;

  [[nodiscard]] static Expected<EmptyMessage> decode(ByteView body) {
    if (auto empty = expect_empty_message(body, kType); !empty)
      return Unexpected<Error>(std::move(empty.error()));
    return EmptyMessage{};
  }
  void encode(Writer& /*writer*/) const {}
  friend bool operator==(const EmptyMessage&, const EmptyMessage&) = default;
};

using HelloRequest = EmptyMessage<HandshakeType::hello_request>;
using ServerHelloDone = EmptyMessage<HandshakeType::server_hello_done>;
using EndOfEarlyData = EmptyMessage<HandshakeType::end_of_early_data>;

}  // namespace cpptls::wire
