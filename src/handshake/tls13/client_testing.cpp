#include "handshake/tls13/client_testing.hpp"

#include <utility>

namespace cpptls::hs13::testing {

void replace_client_hellos(ClientHandshake& client, HelloReplacer replace) {
  client.hello_replacer_ = std::move(replace);
}

ByteView resumption_master_secret(const ClientHandshake& client) noexcept {
  const auto* connected = std::get_if<client::Connected>(&client.state_);
  if (connected == nullptr) return {};
  return connected->resumption_master;
}

}  // namespace cpptls::hs13::testing
