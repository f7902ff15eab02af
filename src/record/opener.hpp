#pragma once
// Checks and decrypts incoming records in place: one RecordOpener per direction and key
// (RFC 8446 5.2-5.4, RFC 5246 6.2.3.3, RFC 5288, RFC 7905). It starts in the clear; the
// connection replaces it when a read key is installed, and then tells the deframer the new
// limit (max_fragment()).
//
// Every failure is fatal and carries its alert: an AEAD failure is bad_record_mac; a record
// too long for its state is record_overflow; a TLS 1.3 record with no content type, with a
// forbidden inner type or an empty handshake or alert fragment is unexpected_message.

#include <cstddef>
#include <cstdint>
#include <variant>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "record/header.hpp"
#include "record/limits.hpp"
#include "record/protection.hpp"

namespace cpptls::record {

class RecordOpener {
 public:
  // Reads records in the clear.
  RecordOpener() noexcept = default;

  // A protected opener for `version`'s record format, with the AEAD keyed once. Wrong key or
  // IV sizes are refused with ErrorCode::invalid_argument.
  [[nodiscard]] static Expected<RecordOpener> create(const crypto::Provider& provider,
                                                     crypto::SuiteVersion version,
                                                     const TrafficKeys& keys);

  // Opens the record whose header is `header` and whose body is `fragment`
  // (header.length bytes, as the deframer returns them), decrypting in place. The returned
  // plaintext is a view into `fragment`. Under TLS 1.3 a change_cipher_spec record is returned
  // untouched for the handshake layer to judge (RFC 8446 5: middlebox compatibility); it does
  // not use a sequence number.
  [[nodiscard]] Expected<OpenedRecord> open(const RecordHeader& header, MutableByteView fragment);

  // The longest fragment this state accepts, for Deframer::set_max_fragment: 2^14 in the clear,
  // 2^14 + 2048 under TLS 1.2 (RFC 5246 6.2.3), 2^14 + 256 under TLS 1.3 (RFC 8446 5.2).
  [[nodiscard]] std::size_t max_fragment() const noexcept;

  // The sequence number the next protected record must have been sealed with.
  [[nodiscard]] std::uint64_t sequence() const noexcept { return sequence_; }
  [[nodiscard]] bool is_protected() const noexcept;

  // Test hook: starts the sequence number elsewhere. Never used by the protocol.
  void set_sequence_for_testing(std::uint64_t sequence) noexcept { sequence_ = sequence; }

 private:
  using State = std::variant<detail::PlaintextState, detail::Tls12State, detail::Tls13State>;
  explicit RecordOpener(State state) noexcept : state_(std::move(state)) {}

  [[nodiscard]] Expected<OpenedRecord> open_with(const detail::PlaintextState& state,
                                                 const RecordHeader& header,
                                                 MutableByteView fragment);
  [[nodiscard]] Expected<OpenedRecord> open_with(detail::Tls12State& state,
                                                 const RecordHeader& header,
                                                 MutableByteView fragment);
  [[nodiscard]] Expected<OpenedRecord> open_with(detail::Tls13State& state,
                                                 const RecordHeader& header,
                                                 MutableByteView fragment);
  [[nodiscard]] Expected<void> use_sequence_number() const;
  [[nodiscard]] Unexpected<Error> authentication_failed(const detail::AeadState& aead,
                                                        const RecordHeader& header,
                                                        const Error& cause) const;

  State state_;
  std::uint64_t sequence_ = 0;
};

}  // namespace cpptls::record
