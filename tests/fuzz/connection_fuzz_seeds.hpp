#pragma once
// The seed generator of the connection fuzz targets. Each seed is a real conversation: the
// engine under test (configured and seeded exactly as the fuzz target configures it) talks to
// a real peer engine in memory, and every operation done on the engine under test is written
// down in the target's input format (connection_fuzz.hpp). The conversation goes as deep as a
// connection goes: the whole handshake, application data both ways, the peer's close_notify
// and our own close. The peer's records become record operations (its protected records are
// opened with the keys the harness saw installed, so that the harness seals their content
// again), which lets the fuzzer change what protected records carry; the chunked variants
// feed the peer's raw bytes instead, split anywhere. The plans (connection_fuzz_seed_plans.hpp)
// vary the configuration and what the peer sends.
//
// The generator lives in the fuzz targets themselves (so it uses the very harness it feeds).
// To rerun it, after a change to the harness's configurations, input format or provider seeds:
//   cmake --preset fuzz
//   cmake --build --preset fuzz --target fuzz_connection_client fuzz_connection_server
//   CPPTLS_FUZZ_WRITE_SEEDS=tests/fuzz/seeds/connection_client \
//     build-fuzz/tests/fuzz/fuzz_connection_client
//   CPPTLS_FUZZ_WRITE_SEEDS=tests/fuzz/seeds/connection_server \
//     build-fuzz/tests/fuzz/fuzz_connection_server
// Each writes its *.hex files and prints where a replay of each ends. The peer runs on its own
// deterministic provider, so the files come out the same each time except where OpenSSL
// randomises: ECDSA and RSA-PSS signatures and RSA key transport encryption. For the same
// reason a replay of a seed in which the engine under test itself randomises (the client
// encrypting an RSA premaster, the server signing with ECDSA) stops at the Finished check;
// every other seed replays to Connected and on to both closes, which the generator checks.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connection_fuzz.hpp"
#include "connection_fuzz_seed_plans.hpp"
#include "record/header.hpp"
#include "record/opener.hpp"

namespace cpptls::fuzz::seeds {

class Peer {
 public:
  Peer(conn::Side side, std::uint64_t seed, const MakeHandshake& make)
      : provider_(crypto::openssl::provider(), seed, kNow),
        engine_(side, provider_, make(provider_)) {
    ok_ = engine_.start().has_value();
  }

  [[nodiscard]] Bytes take() {
    Bytes out(engine_.pending_tls().begin(), engine_.pending_tls().end());
    engine_.consume_tls(out.size());
    return out;
  }

  // Everything the engine under test sent, plaintext read as it comes.
  void deliver(ByteView bytes) {
    Bytes buffer(4096);
    while (ok_ && !bytes.empty()) {
      auto taken = engine_.read_tls(bytes);
      if (!taken) return fail(taken.error());
      bytes = bytes.subspan(*taken);
      while (true) {
        auto got = engine_.read(buffer);
        if (!got) return fail(got.error());
        if (*got == 0) break;
        received_.insert(received_.end(), buffer.begin(),
                         buffer.begin() + static_cast<std::ptrdiff_t>(*got));
      }
    }
  }

  void write(ByteView data) {
    if (ok_ && !engine_.write(data)) ok_ = false;
  }
  void close() {
    if (ok_ && !engine_.close()) ok_ = false;
  }

  [[nodiscard]] bool ok() const noexcept { return ok_; }
  [[nodiscard]] const conn::Engine& engine() const noexcept { return engine_; }
  [[nodiscard]] const Bytes& received() const noexcept { return received_; }

 private:
  void fail(const Error& error) {
    std::fprintf(stderr, "peer failed: %s\n", error.to_string().c_str());
    ok_ = false;
  }

  crypto::testing::DeterministicProvider provider_;
  conn::Engine engine_;
  Bytes received_;
  bool ok_ = false;
};

// The engine under test, with every operation done on it written down as fuzz input.
class Script {
 public:
  Script(conn::Side side, std::uint8_t profile) : harness_(side, profile) {
    input_.push_back(profile);
    harness_.copy_sent_to(&sent_);
  }
  Script(const Script&) = delete;
  Script& operator=(const Script&) = delete;

  void apply(const Op& op) {
    append_op(op, input_);
    harness_.apply(op);
  }

  // Feeds `data` in chunks of the sizes in `chunks`, taken in turn.
  void feed(ByteView data, const std::vector<std::size_t>& chunks) {
    std::size_t turn = 0;
    while (!data.empty()) {
      const std::size_t size =
          std::min({chunks[turn++ % chunks.size()], data.size(), std::size_t{0xffff}});
      apply(Op{OpKind::feed, static_cast<std::uint16_t>(size), data.first(size)});
      data = data.subspan(size);
    }
  }

  [[nodiscard]] Bytes drain_all() {
    while (!harness_.engine().pending_tls().empty()) {
      const std::size_t size =
          std::min<std::size_t>(harness_.engine().pending_tls().size(), 0xffff);
      apply(Op{OpKind::drain, static_cast<std::uint16_t>(size), {}});
    }
    return std::exchange(sent_, Bytes());
  }

  void op(OpKind kind, std::uint16_t length = 0) { apply(Op{kind, length, {}}); }

  // One record op: [content type][content], sealed by the harness as the peer.
  void record(wire::ContentType type, ByteView content) {
    Bytes data = {static_cast<std::uint8_t>(type)};
    data.insert(data.end(), content.begin(), content.end());
    CONN_FUZZ_CHECK(data.size() <= 0xffff);
    apply(Op{OpKind::record, static_cast<std::uint16_t>(data.size()), data});
  }

  // The peer's records, each turned into a record op with its content: protected ones are
  // opened with the keys the harness saw the handshake install, so that the harness seals
  // them again the same way.
  void records(ByteView stream) {
    wire::Reader reader(stream);
    while (!reader.empty()) {
      auto header = record::RecordHeader::decode(reader, record::kMaxTls12Ciphertext);
      CONN_FUZZ_CHECK(header.has_value());
      auto body = reader.bytes(header->length);
      CONN_FUZZ_CHECK(body.has_value());
      if (!harness_.peer_write_keys()) {
        record(header->type, *body);
        continue;
      }
      if (opener_for_ != harness_.peer_key_changes()) {
        auto opener = record::RecordOpener::create(crypto::openssl::provider(),
                                                   harness_.peer_write_keys()->version,
                                                   harness_.peer_write_keys()->keys);
        CONN_FUZZ_CHECK(opener.has_value());
        opener_ = std::move(*opener);
        opener_for_ = harness_.peer_key_changes();
      }
      Bytes fragment(body->begin(), body->end());
      auto opened = opener_.open(*header, fragment);
      CONN_FUZZ_CHECK(opened.has_value());
      record(opened->type, opened->plaintext);
    }
  }

  [[nodiscard]] const Harness& harness() const noexcept { return harness_; }
  [[nodiscard]] const Bytes& input() const noexcept { return input_; }

 private:
  Bytes input_;
  Bytes sent_;
  Harness harness_;              // after sent_, which it writes to
  record::RecordOpener opener_;  // the peer's protection, to turn its records into record ops
  std::size_t opener_for_ = 0;
};

// Cuts the content of each plaintext handshake record into records of at most `piece` bytes
// (RFC 5246 6.2.1: messages may be split across records); records from the peer's
// ChangeCipherSpec on are protected and pass unchanged. `protected_from_here` carries that
// state across flights.
[[nodiscard]] inline Bytes refragment(ByteView stream, std::size_t piece,
                                      bool& protected_from_here) {
  Bytes out;
  wire::Reader reader(stream);
  while (!reader.empty()) {
    const std::size_t start = reader.offset();
    auto type = reader.u8();
    auto version = reader.u16();
    auto content = reader.u16_prefixed("fragment");
    CONN_FUZZ_CHECK(type && version && content);
    const auto content_type = static_cast<wire::ContentType>(*type);
    if (protected_from_here || content_type != wire::ContentType::handshake) {
      const ByteView whole = stream.subspan(start, reader.offset() - start);
      out.insert(out.end(), whole.begin(), whole.end());
      if (content_type == wire::ContentType::change_cipher_spec) protected_from_here = true;
      continue;
    }
    for (std::size_t at = 0; at < content->size(); at += piece) {
      const Bytes record = plaintext_record(
          content_type, content->subspan(at, std::min(piece, content->size() - at)));
      out.insert(out.end(), record.begin(), record.end());
    }
  }
  return out;
}

// What became of a replay of a seed.
struct Replay {
  std::string state;
  std::string error;
  bool connected = false;
  bool peer_closed = false;
  bool close_sent = false;
  std::size_t read = 0;
};

[[nodiscard]] inline Replay replay(conn::Side side, const Bytes& input) {
  Harness harness(side, input.at(0));
  wire::Reader reader(ByteView(input).subspan(1));
  while (auto op = next_op(reader))
    harness.apply(*op);
  harness.finish();
  const conn::Engine& engine = harness.engine();
  Replay out;
  out.state = std::string(engine.state_name());
  if (engine.error()) out.error = engine.error()->to_string();
  out.connected = engine.io_state().handshake_complete;
  out.peer_closed = engine.io_state().peer_closed;
  out.close_sent = engine.io_state().close_sent;
  out.read = harness.received().size();
  return out;
}

// A plan's own ending (Plan::ending) after the handshake: its operations, then a check that
// the engine failed as the plan says.
[[nodiscard]] inline std::optional<Bytes> end_as_planned(const Plan& plan, Script& target) {
  for (const PlannedOp& op : plan.ending)
    target.apply(Op{op.kind, op.length, op.data});
  (void)target.drain_all();
  const std::optional<Error>& error = target.harness().engine().error();
  const std::string seen = error ? error->to_string() : std::string();
  const bool as_planned =
      plan.fails_with.empty() ? !error : seen.find(plan.fails_with) != std::string::npos;
  if (!as_planned) {
    std::fprintf(stderr, "%s: expected %s, got %s\n", plan.name.c_str(),
                 plan.fails_with.empty() ? "no failure" : plan.fails_with.c_str(),
                 error ? seen.c_str() : "no failure");
    return std::nullopt;
  }
  return target.input();
}

// Runs one plan; the input it made, or nothing when the conversation went wrong.
[[nodiscard]] inline std::optional<Bytes> record(conn::Side side, const Plan& plan) {
  const conn::Side peer_side = side == conn::Side::client ? conn::Side::server : conn::Side::client;
  Script target(side, plan.profile);
  Peer peer(peer_side, side == conn::Side::client ? 0x9ee1'0001 : 0x9ee1'0002, plan.peer);
  if (!peer.ok()) return std::nullopt;
  bool peer_protected = false;
  bool first_flight = true;
  auto to_target = [&](Bytes bytes) {
    if (bytes.empty()) return;
    if (plan.refragment != 0) bytes = refragment(bytes, plan.refragment, peer_protected);
    if (first_flight && !plan.before_first_flight.empty())
      bytes.insert(bytes.begin(), plan.before_first_flight.begin(), plan.before_first_flight.end());
    first_flight = false;
    if (plan.as_records) {
      target.records(bytes);
    } else {
      target.feed(bytes, plan.chunks);
    }
  };

  // The handshake: flights both ways until neither side has more to say.
  for (int round = 0; round < 16 && peer.ok(); ++round) {
    const Bytes to_peer = target.drain_all();
    Bytes from_peer = peer.take();
    if (to_peer.empty() && from_peer.empty()) break;
    peer.deliver(to_peer);
    to_target(std::move(from_peer));
  }
  const conn::IoState state = target.harness().engine().io_state();
  if (!peer.ok() || !state.handshake_complete || !peer.engine().io_state().handshake_complete) {
    std::fprintf(stderr, "%s: the handshake did not complete (%s)\n", plan.name.c_str(),
                 target.harness().engine().error()
                     ? target.harness().engine().error()->to_string().c_str()
                     : std::string(target.harness().engine().state_name()).c_str());
    return std::nullopt;
  }

  for (const auto& [type, content] : plan.after_handshake)
    target.record(type, content);
  if (!plan.ending.empty()) return end_as_planned(plan, target);
  if (target.harness().engine().io_state().failed) {
    std::fprintf(stderr, "%s: the records after the handshake failed it: %s\n", plan.name.c_str(),
                 target.harness().engine().error()->to_string().c_str());
    return std::nullopt;
  }
  peer.deliver(target.drain_all());  // e.g. our no_renegotiation warnings

  // Application data: ours to the peer, then the peer's to us, read in read_size pieces.
  target.op(OpKind::write, plan.our_data);
  peer.deliver(target.drain_all());
  const ByteView ours = write_pattern().first(plan.our_data);
  if (!peer.ok() || peer.received() != Bytes(ours.begin(), ours.end())) {
    std::fprintf(stderr, "%s: the peer did not receive our data\n", plan.name.c_str());
    return std::nullopt;
  }
  Bytes theirs(plan.peer_data);
  for (std::size_t i = 0; i < theirs.size(); ++i)
    theirs[i] = static_cast<std::uint8_t>('a' + i % 26);
  peer.write(theirs);
  to_target(peer.take());
  for (int reads = 0; reads < 1000 && target.harness().received().size() < theirs.size(); ++reads)
    target.op(OpKind::read, plan.read_size);
  if (!std::equal(theirs.begin(), theirs.end(), target.harness().received().begin(),
                  target.harness().received().end())) {
    std::fprintf(stderr, "%s: we did not receive the peer's data\n", plan.name.c_str());
    return std::nullopt;
  }

  // The peer closes, we see it, release our buffers and close too.
  peer.close();
  to_target(peer.take());
  target.op(OpKind::read, 16);
  target.op(OpKind::release);
  target.op(OpKind::close);
  peer.deliver(target.drain_all());
  if (!target.harness().engine().io_state().peer_closed || !peer.engine().io_state().peer_closed) {
    std::fprintf(stderr, "%s: the closes did not arrive\n", plan.name.c_str());
    return std::nullopt;
  }
  return target.input();
}

inline bool write_hex(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::trunc);
  const std::string hex = to_hex(bytes);
  for (std::size_t at = 0; at < hex.size(); at += 64)
    out << hex.substr(at, 64) << '\n';
  return static_cast<bool>(out);
}

// Writes the seeds of `side` into `directory`; the process exit status.
[[nodiscard]] inline int write_seeds(conn::Side side, const std::string& directory) {
  int status = 0;
  for (const Plan& plan : side == conn::Side::client ? client_plans() : server_plans()) {
    const std::optional<Bytes> input = record(side, plan);
    if (!input) {
      status = 1;
      continue;
    }
    const std::string path = directory + "/" + plan.name + ".hex";
    if (!write_hex(path, *input)) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      status = 1;
      continue;
    }
    const Replay result = replay(side, *input);
    const bool deep = result.connected && result.peer_closed && result.close_sent;
    std::fprintf(stderr, "%-52s %6zu bytes  replay: %s%s%s, read %zu bytes%s\n",
                 (plan.name + ".hex").c_str(), input->size(), result.state.c_str(),
                 result.error.empty() ? "" : ": ", result.error.c_str(), result.read,
                 deep ? ", both closed" : "");
    if (result.error.find(plan.fails_with) == std::string::npos ||
        (plan.fails_with.empty() && !plan.ending.empty() && !result.error.empty())) {
      std::fprintf(stderr, "  expected the replay to end %s%s\n",
                   plan.fails_with.empty() ? "without failure" : "failed with ",
                   plan.fails_with.c_str());
      status = 1;
    }
    if (plan.replays_to_connected && !deep) {
      std::fprintf(stderr, "  expected to replay to Connected and both closes\n");
      status = 1;
    }
  }
  return status;
}

}  // namespace cpptls::fuzz::seeds
