#include "handshake/common/exporter.hpp"

#include <array>
#include <string>

#include "crypto/hkdf.hpp"
#include "crypto/tls12_prf.hpp"

namespace cpptls::handshake {
namespace {

// RFC 5705 4: "Labels ... MUST NOT ... the labels 'client finished', 'server finished',
// 'master secret', and 'key expansion'" are those of the TLS PRF itself; RFC 7627 adds
// 'extended master secret'. An export under one of them could reproduce a value the protocol
// derives (a Finished, the key block), so they are refused in both versions.
constexpr std::array<std::string_view, 5> kReservedLabels = {"client finished", "server finished",
                                                             "master secret", "key expansion",
                                                             "extended master secret"};

// RFC 8446 7.1: label<7..255> holds "tls13 " (6 bytes) and the label.
constexpr std::size_t kMaxTls13Label = 255 - 6;

[[nodiscard]] Unexpected<Error> refuse(std::string reason) {
  return misuse(ErrorCode::invalid_argument, std::move(reason));
}

}  // namespace

Exporter Exporter::tls12(crypto::HashAlgorithm prf_hash, ByteView master_secret,
                         ByteView client_random, ByteView server_random,
                         bool extended_master_secret) {
  Exporter exporter;
  exporter.kind_ = extended_master_secret ? Kind::tls12 : Kind::tls12_without_ems;
  exporter.hash_ = prf_hash;
  exporter.secret_ = to_secret(master_secret);
  exporter.randoms_.assign(client_random.begin(), client_random.end());
  exporter.randoms_.insert(exporter.randoms_.end(), server_random.begin(), server_random.end());
  return exporter;
}

Exporter Exporter::tls13(crypto::HashAlgorithm hash, ByteView exporter_master_secret) {
  Exporter exporter;
  exporter.kind_ = Kind::tls13;
  exporter.hash_ = hash;
  exporter.secret_ = to_secret(exporter_master_secret);
  return exporter;
}

Expected<void> Exporter::export_into(const crypto::Provider& provider, std::string_view label,
                                     std::optional<ByteView> context, MutableByteView out) const {
  switch (kind_) {
    case Kind::none:
      return misuse(ErrorCode::invalid_state,
                    "keying material can be exported only once the handshake has completed");
    case Kind::tls12_without_ems:
      return misuse(ErrorCode::invalid_state,
                    "the TLS 1.2 handshake did not use the extended master secret, so its master "
                    "secret, and any keying material exported from it, may be shared with another "
                    "connection (RFC 7627 1, the triple handshake): export is refused");
    case Kind::tls12:
    case Kind::tls13:
      break;
  }
  for (const std::string_view reserved : kReservedLabels) {
    if (label == reserved) {
      return refuse("the exporter label '" + std::string(label) +
                    "' is reserved for the TLS PRF's own use (RFC 5705 4, RFC 7627)");
    }
  }
  const std::size_t most = 255 * crypto::digest_size(hash_);
  if (out.size() > most) {
    return refuse("at most " + std::to_string(most) + " bytes can be exported; " +
                  std::to_string(out.size()) + " were asked for");
  }
  if (kind_ == Kind::tls13) return export_tls13(provider, label, context, out);
  return export_tls12(provider, label, context, out);
}

// RFC 5705 4: PRF(master_secret, label, client_random + server_random
// [+ context_value_length + context_value])[length]; without a context, no length either.
Expected<void> Exporter::export_tls12(const crypto::Provider& provider, std::string_view label,
                                      std::optional<ByteView> context, MutableByteView out) const {
  Bytes seed = randoms_;
  if (context) {
    if (context->size() > 0xffff) {
      return refuse("a TLS 1.2 exporter context is at most 65535 bytes (RFC 5705 4); it has " +
                    std::to_string(context->size()));
    }
    seed.push_back(static_cast<std::uint8_t>(context->size() >> 8));
    seed.push_back(static_cast<std::uint8_t>(context->size() & 0xff));
    seed.insert(seed.end(), context->begin(), context->end());
  }
  return crypto::tls12_prf(provider, hash_, secret_, label, seed, {}, out);
}

// RFC 8446 7.5: HKDF-Expand-Label(Derive-Secret(exporter_master_secret, label, ""),
// "exporter", Hash(context_value), key_length); an absent context is hashed as empty.
Expected<void> Exporter::export_tls13(const crypto::Provider& provider, std::string_view label,
                                      std::optional<ByteView> context, MutableByteView out) const {
  if (label.size() > kMaxTls13Label) {
    return refuse("a TLS 1.3 exporter label is at most " + std::to_string(kMaxTls13Label) +
                  " bytes (RFC 8446 7.1); it has " + std::to_string(label.size()));
  }
  const std::size_t size = crypto::digest_size(hash_);
  std::array<std::uint8_t, crypto::kMaxDigestSize> empty_hash{};
  std::array<std::uint8_t, crypto::kMaxDigestSize> context_hash{};
  {
    auto hash = provider.hash(hash_);
    if (!hash) return Unexpected<Error>(std::move(hash.error()));
    if (auto done = (*hash)->finish(MutableByteView(empty_hash).first(size)); !done) return done;
    if (context) (*hash)->update(*context);
    if (auto done = (*hash)->finish(MutableByteView(context_hash).first(size)); !done) return done;
  }
  SecretBytes derived(size);
  if (auto done = crypto::hkdf_expand_label(provider, hash_, secret_, label,
                                            ByteView(empty_hash).first(size), derived);
      !done) {
    return done;
  }
  return crypto::hkdf_expand_label(provider, hash_, derived, "exporter",
                                   ByteView(context_hash).first(size), out);
}

}  // namespace cpptls::handshake
