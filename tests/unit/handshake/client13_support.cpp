#include "unit/handshake/client13_support.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/tls13/client_testing.hpp"
#include "handshake/tls13/key_schedule.hpp"
#include "unit/handshake/test_pki.hpp"
#include "unit/wire_messages/test_support.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"

namespace cpptls::hs13::client_test {
namespace {

using wire::test::trace_value;

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

bool is_hex_pairs(const std::string& text) {
  if (text.empty()) return false;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (word.size() != 2 || !std::isxdigit(static_cast<unsigned char>(word[0])) ||
        !std::isxdigit(static_cast<unsigned char>(word[1])))
      return false;
  }
  return true;
}

bool is_page_furniture(const std::string& text) {
  return text.empty() || text.rfind("Thomson", 0) == 0 || text.rfind("Internet-Draft", 0) == 0 ||
         text.find('\f') != std::string::npos;
}

// Section 2 prints the RSA key's parts as "label:  hex ..." without an octet count, which the
// shared trace reader does not read.
Bytes section2_value(std::string_view label) {
  std::ifstream file(CPPTLS_SHARED_DIR "/testdata/tls13-traces/draft-ietf-tls-tls13-vectors.txt");
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  bool in_section = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("2.  Private Keys", 0) == 0) in_section = true;
    if (lines[i].rfind("3.  Simple", 0) == 0) break;
    const std::string text = trim(lines[i]);
    if (!in_section || text.rfind(std::string(label) + ":", 0) != 0) continue;
    std::string hex_text = text.substr(label.size() + 1);
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string next = trim(lines[j]);
      if (is_hex_pairs(next)) {
        hex_text += " " + next;
      } else if (!is_page_furniture(next)) {
        break;
      }
    }
    auto bytes = from_hex(hex_text);
    EXPECT_TRUE(bytes.has_value()) << label;
    return bytes ? *bytes : Bytes{};
  }
  ADD_FAILURE() << "no \"" << label << "\" in section 2 of the trace";
  return {};
}

void der_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
  } else if (length < 0x100) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(length));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(length));
  }
}

Bytes der(std::uint8_t tag, ByteView content) {
  Bytes out{tag};
  der_length(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

// A positive INTEGER: a leading zero when the top bit is set.
Bytes der_integer(ByteView magnitude) {
  Bytes content;
  if (magnitude.empty() || (magnitude[0] & 0x80) != 0) content.push_back(0);
  content.insert(content.end(), magnitude.begin(), magnitude.end());
  return der(0x02, content);
}

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (const ByteView part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace

Bytes trace_message(int section, std::string_view name, int skip) {
  return trace_value(section, "construct a " + std::string(name) + " handshake message", name,
                     skip);
}

TraceClient::TraceClient() : provider(handshake::testing::real_provider(), 13, 1'700'000'000) {}

handshake::ClientSettings trace_settings() {
  handshake::ClientSettings settings;
  settings.provider = &handshake::testing::real_provider();
  settings.server_name = "server";
  settings.server_auth = handshake::ServerAuthPolicy::no_verification();
  return settings;
}

std::unique_ptr<TraceClient> start_trace_client(
    int section, const std::function<void(handshake::ClientSettings&)>& adjust,
    const std::function<void(wire::ClientHello&)>& edit_hello) {
  auto trace = std::make_unique<TraceClient>();
  TraceClient* self = trace.get();
  self->provider.queue_key_share_private(
      crypto::NamedGroup::x25519,
      trace_value(section, "{client}  create an ephemeral x25519 key pair", "private key"));
  std::vector<Bytes> hellos{trace_message(section, "ClientHello")};
  if (section == kRetry) {
    self->provider.queue_key_share_private(
        crypto::NamedGroup::secp256r1,
        trace_value(section, "{client}  create an ephemeral P-256 key pair", "private key"));
    hellos.push_back(trace_message(section, "ClientHello", 1));
  }
  if (edit_hello) {
    const Bytes original = hellos[0];
    auto hello = wire::ClientHello::decode(ByteView(original).subspan(wire::kHandshakeHeaderSize));
    EXPECT_TRUE(hello.has_value());
    if (hello) {
      edit_hello(*hello);
      hellos[0].clear();
      EXPECT_TRUE(wire::encode_handshake(*hello, hellos[0]).has_value());
    }
  }

  handshake::ClientSettings settings = trace_settings();
  settings.provider = &self->provider;
  settings.key_log = [self](std::string_view label, ByteView random, ByteView secret) {
    self->key_log.push_back({std::string(label), Bytes(random.begin(), random.end()),
                             Bytes(secret.begin(), secret.end())});
  };
  if (adjust) adjust(settings);
  self->client = std::make_unique<ClientHandshake>(std::move(settings));
  testing::replace_client_hellos(*self->client, [self, hellos](ByteView ours, int index) {
    self->own_hellos.emplace_back(ours.begin(), ours.end());
    return hellos.at(static_cast<std::size_t>(index));
  });
  auto started = self->client->start(self->started);
  EXPECT_TRUE(started.has_value()) << started.error().to_string();
  return trace;
}

Expected<void> deliver(handshake::Handshake& client, ByteView message, Output& out) {
  wire::Reader reader(message);
  auto decoded = wire::HandshakeMessage::decode(reader);
  EXPECT_TRUE(decoded.has_value()) << "the test built a malformed message";
  EXPECT_TRUE(reader.empty()) << "the test passed more than one message";
  if (!decoded) return Unexpected<Error>(decoded.error());
  return client.on_message(*decoded, message, out);
}

Expected<void> feed_server_flight(TraceClient& trace, int section, std::string_view last,
                                  Output& out, bool after_hello) {
  struct Item {
    std::string name;
    int skip;
  };
  std::vector<Item> flight;
  if (section == kRetry) flight.push_back({"HelloRetryRequest", 0});
  flight.push_back({"ServerHello", section == kRetry ? 1 : 0});
  flight.push_back({"EncryptedExtensions", 0});
  if (section == kClientAuth) flight.push_back({"CertificateRequest", 0});
  flight.push_back({"Certificate", 0});
  flight.push_back({"CertificateVerify", 0});
  flight.push_back({"Finished", 0});

  bool skipping = after_hello;
  for (const Item& item : flight) {
    if (skipping) {
      if (item.name != "ServerHello") continue;
      skipping = false;
      if (section == kCompatibility) {
        Output ignored;
        if (auto done = trace.client->on_change_cipher_spec(ignored); !done) return done;
      }
      continue;
    }
    out.clear();
    const std::string name = item.name == "HelloRetryRequest" ? "ServerHello" : item.name;
    if (auto done = deliver(*trace.client, trace_message(section, name, item.skip), out); !done)
      return done;
    // Section 7: the server's compatibility change_cipher_spec follows its ServerHello.
    if (section == kCompatibility && item.name == "ServerHello" && item.name != last) {
      Output ignored;
      if (auto done = trace.client->on_change_cipher_spec(ignored); !done) return done;
    }
    if (item.name == last) break;
  }
  return {};
}

std::vector<Bytes> sent_messages(Output& out) {
  std::vector<Bytes> messages;
  for (handshake::Action& action : out.actions()) {
    auto* send = std::get_if<handshake::SendHandshake>(&action);
    if (send == nullptr) continue;
    wire::Reader reader(send->messages);
    while (!reader.empty()) {
      const std::size_t start = reader.offset();
      auto message = wire::HandshakeMessage::decode(reader);
      if (!message) {
        ADD_FAILURE() << "a SendHandshake holds a malformed message";
        break;
      }
      const ByteView whole = ByteView(send->messages).subspan(start, reader.offset() - start);
      messages.emplace_back(whole.begin(), whole.end());
    }
  }
  return messages;
}

std::vector<handshake::InstallKeys*> installs(Output& out) {
  std::vector<handshake::InstallKeys*> found;
  for (handshake::Action& action : out.actions()) {
    if (auto* install = std::get_if<handshake::InstallKeys>(&action)) found.push_back(install);
  }
  return found;
}

std::vector<std::string> action_names(Output& out) {
  std::vector<std::string> names;
  for (handshake::Action& action : out.actions()) {
    if (auto* send = std::get_if<handshake::SendHandshake>(&action)) {
      std::string name = "send(";
      wire::Reader reader(send->messages);
      bool first = true;
      while (!reader.empty()) {
        auto message = wire::HandshakeMessage::decode(reader);
        if (!message) break;
        name += (first ? "" : ",") + wire::to_string(message->type);
        first = false;
      }
      names.push_back(name + ")");
    } else if (std::holds_alternative<handshake::SendChangeCipherSpec>(action)) {
      names.emplace_back("ccs");
    } else if (auto* install = std::get_if<handshake::InstallKeys>(&action)) {
      names.emplace_back(install->direction == handshake::Direction::read ? "install(read)"
                                                                          : "install(write)");
    } else {
      names.emplace_back("complete");
    }
  }
  return names;
}

Bytes edit_server_hello(ByteView message, const std::function<void(wire::ServerHello&)>& change) {
  auto hello = wire::ServerHello::decode(message.subspan(wire::kHandshakeHeaderSize));
  EXPECT_TRUE(hello.has_value()) << hello.error().to_string();
  if (!hello) return {};
  change(*hello);
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(*hello, out).has_value());
  return out;
}

Bytes hello_retry_request(crypto::CipherSuite suite, ByteView session_id_echo,
                          std::optional<crypto::NamedGroup> group, std::optional<Bytes> cookie) {
  handshake::ExtensionBuilder extensions;
  extensions.add(wire::ExtensionType::supported_versions,
                 wire::SupportedVersionsServerHello{wire::ProtocolVersion::tls13});
  if (group)
    extensions.add(wire::ExtensionType::key_share, wire::KeyShareHelloRetryRequest{*group});
  if (cookie) extensions.add(wire::ExtensionType::cookie, wire::Cookie{*cookie});
  wire::ServerHello hello;
  hello.random = wire::kHelloRetryRequestRandom;
  hello.legacy_session_id_echo = session_id_echo;
  hello.cipher_suite = suite;
  hello.extensions = extensions.list();
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(hello, out).has_value());
  return out;
}

Bytes handshake_message(wire::HandshakeType type, ByteView body) {
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(type, body, out).has_value());
  return out;
}

std::shared_ptr<const crypto::PrivateKey> trace_rsa_key() {
  const Bytes zero{0};
  const Bytes rsa_private_key = der(
      0x30,
      concat({der_integer(zero), der_integer(section2_value("modulus (public)")),
              der_integer(section2_value("public exponent")),
              der_integer(section2_value("private exponent")),
              der_integer(section2_value("prime1")), der_integer(section2_value("prime2")),
              der_integer(section2_value("exponent1")), der_integer(section2_value("exponent2")),
              der_integer(section2_value("coefficient"))}));
  // PKCS#8 PrivateKeyInfo: version 0, rsaEncryption with NULL parameters, the key.
  const Bytes rsa_encryption{0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                             0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  const Bytes pkcs8 =
      der(0x30, concat({der_integer(zero), rsa_encryption, der(0x04, rsa_private_key)}));
  auto key = handshake::testing::real_provider().private_key_from_der(pkcs8);
  EXPECT_TRUE(key.has_value()) << key.error().to_string();
  if (!key) return nullptr;
  return std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
}

crypto::TrafficKeys keys_of(ByteView secret) {
  const TrafficSecret traffic(
      ScheduleContext{&handshake::testing::real_provider(), crypto::HashAlgorithm::sha256},
      to_secret(secret));
  auto keys = traffic.traffic_keys(crypto::AeadAlgorithm::aes_128_gcm);
  EXPECT_TRUE(keys.has_value());
  return keys ? std::move(*keys) : crypto::TrafficKeys{};
}

std::string hex_of(ByteView bytes) {
  return to_hex(bytes);
}

}  // namespace cpptls::hs13::client_test
