#pragma once
// The public ClientConfig / ServerConfig checked and turned into the handshake's settings.

#include "cpptls/config.hpp"
#include "cpptls/result.hpp"

#include "handshake/common/settings.hpp"

namespace cpptls::api {

[[nodiscard]] Result<handshake::ClientSettings> client_settings(const ClientConfig& config);
[[nodiscard]] Result<handshake::ServerSettings> server_settings(const ServerConfig& config);

}  // namespace cpptls::api
