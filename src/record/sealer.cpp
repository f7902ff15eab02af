#include "record/sealer.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <type_traits>
#include <variant>

namespace cpptls::record {
namespace {

using crypto::kAeadTagSize;

// Trailers (inner content type and padding) up to this size are built on the stack and sealed
// straight from the caller's fragment; larger padding is rare and is written into the output
// buffer, which is then sealed in place.
constexpr std::size_t kStackTrailerSize = 64;

[[nodiscard]] bool is_sendable(ContentType type) noexcept {
  switch (type) {
    case ContentType::change_cipher_spec:
    case ContentType::alert:
    case ContentType::handshake:
    case ContentType::application_data:
      return true;
    case ContentType::invalid:
    case ContentType::heartbeat:
      return false;
  }
  return false;
}

[[nodiscard]] Unexpected<Error> too_small(std::size_t needed, std::size_t given) {
  return misuse(ErrorCode::buffer_too_small, "a record needs " + std::to_string(needed) +
                                                 " bytes of output, " + std::to_string(given) +
                                                 " given");
}

[[nodiscard]] std::span<std::uint8_t, kHeaderSize> header_of(MutableByteView out) noexcept {
  return out.first<kHeaderSize>();
}

}  // namespace

RecordSealer::RecordSealer(std::uint16_t plaintext_version) noexcept
    : state_(detail::PlaintextState{plaintext_version}) {}

Expected<RecordSealer> RecordSealer::create(const crypto::Provider& provider,
                                            crypto::SuiteVersion version, const TrafficKeys& keys) {
  auto aead = detail::make_aead_state(provider, version, keys);
  if (!aead) return Unexpected<Error>(std::move(aead.error()));
  if (version == crypto::SuiteVersion::tls12) {
    return RecordSealer(State(detail::Tls12State{std::move(*aead)}));
  }
  return RecordSealer(State(detail::Tls13State{std::move(*aead)}));
}

Expected<std::size_t> RecordSealer::seal(ContentType type, ByteView fragment, MutableByteView out,
                                         std::size_t tls13_padding) {
  if (!is_sendable(type)) {
    return misuse(ErrorCode::invalid_argument,
                  "cannot send a record of type " + detail::describe(type));
  }
  // RFC 8446 5.1, RFC 5246 6.2.1: fragments are at most 2^14 bytes.
  if (fragment.size() > kMaxPlaintext) {
    return misuse(ErrorCode::invalid_argument,
                  "a record fragment of " + std::to_string(fragment.size()) +
                      " bytes exceeds the limit of " + std::to_string(kMaxPlaintext));
  }
  // RFC 8446 5.1: no zero-length fragments of handshake (even padded) or alert records;
  // RFC 5246 6.2.1 adds change_cipher_spec. Empty application data is allowed.
  if (fragment.empty() && type != ContentType::application_data) {
    return misuse(ErrorCode::invalid_argument,
                  "an empty " + detail::describe(type) + " record may not be sent");
  }
  return std::visit(
      [&](auto& state) { return seal_with(state, type, fragment, out, tls13_padding); }, state_);
}

Expected<std::size_t> RecordSealer::seal_with(const detail::PlaintextState& state, ContentType type,
                                              ByteView fragment, MutableByteView out,
                                              std::size_t /*padding*/) {
  const std::size_t size = kHeaderSize + fragment.size();
  if (out.size() < size) return too_small(size, out.size());
  RecordHeader{type, state.version, static_cast<std::uint16_t>(fragment.size())}.encode(
      header_of(out));
  std::copy(fragment.begin(), fragment.end(), out.begin() + kHeaderSize);
  return size;
}

// RFC 5246 6.2.3.3 with RFC 5288 3 (AES-GCM: nonce = salt || explicit, the explicit part
// being our sequence number, sent before the ciphertext) and RFC 7905 2 (ChaCha20-Poly1305:
// nonce = IV XOR sequence number, nothing sent).
Expected<std::size_t> RecordSealer::seal_with(detail::Tls12State& state, ContentType type,
                                              ByteView fragment, MutableByteView out,
                                              std::size_t /*padding*/) {
  const auto& aead = state.aead;
  const std::size_t body = aead.explicit_nonce_size + fragment.size() + kAeadTagSize;
  const std::size_t size = kHeaderSize + body;
  if (out.size() < size) return too_small(size, out.size());
  if (auto usable = use_sequence_number(); !usable) return Unexpected<Error>(usable.error());

  RecordHeader{type, kTls12RecordVersion, static_cast<std::uint16_t>(body)}.encode(header_of(out));
  detail::Nonce nonce{};
  if (aead.explicit_nonce_size > 0) {
    const auto explicit_nonce = out.subspan<kHeaderSize, 8>();
    detail::put_u64(explicit_nonce, sequence_);
    nonce = detail::gcm_nonce(aead.iv, explicit_nonce);
  } else {
    nonce = detail::xor_nonce(aead.iv, sequence_);
  }
  const auto aad = detail::tls12_aad(sequence_, type, kTls12RecordVersion, fragment.size());
  const std::size_t ciphertext_at = kHeaderSize + aead.explicit_nonce_size;
  auto sealed =
      aead.key->seal(nonce, aad, fragment, {}, out.subspan(ciphertext_at, fragment.size()),
                     out.subspan(ciphertext_at + fragment.size(), kAeadTagSize));
  if (!sealed) return Unexpected<Error>(std::move(sealed.error()));
  ++sequence_;
  return size;
}

// RFC 8446 5.2: the outer record says application_data and 0x0303; the inner plaintext is
// content || content type || zero padding; the header is the additional data and the nonce is
// the IV XOR the sequence number (5.3).
Expected<std::size_t> RecordSealer::seal_with(detail::Tls13State& state, ContentType type,
                                              ByteView fragment, MutableByteView out,
                                              std::size_t padding) {
  if (type == ContentType::change_cipher_spec) {
    return seal_with(detail::PlaintextState{kTls12RecordVersion}, type, fragment, out, 0);
  }
  // RFC 8446 5.4: the whole TLSInnerPlaintext is at most 2^14 + 1 bytes.
  if (padding > kMaxTls13InnerPlaintext - 1 - fragment.size()) {
    return misuse(ErrorCode::invalid_argument,
                  std::to_string(padding) + " bytes of padding after a fragment of " +
                      std::to_string(fragment.size()) + " bytes exceed the " +
                      std::to_string(kMaxTls13InnerPlaintext) + "-byte inner plaintext limit");
  }
  const std::size_t inner = fragment.size() + 1 + padding;
  const std::size_t body = inner + kAeadTagSize;
  const std::size_t size = kHeaderSize + body;
  if (out.size() < size) return too_small(size, out.size());
  if (auto usable = use_sequence_number(); !usable) return Unexpected<Error>(usable.error());

  const auto& aead = state.aead;
  RecordHeader{ContentType::application_data, kTls12RecordVersion, static_cast<std::uint16_t>(body)}
      .encode(header_of(out));
  const auto nonce = detail::xor_nonce(aead.iv, sequence_);
  const ByteView aad = out.first(kHeaderSize);
  const MutableByteView ciphertext = out.subspan(kHeaderSize, inner);
  const MutableByteView tag = out.subspan(kHeaderSize + inner, kAeadTagSize);

  Expected<void> sealed;
  if (1 + padding <= kStackTrailerSize) {
    std::array<std::uint8_t, kStackTrailerSize> trailer{};
    trailer[0] = static_cast<std::uint8_t>(type);
    sealed =
        aead.key->seal(nonce, aad, fragment, ByteView(trailer).first(1 + padding), ciphertext, tag);
  } else {
    std::copy(fragment.begin(), fragment.end(), ciphertext.begin());
    ciphertext[fragment.size()] = static_cast<std::uint8_t>(type);
    std::fill(ciphertext.begin() + static_cast<std::ptrdiff_t>(fragment.size() + 1),
              ciphertext.end(), std::uint8_t{0});
    sealed = aead.key->seal(nonce, aad, ciphertext, {}, ciphertext, tag);
  }
  if (!sealed) return Unexpected<Error>(std::move(sealed.error()));
  ++sequence_;
  return size;
}

Expected<void> RecordSealer::use_sequence_number() {
  if (detail::sequence_exhausted(sequence_)) {
    return fail(ErrorKind::internal, ErrorCode::sequence_exhausted,
                AlertDescription::internal_error,
                "the write sequence number reached 2^64 - 1; the key must change before "
                "another record is sent (RFC 8446 5.3, RFC 5246 6.1)");
  }
  return {};
}

std::size_t RecordSealer::max_record_size(std::size_t fragment_length,
                                          std::size_t tls13_padding) const noexcept {
  return std::visit(
      [&](const auto& state) -> std::size_t {
        using S = std::decay_t<decltype(state)>;
        if constexpr (std::is_same_v<S, detail::PlaintextState>) {
          return kHeaderSize + fragment_length;
        } else if constexpr (std::is_same_v<S, detail::Tls12State>) {
          return kHeaderSize + state.aead.explicit_nonce_size + fragment_length + kAeadTagSize;
        } else {
          return kHeaderSize + fragment_length + 1 + tls13_padding + kAeadTagSize;
        }
      },
      state_);
}

std::uint64_t RecordSealer::records_before_key_update() const noexcept {
  return std::visit(
      [&](const auto& state) -> std::uint64_t {
        using S = std::decay_t<decltype(state)>;
        if constexpr (std::is_same_v<S, detail::PlaintextState>) {
          return ~std::uint64_t{0};
        } else {
          const std::uint64_t limit = state.aead.confidentiality_limit;
          return sequence_ >= limit ? 0 : limit - sequence_;
        }
      },
      state_);
}

bool RecordSealer::key_update_due() const noexcept {
  return std::visit(
      [&](const auto& state) {
        using S = std::decay_t<decltype(state)>;
        if constexpr (std::is_same_v<S, detail::PlaintextState>) {
          return false;
        } else {
          return sequence_ >= state.aead.confidentiality_limit;
        }
      },
      state_);
}

bool RecordSealer::is_protected() const noexcept {
  return !std::holds_alternative<detail::PlaintextState>(state_);
}

}  // namespace cpptls::record
