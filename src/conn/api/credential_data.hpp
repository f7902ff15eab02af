#pragma once
// What a public cpptls::Credential holds.

#include <string>

#include "handshake/common/settings.hpp"

namespace cpptls::detail {

struct CredentialData {
  handshake::Credential credential;
  std::string subject;  // the leaf's, RFC 4514
};

}  // namespace cpptls::detail
