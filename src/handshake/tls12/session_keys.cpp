#include "handshake/tls12/session_keys.hpp"

#include <string>

#include "base/constant_time.hpp"
#include "wire/messages/finished.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs12 {

Expected<SessionKeys> derive_session_keys(const crypto::Provider& provider,
                                          const Negotiated& negotiated, PremasterSecret premaster,
                                          const handshake::TranscriptHash& transcript,
                                          const handshake::KeyLogCallback& key_log) {
  const crypto::HashAlgorithm prf_hash = negotiated.suite->hash;
  Expected<MasterSecret> master = [&]() -> Expected<MasterSecret> {
    if (!negotiated.extended_master_secret) {
      return derive_master_secret(provider, prf_hash, std::move(premaster),
                                  negotiated.client_random, negotiated.server_random);
    }
    auto session_hash = transcript.digest();
    if (!session_hash) return Unexpected<Error>(std::move(session_hash.error()));
    return derive_extended_master_secret(provider, prf_hash, std::move(premaster),
                                         session_hash->view());
  }();
  if (!master) return Unexpected<Error>(std::move(master.error()));
  if (key_log) key_log("CLIENT_RANDOM", negotiated.client_random, master->bytes());

  auto keys = derive_key_block(provider, *negotiated.suite, *master, negotiated.client_random,
                               negotiated.server_random);
  if (!keys) return Unexpected<Error>(std::move(keys.error()));
  return SessionKeys{std::move(*master), std::move(*keys)};
}

handshake::Exporter make_exporter(const Negotiated& negotiated, const MasterSecret& master) {
  return handshake::Exporter::tls12(negotiated.suite->hash, master.bytes(),
                                    negotiated.client_random, negotiated.server_random,
                                    negotiated.extended_master_secret);
}

Expected<Bytes> make_finished(const crypto::Provider& provider, const Negotiated& negotiated,
                              const MasterSecret& master, Sender sender,
                              const handshake::TranscriptHash& transcript) {
  auto hash = transcript.digest();
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  auto verify_data =
      finished_verify_data(provider, negotiated.suite->hash, master, sender, hash->view());
  if (!verify_data) return Unexpected<Error>(std::move(verify_data.error()));
  Bytes message;
  if (auto encoded = wire::encode_handshake(wire::Finished{*verify_data}, message); !encoded)
    return Unexpected<Error>(std::move(encoded.error()));
  return message;
}

Bytes finished_verify_data_of(ByteView message) {
  constexpr std::size_t kHeader = 4;  // msg_type, uint24 length (RFC 5246 7.4)
  if (message.size() <= kHeader) return {};
  return Bytes(message.begin() + kHeader, message.end());
}

Expected<void> check_finished(const crypto::Provider& provider, const Negotiated& negotiated,
                              const MasterSecret& master, Sender sender,
                              const handshake::TranscriptHash& transcript, ByteView body) {
  auto received = wire::Finished::decode(body, kVerifyDataSize);
  if (!received) return Unexpected<Error>(std::move(received.error()));
  auto hash = transcript.digest();
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  auto expected =
      finished_verify_data(provider, negotiated.suite->hash, master, sender, hash->view());
  if (!expected) return Unexpected<Error>(std::move(expected.error()));
  if (!constant_time_equal(received->verify_data, *expected)) {
    const std::string who = sender == Sender::client ? "client" : "server";
    return fail(ErrorKind::crypto, ErrorCode::bad_finished, AlertDescription::decrypt_error,
                "the " + who +
                    " Finished verify_data does not match the handshake (RFC 5246 7.4.9): the "
                    "peers disagree on the messages exchanged or on the keys");
  }
  return {};
}

}  // namespace cpptls::hs12
