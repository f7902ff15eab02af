#include "handshake/tls13/client_downgrade.hpp"

#include "handshake/common/refusals.hpp"

namespace cpptls::hs13 {

Expected<void> check_no_downgrade(const wire::ServerHello& hello) {
  switch (hello.downgrade()) {
    case wire::DowngradeSentinel::none:
      return {};
    case wire::DowngradeSentinel::tls12:
      return handshake::illegal_parameter(
          "the server negotiated TLS 1.2 with a random ending in DOWNGRD 01, the sentinel of a "
          "TLS 1.3 server that believes the client offered no TLS 1.3; the client did offer it, "
          "so the hello was tampered with (RFC 8446 4.1.3)");
    case wire::DowngradeSentinel::tls11_or_below:
      return handshake::illegal_parameter(
          "the server negotiated an old version with a random ending in DOWNGRD 00, the sentinel "
          "of a TLS 1.3 server that believes the client offered TLS 1.1 at most; the client "
          "offered TLS 1.3, so the hello was tampered with (RFC 8446 4.1.3)");
  }
  return {};
}

}  // namespace cpptls::hs13
