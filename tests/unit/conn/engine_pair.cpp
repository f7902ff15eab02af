#include "engine_pair.hpp"

#include <algorithm>

namespace cpptls::conn::test {

std::unique_ptr<EnginePair> make_pair(FakeOptions options) {
  auto pair = std::make_unique<EnginePair>();
  const auto& provider = crypto::openssl::provider();
  auto* client_events = &pair->client.events;
  auto* server_events = &pair->server.events;
  pair->client.engine = std::make_unique<Engine>(
      Side::client, provider, make_fake_handshake(Side::client, options),
      [client_events](const TraceEvent& event) { client_events->push_back(event); });
  pair->server.engine = std::make_unique<Engine>(
      Side::server, provider, make_fake_handshake(Side::server, options),
      [server_events](const TraceEvent& event) { server_events->push_back(event); });
  return pair;
}

Bytes take_output(Endpoint& from) {
  const ByteView pending = from.engine->pending_tls();
  Bytes out(pending.begin(), pending.end());
  from.engine->consume_tls(out.size());
  return out;
}

Expected<void> deliver(ByteView data, Endpoint& to, std::size_t chunk) {
  Bytes buffer(4096);
  std::size_t offset = 0;
  while (offset < data.size()) {
    const std::size_t length = std::min(chunk, data.size() - offset);
    ByteView piece = data.subspan(offset, length);
    while (!piece.empty()) {
      auto taken = to.engine->read_tls(piece);
      if (!taken) return Unexpected<Error>(taken.error());
      piece = piece.subspan(*taken);
      // Drain plaintext so that the engine takes more.
      while (true) {
        auto read = to.engine->read(buffer);
        if (!read) return Unexpected<Error>(read.error());
        if (*read == 0) break;
        to.received.insert(to.received.end(), buffer.begin(),
                           buffer.begin() + static_cast<std::ptrdiff_t>(*read));
      }
      if (*taken == 0 && !piece.empty() && to.engine->io_state().plaintext_bytes_to_read == 0) {
        ADD_FAILURE() << "the engine took no bytes and has no plaintext to read";
        return internal_failure("stuck");
      }
    }
    offset += length;
  }
  return {};
}

Expected<void> pump(EnginePair& pair, std::size_t chunk) {
  for (int round = 0; round < 64; ++round) {
    const Bytes to_server = take_output(pair.client);
    const Bytes to_client = take_output(pair.server);
    if (to_server.empty() && to_client.empty()) return {};
    if (auto delivered = deliver(to_server, pair.server, chunk); !delivered) return delivered;
    if (auto delivered = deliver(to_client, pair.client, chunk); !delivered) return delivered;
  }
  return internal_failure("pump did not settle");
}

void run_handshake(EnginePair& pair, std::size_t chunk) {
  ASSERT_TRUE(pair.server.engine->start().has_value());
  ASSERT_TRUE(pair.client.engine->start().has_value());
  auto pumped = pump(pair, chunk);
  ASSERT_TRUE(pumped.has_value()) << pumped.error().to_string();
  ASSERT_TRUE(pair.client.engine->io_state().handshake_complete);
  ASSERT_TRUE(pair.server.engine->io_state().handshake_complete);
}

Bytes pattern(std::size_t size, std::uint8_t seed) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + (i >> 8));
  return out;
}

Bytes plaintext_record(wire::ContentType type, ByteView content) {
  Bytes out;
  out.reserve(5 + content.size());
  out.push_back(static_cast<std::uint8_t>(type));
  out.push_back(0x03);
  out.push_back(0x03);
  out.push_back(static_cast<std::uint8_t>(content.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(content.size() & 0xff));
  for (const std::uint8_t byte : content)
    out.push_back(byte);
  return out;
}

}  // namespace cpptls::conn::test

namespace cpptls::conn::test {

Bytes sealed_record(Side writer, std::uint64_t sequence, wire::ContentType type, ByteView content,
                    crypto::AeadAlgorithm aead) {
  auto sealer = record::RecordSealer::create(crypto::openssl::provider(),
                                             crypto::SuiteVersion::tls12, fake_keys(writer, aead));
  EXPECT_TRUE(sealer.has_value());
  if (!sealer) return {};
  sealer->set_sequence_for_testing(sequence);
  Bytes out(sealer->max_record_size(content.size()));
  auto size = sealer->seal(type, content, out);
  EXPECT_TRUE(size.has_value());
  out.resize(size.value_or(0));
  return out;
}

}  // namespace cpptls::conn::test
