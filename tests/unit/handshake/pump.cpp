#include "unit/handshake/pump.hpp"

#include <gtest/gtest.h>

#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"

namespace cpptls::handshake::testing {

Pump::Pump(Handshake& client, Handshake& server, Tamper tamper)
    : client_handshake_(client), server_handshake_(server), tamper_(std::move(tamper)) {}

void Pump::start() {
  Output out;
  record(Side::client, client_handshake_.start(out));
  apply(Side::client, out);
}

void Pump::run() {
  start();
  while (step()) {
  }
}

bool Pump::step() {
  if (failed() || queue_.empty()) return false;
  auto [sender, event] = std::move(queue_.front());
  queue_.pop_front();
  log_.emplace_back(sender, event);
  deliver(other(sender), event);
  return true;
}

bool Pump::run_until(Side side, std::string_view name) {
  while (handshake(side).state_name() != name) {
    if (!step()) return false;
  }
  return true;
}

bool Pump::succeeded() const noexcept {
  return !failed() && client_.complete && server_.complete && !stalled() && queue_.empty();
}

bool Pump::stalled() const noexcept {
  return !pending_[0].empty() || !pending_[1].empty();
}

std::string Pump::describe() const {
  std::string out;
  if (client_.error) out += "client: " + client_.error->to_string() + "\n";
  if (server_.error) out += "server: " + server_.error->to_string() + "\n";
  if (out.empty()) {
    out = "no error; client in " + std::string(client_handshake_.state_name()) + ", server in " +
          std::string(server_handshake_.state_name());
    if (stalled()) out += ", bytes left waiting";
  }
  return out;
}

void Pump::record(Side side, Expected<void> outcome) {
  if (!outcome && !mutable_result(side).error) mutable_result(side).error = outcome.error();
}

void Pump::apply(Side sender, Output& out) {
  std::vector<Event> flight;
  for (Action& action : out.actions()) {
    if (auto* send = std::get_if<SendHandshake>(&action)) {
      wire::Reader reader(send->messages);
      while (!reader.empty()) {
        const std::size_t start = reader.offset();
        auto message = wire::HandshakeMessage::decode(reader);
        if (!message) {
          ADD_FAILURE() << "a SendHandshake does not hold whole messages: "
                        << message.error().to_string();
          return;
        }
        const ByteView whole = ByteView(send->messages).subspan(start, reader.offset() - start);
        flight.push_back(Event{Event::Kind::handshake, Bytes(whole.begin(), whole.end())});
      }
    } else if (std::holds_alternative<SendChangeCipherSpec>(action)) {
      flight.push_back(Event::change_cipher_spec());
    } else if (auto* install = std::get_if<InstallKeys>(&action)) {
      mutable_result(sender).installs.push_back(std::move(*install));
    } else if (std::holds_alternative<HandshakeComplete>(action)) {
      mutable_result(sender).complete = true;
    }
  }
  out.clear();
  if (tamper_) tamper_(sender, flight);
  for (Event& event : flight)
    queue_.emplace_back(sender, std::move(event));
}

void Pump::deliver(Side receiver, const Event& event) {
  Handshake& target = handshake(receiver);
  Output out;
  if (event.kind == Event::Kind::change_cipher_spec) {
    record(receiver, target.on_change_cipher_spec(out));
    apply(receiver, out);
    return;
  }
  Bytes& pending = pending_[receiver == Side::client ? 0 : 1];
  pending.insert(pending.end(), event.message.begin(), event.message.end());
  std::size_t consumed = 0;
  while (!failed()) {
    wire::Reader reader(ByteView(pending).subspan(consumed));
    auto message = wire::HandshakeMessage::decode(reader);
    if (!message) break;  // waits for more bytes
    const ByteView encoded = ByteView(pending).subspan(consumed, reader.offset());
    record(receiver, target.on_message(*message, encoded, out));
    consumed += reader.offset();
    apply(receiver, out);
  }
  pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(consumed));
}

void expect_matching_keys(const Pump& pump) {
  const auto find = [](const SideResult& side, Direction direction) -> const InstallKeys* {
    for (const InstallKeys& install : side.installs) {
      if (install.direction == direction) return &install;
    }
    return nullptr;
  };
  const auto same = [](const InstallKeys* a, const InstallKeys* b) {
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->version, b->version);
    EXPECT_EQ(a->keys.aead, b->keys.aead);
    EXPECT_EQ(Bytes(a->keys.key.begin(), a->keys.key.end()),
              Bytes(b->keys.key.begin(), b->keys.key.end()));
    EXPECT_EQ(Bytes(a->keys.iv.begin(), a->keys.iv.end()),
              Bytes(b->keys.iv.begin(), b->keys.iv.end()));
    EXPECT_NE(Bytes(a->keys.key.begin(), a->keys.key.end()), Bytes(a->keys.key.size(), 0));
  };
  EXPECT_EQ(pump.client().installs.size(), 2U);
  EXPECT_EQ(pump.server().installs.size(), 2U);
  same(find(pump.client(), Direction::write), find(pump.server(), Direction::read));
  same(find(pump.client(), Direction::read), find(pump.server(), Direction::write));
  // Each direction has its own keys.
  const InstallKeys* write = find(pump.client(), Direction::write);
  const InstallKeys* read = find(pump.client(), Direction::read);
  if (write != nullptr && read != nullptr) {
    EXPECT_NE(Bytes(write->keys.key.begin(), write->keys.key.end()),
              Bytes(read->keys.key.begin(), read->keys.key.end()));
  }
}

}  // namespace cpptls::handshake::testing
