#include "unit/handshake/pair12.hpp"

namespace cpptls::handshake::testing {

std::unique_ptr<Pair12> run12(ClientSettings client, ServerSettings server, Tamper tamper) {
  auto pair = std::make_unique<Pair12>(std::move(client), std::move(server), std::move(tamper));
  pair->pump.run();
  return pair;
}

std::optional<AlertDescription> alert_of(const Pump& pump, Side side) {
  const SideResult& result = pump.result(side);
  if (!result.error) return std::nullopt;
  return result.error->alert();
}

Tamper alter_message(Side sender, wire::HandshakeType type,
                     std::function<void(Bytes& message)> change) {
  auto done = std::make_shared<bool>(false);
  return [=](Side from, std::vector<Event>& flight) {
    if (from != sender || *done) return;
    for (Event& event : flight) {
      if (event.is(type)) {
        change(event.message);
        *done = true;
        return;
      }
    }
  };
}

void fix_length(Bytes& message) {
  const std::size_t body = message.size() - kBody;
  message[1] = static_cast<std::uint8_t>(body >> 16);
  message[2] = static_cast<std::uint8_t>(body >> 8);
  message[3] = static_cast<std::uint8_t>(body);
}

}  // namespace cpptls::handshake::testing
