#include "handshake/tls13/key_schedule.hpp"

#include <utility>

#include "crypto/hkdf.hpp"

namespace cpptls::hs13 {
namespace {

Expected<SecretBytes> expand_label(const ScheduleContext& context, ByteView secret,
                                   std::string_view label, ByteView hash_context,
                                   std::size_t size) {
  SecretBytes out(size);
  if (auto done = crypto::hkdf_expand_label(*context.provider, context.hash, secret, label,
                                            hash_context, out);
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return out;
}

// HKDF-Extract(salt = Derive-Secret(previous, "derived", ""), ikm), with Hash.length zeros
// standing in for an absent input (RFC 8446 7.1).
Expected<SecretBytes> extract_after(const ScheduleContext& context, ByteView previous,
                                    ByteView ikm) {
  auto empty = empty_hash(context);
  if (!empty) return Unexpected<Error>(std::move(empty.error()));
  auto salt = derive_secret(context, previous, "derived", empty->view());
  if (!salt) return Unexpected<Error>(std::move(salt.error()));
  const SecretBytes zeros(context.digest_size(), 0);
  return crypto::hkdf_extract(*context.provider, context.hash, *salt,
                              ikm.empty() ? ByteView(zeros) : ikm);
}

Expected<void> check_context(const ScheduleContext& context) {
  if (context.provider == nullptr) return internal_failure("the key schedule has no provider");
  return {};
}

}  // namespace

Expected<handshake::Digest> empty_hash(ScheduleContext context) {
  handshake::Digest digest;
  digest.size = context.digest_size();
  if (auto done = crypto::hash_once(*context.provider, context.hash, {},
                                    MutableByteView(digest.bytes.data(), digest.size));
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return digest;
}

Expected<SecretBytes> derive_secret(ScheduleContext context, ByteView secret,
                                    std::string_view label, ByteView messages_hash) {
  return expand_label(context, secret, label, messages_hash, context.digest_size());
}

// --- TrafficSecret ---

Expected<crypto::TrafficKeys> TrafficSecret::traffic_keys(crypto::AeadAlgorithm aead) const {
  crypto::TrafficKeys keys;
  keys.aead = aead;
  auto key = expand_label(context_, secret_, "key", {}, crypto::key_size(aead));
  if (!key) return Unexpected<Error>(std::move(key.error()));
  auto iv = expand_label(context_, secret_, "iv", {}, crypto::kAeadNonceSize);
  if (!iv) return Unexpected<Error>(std::move(iv.error()));
  keys.key = std::move(*key);
  keys.iv = std::move(*iv);
  return keys;
}

Expected<handshake::Digest> TrafficSecret::finished_verify_data(ByteView transcript_hash) const {
  auto finished_key = expand_label(context_, secret_, "finished", {}, context_.digest_size());
  if (!finished_key) return Unexpected<Error>(std::move(finished_key.error()));
  handshake::Digest out;
  out.size = context_.digest_size();
  if (auto done = crypto::hmac_once(*context_.provider, context_.hash, *finished_key,
                                    transcript_hash, MutableByteView(out.bytes.data(), out.size));
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return out;
}

Expected<TrafficSecret> TrafficSecret::next_generation() const {
  auto next = expand_label(context_, secret_, "traffic upd", {}, context_.digest_size());
  if (!next) return Unexpected<Error>(std::move(next.error()));
  return TrafficSecret(context_, std::move(*next));
}

// --- EarlySecret ---

Expected<EarlySecret> EarlySecret::without_psk(ScheduleContext context) {
  if (auto ok = check_context(context); !ok) return Unexpected<Error>(std::move(ok.error()));
  const SecretBytes zeros(context.digest_size(), 0);
  return from_psk(context, zeros);
}

Expected<EarlySecret> EarlySecret::from_psk(ScheduleContext context, ByteView psk) {
  if (auto ok = check_context(context); !ok) return Unexpected<Error>(std::move(ok.error()));
  // The salt is absent, which HKDF-Extract (RFC 5869 2.2) treats as Hash.length zeros.
  auto secret = crypto::hkdf_extract(*context.provider, context.hash, {}, psk);
  if (!secret) return Unexpected<Error>(std::move(secret.error()));
  return EarlySecret(context, std::move(*secret));
}

Expected<handshake::Digest> EarlySecret::binder(BinderKind kind,
                                                ByteView truncated_hello_hash) const {
  auto empty = empty_hash(context_);
  if (!empty) return Unexpected<Error>(std::move(empty.error()));
  const std::string_view label = kind == BinderKind::resumption ? "res binder" : "ext binder";
  auto binder_key = derive_secret(context_, secret_, label, empty->view());
  if (!binder_key) return Unexpected<Error>(std::move(binder_key.error()));
  // The binder is computed as a Finished with the binder key as the base key (4.2.11.2).
  const TrafficSecret base(context_, std::move(*binder_key));
  return base.finished_verify_data(truncated_hello_hash);
}

Expected<TrafficSecret> EarlySecret::client_early_traffic_secret(ByteView hello_hash) const {
  auto secret = derive_secret(context_, secret_, "c e traffic", hello_hash);
  if (!secret) return Unexpected<Error>(std::move(secret.error()));
  return TrafficSecret(context_, std::move(*secret));
}

Expected<HandshakeSecret> EarlySecret::into_handshake_secret(ByteView shared_secret) && {
  auto secret = extract_after(context_, secret_, shared_secret);
  if (!secret) return Unexpected<Error>(std::move(secret.error()));
  return HandshakeSecret(context_, std::move(*secret));
}

// --- HandshakeSecret ---

Expected<HandshakeTrafficSecrets> HandshakeSecret::traffic_secrets(ByteView hello_hash) const {
  auto client = derive_secret(context_, secret_, "c hs traffic", hello_hash);
  if (!client) return Unexpected<Error>(std::move(client.error()));
  auto server = derive_secret(context_, secret_, "s hs traffic", hello_hash);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  return HandshakeTrafficSecrets{TrafficSecret(context_, std::move(*client)),
                                 TrafficSecret(context_, std::move(*server))};
}

Expected<MasterSecret> HandshakeSecret::into_master_secret() && {
  auto secret = extract_after(context_, secret_, {});
  if (!secret) return Unexpected<Error>(std::move(secret.error()));
  return MasterSecret(context_, std::move(*secret));
}

// --- MasterSecret ---

Expected<ApplicationSecrets> MasterSecret::application_secrets(
    ByteView server_finished_hash) const {
  auto client = derive_secret(context_, secret_, "c ap traffic", server_finished_hash);
  if (!client) return Unexpected<Error>(std::move(client.error()));
  auto server = derive_secret(context_, secret_, "s ap traffic", server_finished_hash);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  auto exporter = derive_secret(context_, secret_, "exp master", server_finished_hash);
  if (!exporter) return Unexpected<Error>(std::move(exporter.error()));
  return ApplicationSecrets{TrafficSecret(context_, std::move(*client)),
                            TrafficSecret(context_, std::move(*server)), std::move(*exporter)};
}

Expected<SecretBytes> MasterSecret::resumption_master_secret(ByteView client_finished_hash) const {
  return derive_secret(context_, secret_, "res master", client_finished_hash);
}

Expected<SecretBytes> resumption_psk(ScheduleContext context, ByteView resumption_master_secret,
                                     ByteView ticket_nonce) {
  return expand_label(context, resumption_master_secret, "resumption", ticket_nonce,
                      context.digest_size());
}

}  // namespace cpptls::hs13
