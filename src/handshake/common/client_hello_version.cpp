#include "handshake/common/client_hello_version.hpp"

#include <cstdint>
#include <string>

namespace cpptls::handshake {

Expected<void> refuse_ssl3_or_older(const wire::ClientHello& hello) {
  constexpr std::uint16_t kSsl3 = 0x0300;
  if (static_cast<std::uint16_t>(hello.legacy_version) > kSsl3) return {};
  return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
              AlertDescription::protocol_version,
              "the ClientHello's legacy_version is " + wire::to_string(hello.legacy_version) +
                  "; SSL 3.0 (0x0300) or less must be refused whatever supported_versions says "
                  "(RFC 8446 D.5)");
}

}  // namespace cpptls::handshake
