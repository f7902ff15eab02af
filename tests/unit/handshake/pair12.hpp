#pragma once
// A TLS 1.2 client and server joined by a Pump, and small helpers to build and pick apart the
// messages the tests alter.

#include <memory>
#include <optional>

#include "base/bytes.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls12/server.hpp"
#include "unit/handshake/pump.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake::testing {

struct Pair12 {
  Pair12(ClientSettings client_settings, ServerSettings server_settings, Tamper tamper = {})
      : client(std::move(client_settings)),
        server(std::move(server_settings)),
        pump(client, server, std::move(tamper)) {}

  hs12::ClientHandshake client;
  hs12::ServerHandshake server;
  Pump pump;
};

// A finished run (the pair cannot move, so it lives on the heap).
[[nodiscard]] std::unique_ptr<Pair12> run12(ClientSettings client, ServerSettings server,
                                            Tamper tamper = {});

// The alert of the first failure of `side`, if any.
[[nodiscard]] std::optional<AlertDescription> alert_of(const Pump& pump, Side side);

// A tamper hook that applies `change` to the first message of `type` that `sender` sends.
[[nodiscard]] Tamper alter_message(Side sender, wire::HandshakeType type,
                                   std::function<void(Bytes& message)> change);

// The offset of the first byte of a message's body (after the 4-byte header).
inline constexpr std::size_t kBody = 4;

// Rewrites the handshake header's length to match the body after a change of size.
void fix_length(Bytes& message);

}  // namespace cpptls::handshake::testing
