#include "record/opener.hpp"

#include <array>
#include <string>
#include <type_traits>
#include <variant>

#include "base/hex.hpp"

namespace cpptls::record {
namespace {

using crypto::kAeadTagSize;

[[nodiscard]] Unexpected<Error> overflow(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::record_overflow,
              AlertDescription::record_overflow, std::move(reason));
}

[[nodiscard]] Unexpected<Error> unexpected(ErrorCode code, std::string reason) {
  return fail(ErrorKind::peer_misbehaved, code, AlertDescription::unexpected_message,
              std::move(reason));
}

[[nodiscard]] Unexpected<Error> bad_mac(std::string reason) {
  return fail(ErrorKind::crypto, ErrorCode::bad_record_mac, AlertDescription::bad_record_mac,
              std::move(reason));
}

// RFC 8446 5.1: "Implementations MUST NOT send zero-length fragments of Handshake types", and
// an alert record holds exactly one alert; RFC 5246 6.2.1 forbids zero-length handshake, alert
// and change_cipher_spec fragments. Empty application data is allowed (traffic analysis
// countermeasure).
[[nodiscard]] Expected<OpenedRecord> refuse_if_empty(ContentType type, MutableByteView content) {
  if (content.empty() && type != ContentType::application_data) {
    return unexpected(ErrorCode::empty_record,
                      "received an empty " + detail::describe(type) + " record");
  }
  return OpenedRecord{type, content};
}

// RFC 8446 5.2: a protected record's "legacy_record_version field is always 0x0303"; RFC 5246
// 6.2.1: a TLS 1.2 record carries "the version of the protocol being employed", and the only
// TLS 1.2 we negotiate is 0x0303. So once a read key is in use the version is known and must
// match. Records in the clear are checked only for major version 3 (header.cpp): a first
// ClientHello may carry any {03,XX} (RFC 5246 E.1), a TLS 1.3 plaintext record's field "MUST be
// ignored for all purposes" (RFC 8446 5.1), and an alert about a failed negotiation may carry
// the peer's own version. protocol_version, the alert BoringSSL and OpenSSL send for it.
[[nodiscard]] Expected<void> check_protected_version(const RecordHeader& header) {
  if (header.version == kTls12RecordVersion) return {};
  return fail(ErrorKind::peer_misbehaved, ErrorCode::bad_record_header,
              AlertDescription::protocol_version,
              "protected record carries record version 0x" + to_hex_u16(header.version) +
                  ", not 0x0303 (RFC 8446 5.2, RFC 5246 6.2.1)");
}

}  // namespace

Expected<RecordOpener> RecordOpener::create(const crypto::Provider& provider,
                                            crypto::SuiteVersion version, const TrafficKeys& keys) {
  auto aead = detail::make_aead_state(provider, version, keys);
  if (!aead) return Unexpected<Error>(std::move(aead.error()));
  if (version == crypto::SuiteVersion::tls12) {
    return RecordOpener(State(detail::Tls12State{std::move(*aead)}));
  }
  return RecordOpener(State(detail::Tls13State{std::move(*aead)}));
}

Expected<OpenedRecord> RecordOpener::open(const RecordHeader& header, MutableByteView fragment) {
  if (fragment.size() != header.length) {
    return misuse(ErrorCode::invalid_argument, "the record header says " +
                                                   std::to_string(header.length) + " bytes but " +
                                                   std::to_string(fragment.size()) + " were given");
  }
  return std::visit([&](auto& state) { return open_with(state, header, fragment); }, state_);
}

Expected<OpenedRecord> RecordOpener::open_with(const detail::PlaintextState& /*state*/,
                                               const RecordHeader& header,
                                               MutableByteView fragment) {
  // RFC 8446 5.1, RFC 5246 6.2.1: TLSPlaintext.length is at most 2^14.
  if (fragment.size() > kMaxPlaintext) {
    return overflow("plaintext record of " + std::to_string(fragment.size()) +
                    " bytes exceeds the limit of " + std::to_string(kMaxPlaintext));
  }
  return refuse_if_empty(header.type, fragment);
}

// RFC 5246 6.2.3.3 with RFC 5288 3 (AES-GCM: the record starts with the 8-byte explicit part
// of the nonce) and RFC 7905 2 (ChaCha20-Poly1305: nonce = IV XOR sequence number).
Expected<OpenedRecord> RecordOpener::open_with(detail::Tls12State& state,
                                               const RecordHeader& header,
                                               MutableByteView fragment) {
  if (auto version = check_protected_version(header); !version) {
    return Unexpected<Error>(std::move(version.error()));
  }
  // RFC 5246 6.2.3: TLSCiphertext.length is at most 2^14 + 2048.
  if (fragment.size() > kMaxTls12Ciphertext) {
    return overflow("protected record of " + std::to_string(fragment.size()) +
                    " bytes exceeds the limit of " + std::to_string(kMaxTls12Ciphertext) +
                    " (RFC 5246 6.2.3)");
  }
  const auto& aead = state.aead;
  const std::size_t overhead = aead.explicit_nonce_size + kAeadTagSize;
  // Too short to hold a nonce and a tag: it cannot be authentic.
  if (fragment.size() < overhead) {
    return bad_mac("record " + std::to_string(sequence_) + " has " +
                   std::to_string(fragment.size()) + " bytes, fewer than the " +
                   std::to_string(aead.explicit_nonce_size) + "-byte explicit nonce and " +
                   std::to_string(kAeadTagSize) + "-byte tag");
  }
  if (auto usable = use_sequence_number(); !usable) return Unexpected<Error>(usable.error());

  const std::size_t plaintext_size = fragment.size() - overhead;
  detail::Nonce nonce{};
  if (aead.explicit_nonce_size > 0) {
    nonce = detail::gcm_nonce(aead.iv, fragment.first(aead.explicit_nonce_size));
  } else {
    nonce = detail::xor_nonce(aead.iv, sequence_);
  }
  const auto aad = detail::tls12_aad(sequence_, header.type, header.version, plaintext_size);
  const MutableByteView plaintext = fragment.subspan(aead.explicit_nonce_size, plaintext_size);
  auto opened = aead.key->open(nonce, aad, plaintext, fragment.last(kAeadTagSize));
  if (!opened) return authentication_failed(aead, header, opened.error());

  // RFC 5246 6.2.3: a decrypted fragment longer than 2^14 is a record_overflow.
  if (plaintext_size > kMaxPlaintext) {
    return overflow("record " + std::to_string(sequence_) + " decrypts to " +
                    std::to_string(plaintext_size) + " bytes, more than " +
                    std::to_string(kMaxPlaintext));
  }
  auto record = refuse_if_empty(header.type, plaintext);
  if (record) ++sequence_;
  return record;
}

// RFC 8446 5.2-5.4.
Expected<OpenedRecord> RecordOpener::open_with(detail::Tls13State& state,
                                               const RecordHeader& header,
                                               MutableByteView fragment) {
  // RFC 8446 5: a change_cipher_spec record may arrive in the clear during the handshake
  // (middlebox compatibility); whether it is acceptable is for the handshake layer to say.
  if (header.type == ContentType::change_cipher_spec) {
    if (fragment.size() > kMaxPlaintext) {
      return overflow("change_cipher_spec record of " + std::to_string(fragment.size()) +
                      " bytes exceeds the limit of " + std::to_string(kMaxPlaintext));
    }
    return refuse_if_empty(header.type, fragment);
  }
  // RFC 8446 5.2: every protected record says application_data outside; anything else in the
  // clear after keys are in use is an unexpected record type (RFC 8446 5).
  if (header.type != ContentType::application_data) {
    return unexpected(ErrorCode::unexpected_content_type,
                      "received an unprotected " + detail::describe(header.type) +
                          " record after the read key was installed");
  }
  if (auto version = check_protected_version(header); !version) {
    return Unexpected<Error>(std::move(version.error()));
  }
  if (fragment.size() > kMaxTls13Ciphertext) {
    return overflow("protected record of " + std::to_string(fragment.size()) +
                    " bytes exceeds the limit of " + std::to_string(kMaxTls13Ciphertext) +
                    " (RFC 8446 5.2)");
  }
  if (fragment.size() < kAeadTagSize) {
    return bad_mac("record " + std::to_string(sequence_) + " has " +
                   std::to_string(fragment.size()) + " bytes, fewer than the " +
                   std::to_string(kAeadTagSize) + "-byte tag");
  }
  if (auto usable = use_sequence_number(); !usable) return Unexpected<Error>(usable.error());

  const auto& aead = state.aead;
  const auto nonce = detail::xor_nonce(aead.iv, sequence_);
  // The additional data is the record header as received (RFC 8446 5.2).
  std::array<std::uint8_t, kHeaderSize> aad{};
  header.encode(aad);
  const MutableByteView inner = fragment.first(fragment.size() - kAeadTagSize);
  auto opened = aead.key->open(nonce, aad, inner, fragment.last(kAeadTagSize));
  if (!opened) return authentication_failed(aead, header, opened.error());

  // RFC 8446 5.4: the full TLSInnerPlaintext, padding included, is at most 2^14 + 1 bytes.
  if (inner.size() > kMaxTls13InnerPlaintext) {
    return overflow("record " + std::to_string(sequence_) + " decrypts to " +
                    std::to_string(inner.size()) + " bytes of inner plaintext, more than " +
                    std::to_string(kMaxTls13InnerPlaintext));
  }
  // RFC 8446 5.4: the content type is the last non-zero byte; padding follows it. Only the
  // AEAD's output is scanned.
  std::size_t end = inner.size();
  while (end > 0 && inner[end - 1] == 0)
    --end;
  if (end == 0) {
    return unexpected(ErrorCode::unexpected_content_type,
                      "record " + std::to_string(sequence_) + " (" + std::to_string(inner.size()) +
                          " bytes of inner plaintext) has no non-zero content type byte");
  }
  const auto type = static_cast<ContentType>(inner[end - 1]);
  // RFC 8446 5: a protected change_cipher_spec is an unexpected_message; so is a type we do
  // not know.
  if (type != ContentType::handshake && type != ContentType::alert &&
      type != ContentType::application_data) {
    return unexpected(ErrorCode::unexpected_content_type,
                      "record " + std::to_string(sequence_) + " carries inner content type " +
                          detail::describe(type) + ", not handshake, alert or application_data");
  }
  auto record = refuse_if_empty(type, inner.first(end - 1));
  if (record) ++sequence_;
  return record;
}

Expected<void> RecordOpener::use_sequence_number() const {
  if (detail::sequence_exhausted(sequence_)) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::sequence_exhausted,
                AlertDescription::internal_error,
                "the read sequence number reached 2^64 - 1 without a key change "
                "(RFC 8446 5.3, RFC 5246 6.1)");
  }
  return {};
}

Unexpected<Error> RecordOpener::authentication_failed(const detail::AeadState& aead,
                                                      const RecordHeader& header,
                                                      const Error& cause) const {
  return bad_mac("record " + std::to_string(sequence_) + " (" + detail::describe(header.type) +
                 ", " + std::to_string(header.length) + " bytes) failed " +
                 std::string(crypto::aead_info(aead.key->algorithm()).name) +
                 " authentication: " + cause.reason());
}

std::size_t RecordOpener::max_fragment() const noexcept {
  return std::visit(
      [](const auto& state) -> std::size_t {
        using S = std::decay_t<decltype(state)>;
        if constexpr (std::is_same_v<S, detail::PlaintextState>) {
          return kMaxPlaintext;
        } else if constexpr (std::is_same_v<S, detail::Tls12State>) {
          return kMaxTls12Ciphertext;
        } else {
          return kMaxTls13Ciphertext;
        }
      },
      state_);
}

bool RecordOpener::is_protected() const noexcept {
  return !std::holds_alternative<detail::PlaintextState>(state_);
}

}  // namespace cpptls::record
