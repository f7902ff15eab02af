#pragma once
// Protects outgoing records: one RecordSealer per direction and key (RFC 8446 5.2,
// RFC 5246 6.2.3.3, RFC 5288, RFC 7905). It starts in the clear; the connection replaces it
// with a protected one when a write key is installed (the sequence number then restarts at 0:
// RFC 8446 5.3, RFC 5246 6.1).
//
// A record is sealed straight from the caller's fragment into the caller's output buffer: the
// AEAD encrypts out of place, so there is no intermediate copy and no allocation per record.

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

class RecordSealer {
 public:
  // Records in the clear with this record version: 0x0303, or 0x0301 for a first ClientHello
  // (RFC 8446 5.1 allows it for compatibility).
  explicit RecordSealer(std::uint16_t plaintext_version = kTls12RecordVersion) noexcept;

  // A protected sealer for `version`'s record format, with the AEAD keyed once. Wrong key or
  // IV sizes are refused with ErrorCode::invalid_argument.
  [[nodiscard]] static Expected<RecordSealer> create(const crypto::Provider& provider,
                                                     crypto::SuiteVersion version,
                                                     const TrafficKeys& keys);

  // Writes one whole record (header and protected body) carrying `fragment` (at most
  // kMaxPlaintext bytes) into the start of `out` and returns its size. `fragment` must not
  // overlap `out`. A fragment of a type other than application_data may not be empty
  // (RFC 8446 5.1, RFC 5246 6.2.1). `tls13_padding` zero bytes are added to a TLS 1.3 inner
  // plaintext (RFC 8446 5.4; the inner plaintext may not exceed 2^14 + 1 bytes) and ignored
  // by the other states. Under TLS 1.3 a change_cipher_spec record is written in the clear,
  // without using a sequence number (RFC 8446 5: it is never protected).
  // `out` shorter than max_record_size() fails with ErrorCode::buffer_too_small.
  [[nodiscard]] Expected<std::size_t> seal(ContentType type, ByteView fragment, MutableByteView out,
                                           std::size_t tls13_padding = 0);

  // The exact size of the record seal() writes for a fragment of `fragment_length` bytes.
  [[nodiscard]] std::size_t max_record_size(std::size_t fragment_length,
                                            std::size_t tls13_padding = 0) const noexcept;
  // An upper bound for any state, without TLS 1.3 padding.
  [[nodiscard]] static constexpr std::size_t max_record_size_any(
      std::size_t fragment_length) noexcept {
    return kHeaderSize + fragment_length + kMaxSealOverhead;
  }

  // The sequence number the next protected record uses.
  [[nodiscard]] std::uint64_t sequence() const noexcept { return sequence_; }
  // True once this key has sealed its AEAD's confidentiality limit of records
  // (crypto::AeadInfo, RFC 8446 5.5): TLS 1.3 then sends a KeyUpdate.
  [[nodiscard]] bool key_update_due() const noexcept;
  // Records this key may still seal before key_update_due() (the maximum for no protection).
  [[nodiscard]] std::uint64_t records_before_key_update() const noexcept;
  [[nodiscard]] bool is_protected() const noexcept;

  // Test hook: starts the sequence number elsewhere (to reach exhaustion or a record of the
  // traces). Never used by the protocol.
  void set_sequence_for_testing(std::uint64_t sequence) noexcept { sequence_ = sequence; }

 private:
  using State = std::variant<detail::PlaintextState, detail::Tls12State, detail::Tls13State>;
  explicit RecordSealer(State state) noexcept : state_(std::move(state)) {}

  [[nodiscard]] Expected<std::size_t> seal_with(const detail::PlaintextState& state,
                                                ContentType type, ByteView fragment,
                                                MutableByteView out, std::size_t padding);
  [[nodiscard]] Expected<std::size_t> seal_with(detail::Tls12State& state, ContentType type,
                                                ByteView fragment, MutableByteView out,
                                                std::size_t padding);
  [[nodiscard]] Expected<std::size_t> seal_with(detail::Tls13State& state, ContentType type,
                                                ByteView fragment, MutableByteView out,
                                                std::size_t padding);
  [[nodiscard]] Expected<void> use_sequence_number();

  State state_;
  std::uint64_t sequence_ = 0;
};

}  // namespace cpptls::record
