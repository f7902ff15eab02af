// RSA key transport (handshake step 4) against a hand-made client, so that the premaster
// secret can be anything: the server must treat a bad padding, a wrong version and a wrong
// length exactly like a wrong Finished — no error where it decrypts, then decrypt_error at the
// client's Finished with the same reason (RFC 5246 7.4.7.1), so that nothing tells the cases
// apart.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "handshake/common/transcript.hpp"
#include "handshake/tls12/session_keys.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_key_exchange.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using wire::HandshakeType;

constexpr CipherSuite kSuite = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;

struct Outcome {
  Expected<void> client_key_exchange;
  Expected<void> change_cipher_spec;
  Expected<void> finished;
  bool server_complete = false;
};

class ManualRsaClient {
 public:
  ManualRsaClient() {
    ClientSettings client = client_settings();
    client.cipher_suites = {kSuite};
    ServerSettings server = server_settings(rsa_credential());
    server.cipher_suites = {kSuite};
    pair_ = std::make_unique<Pair12>(client, server);
    pair_->pump.start();
    // The real client stops after reading the server's flight; its own answer stays queued
    // and is replaced by ours.
    EXPECT_TRUE(pair_->pump.run_until(Side::client, "ExpectChangeCipherSpec"))
        << pair_->pump.describe();
    for (const auto& [sender, event] : pair_->pump.log()) {
      transcript_.add(event.message);
      if (event.is(HandshakeType::client_hello))
        std::copy_n(event.message.begin() + 6, 32, negotiated_.client_random.begin());
      if (event.is(HandshakeType::server_hello))
        std::copy_n(event.message.begin() + 6, 32, negotiated_.server_random.begin());
    }
    negotiated_.suite = crypto::find_suite(kSuite);
    negotiated_.extended_master_secret = true;
    EXPECT_TRUE(transcript_.start(real_provider(), negotiated_.suite->hash));
  }

  // Sends ClientKeyExchange(ciphertext), ChangeCipherSpec and a Finished computed from
  // `premaster` (flipped when `corrupt_finished`), and reports each step of the server.
  Outcome send(ByteView ciphertext, ByteView premaster, bool corrupt_finished = false) {
    Outcome outcome;
    Bytes exchange;
    EXPECT_TRUE(wire::encode_handshake(wire::ClientKeyExchangeRsa{ciphertext}, exchange));
    transcript_.add(exchange);
    outcome.client_key_exchange = feed(exchange);
    Output out;
    outcome.change_cipher_spec = pair_->server.on_change_cipher_spec(out);

    auto session = hs12::derive_session_keys(
        real_provider(), negotiated_, hs12::PremasterSecret(to_secret(premaster)), transcript_, {});
    EXPECT_TRUE(session);
    auto finished = hs12::make_finished(real_provider(), negotiated_, session->master,
                                        hs12::Sender::client, transcript_);
    EXPECT_TRUE(finished);
    if (corrupt_finished) (*finished)[kBody] ^= 0x01;
    outcome.finished = feed(*finished);
    outcome.server_complete = pair_->server.is_complete();
    return outcome;
  }

  [[nodiscard]] const crypto::PublicKey& server_key() const {
    static const auto key =
        real_provider().public_key(rsa_credential().chain.front()->public_key().spki);
    return **key;
  }

 private:
  Expected<void> feed(const Bytes& encoded) {
    wire::Reader reader(encoded);
    auto message = wire::HandshakeMessage::decode(reader);
    EXPECT_TRUE(message);
    Output out;
    return pair_->server.on_message(*message, encoded, out);
  }

  std::unique_ptr<Pair12> pair_;
  TranscriptHash transcript_;
  hs12::Negotiated negotiated_;
};

SecretBytes premaster_with_version(std::uint8_t major, std::uint8_t minor, std::size_t size = 48) {
  SecretBytes premaster(size, 0x5a);
  premaster[0] = major;
  premaster[1] = minor;
  return premaster;
}

// Raw RSA (no padding) of a full modulus-sized block, by the openssl command line.
std::optional<Bytes> raw_rsa_encrypt(const Bytes& block) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("cpptls-hs-rsa-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "in.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(block.data()),
             static_cast<std::streamsize>(block.size()));
  const std::string cert = (test_pki_dir() / "leaf-rsa.pem").string();
  auto done =
      run_command("openssl x509 -in '" + cert + "' -pubkey -noout > '" +
                  (dir / "pub.pem").string() + "' && openssl pkeyutl -encrypt -pubin -inkey '" +
                  (dir / "pub.pem").string() + "' -pkeyopt rsa_padding_mode:none -in '" +
                  (dir / "in.bin").string() + "' -out '" + (dir / "out.bin").string() + "'");
  std::optional<Bytes> out;
  if (done) out = read_binary(dir / "out.bin");
  fs::remove_all(dir);
  return out;
}

// A PKCS#1 v1.5 type 2 block (00 02 PS 00 M) of 256 bytes, with `type` and `separator` to
// break it on purpose.
Bytes encryption_block(ByteView message, std::uint8_t type = 0x02, bool separator = true) {
  Bytes block(256, 0x77);  // PS: non-zero padding
  block[0] = 0x00;
  block[1] = type;
  const std::size_t start = block.size() - message.size();
  if (separator) block[start - 1] = 0x00;
  std::copy(message.begin(), message.end(), block.begin() + static_cast<std::ptrdiff_t>(start));
  return block;
}

void expect_completes(const Outcome& outcome) {
  EXPECT_TRUE(outcome.client_key_exchange);
  EXPECT_TRUE(outcome.change_cipher_spec);
  EXPECT_TRUE(outcome.finished) << outcome.finished.error().to_string();
  EXPECT_TRUE(outcome.server_complete);
}

// No error until the Finished, then the same error as a plain wrong Finished.
void expect_fails_like_a_wrong_finished(const Outcome& outcome, const Outcome& wrong_finished) {
  ASSERT_TRUE(outcome.client_key_exchange) << outcome.client_key_exchange.error().to_string();
  ASSERT_TRUE(outcome.change_cipher_spec);
  ASSERT_FALSE(outcome.finished);
  ASSERT_FALSE(wrong_finished.finished);
  EXPECT_EQ(outcome.finished.error().alert(), AlertDescription::decrypt_error);
  EXPECT_EQ(outcome.finished.error().code(), wrong_finished.finished.error().code());
  EXPECT_EQ(outcome.finished.error().kind(), wrong_finished.finished.error().kind());
  EXPECT_EQ(outcome.finished.error().reason(), wrong_finished.finished.error().reason());
  EXPECT_FALSE(outcome.server_complete);
}

Outcome wrong_finished() {
  ManualRsaClient client;
  const SecretBytes premaster = premaster_with_version(3, 3);
  auto ciphertext = client.server_key().encrypt_pkcs1(premaster);
  EXPECT_TRUE(ciphertext);
  return client.send(*ciphertext, premaster, /*corrupt_finished=*/true);
}

TEST(RsaPremaster12, AWellFormedPremasterCompletesTheHandshake) {
  ManualRsaClient client;
  const SecretBytes premaster = premaster_with_version(3, 3);
  auto ciphertext = client.server_key().encrypt_pkcs1(premaster);
  ASSERT_TRUE(ciphertext);
  expect_completes(client.send(*ciphertext, premaster));
}

TEST(RsaPremaster12, AWrongFinishedFailsWithDecryptError) {
  const Outcome outcome = wrong_finished();
  EXPECT_TRUE(outcome.client_key_exchange);
  ASSERT_FALSE(outcome.finished);
  EXPECT_EQ(outcome.finished.error().alert(), AlertDescription::decrypt_error);
}

TEST(RsaPremaster12, AWrongVersionFailsOnlyAtTheFinishedLikeAWrongFinished) {
  // RFC 5246 7.4.7.1: the first two bytes must be ClientHello.client_version (0x0303), not
  // the negotiated or any other version.
  for (const auto& [major, minor] : {std::pair{3, 2}, std::pair{3, 1}, std::pair{3, 4}}) {
    ManualRsaClient client;
    const SecretBytes premaster =
        premaster_with_version(static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor));
    auto ciphertext = client.server_key().encrypt_pkcs1(premaster);
    ASSERT_TRUE(ciphertext);
    expect_fails_like_a_wrong_finished(client.send(*ciphertext, premaster), wrong_finished());
  }
}

TEST(RsaPremaster12, AWrongLengthFailsOnlyAtTheFinishedLikeAWrongFinished) {
  for (const std::size_t size : {47U, 49U, 0U}) {
    ManualRsaClient client;
    const SecretBytes premaster = premaster_with_version(3, 3, std::max<std::size_t>(size, 2));
    auto ciphertext = client.server_key().encrypt_pkcs1(ByteView(premaster).first(size));
    ASSERT_TRUE(ciphertext);
    expect_fails_like_a_wrong_finished(client.send(*ciphertext, premaster), wrong_finished());
  }
}

TEST(RsaPremaster12, ABadPaddingFailsOnlyAtTheFinishedLikeAWrongFinished) {
  if (!have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  const SecretBytes premaster = premaster_with_version(3, 3);
  {
    // Control: the same raw path with a correct block is accepted.
    ManualRsaClient client;
    auto ciphertext = raw_rsa_encrypt(encryption_block(premaster));
    ASSERT_TRUE(ciphertext);
    expect_completes(client.send(*ciphertext, premaster));
  }
  const Outcome reference = wrong_finished();
  for (const auto& [type, separator] :
       {std::pair{0x01, true}, std::pair{0x02, false}, std::pair{0x00, true}}) {
    ManualRsaClient client;
    auto ciphertext =
        raw_rsa_encrypt(encryption_block(premaster, static_cast<std::uint8_t>(type), separator));
    ASSERT_TRUE(ciphertext);
    expect_fails_like_a_wrong_finished(client.send(*ciphertext, premaster), reference);
  }
}

TEST(RsaPremaster12, ACiphertextOfTheWrongSizeIsADecodeError) {
  // Its size is public (the modulus), so refusing it at once reveals nothing.
  ManualRsaClient client;
  const SecretBytes premaster = premaster_with_version(3, 3);
  auto ciphertext = client.server_key().encrypt_pkcs1(premaster);
  ASSERT_TRUE(ciphertext);
  ciphertext->pop_back();
  const Outcome outcome = client.send(*ciphertext, premaster);
  ASSERT_FALSE(outcome.client_key_exchange);
  EXPECT_EQ(outcome.client_key_exchange.error().alert(), AlertDescription::decode_error);
}

}  // namespace
}  // namespace cpptls::handshake::testing
