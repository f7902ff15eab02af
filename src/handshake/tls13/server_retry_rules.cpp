#include "handshake/tls13/server_retry_rules.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::hs13::server {
namespace {

using wire::Extension;
using wire::ExtensionType;

Unexpected<Error> changed(const std::string& what) {
  return handshake::illegal_parameter("the second ClientHello " + what +
                                      "; after a HelloRetryRequest only key_share, cookie, "
                                      "early_data, pre_shared_key and padding may change "
                                      "(RFC 8446 4.1.2)");
}

bool same_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

Expected<void> check_fixed_fields(const wire::ClientHello& first, const wire::ClientHello& second) {
  if (second.legacy_version != first.legacy_version) {
    return changed("changes legacy_version from " + wire::to_string(first.legacy_version) + " to " +
                   wire::to_string(second.legacy_version));
  }
  if (second.random != first.random) return changed("changes random");
  if (!same_bytes(second.legacy_session_id, first.legacy_session_id))
    return changed("changes legacy_session_id");
  if (second.cipher_suites != first.cipher_suites) {
    return changed("changes cipher_suites from " +
                   handshake::list_names<crypto::CipherSuite>(first.cipher_suites) + " to " +
                   handshake::list_names<crypto::CipherSuite>(second.cipher_suites));
  }
  if (!same_bytes(second.legacy_compression_methods, first.legacy_compression_methods))
    return changed("changes legacy_compression_methods");
  return {};
}

// The extensions RFC 8446 4.1.2 lets change, each checked on its own below; cookie only when
// the HelloRetryRequest sent one.
bool may_change(ExtensionType type, bool retry_sent_cookie) {
  return type == ExtensionType::key_share || type == ExtensionType::early_data ||
         type == ExtensionType::pre_shared_key || type == ExtensionType::padding ||
         (type == ExtensionType::cookie && retry_sent_cookie);
}

std::vector<const Extension*> fixed_extensions(const wire::ExtensionList& extensions,
                                               bool retry_sent_cookie) {
  std::vector<const Extension*> out;
  for (const Extension& extension : extensions) {
    if (!may_change(extension.type, retry_sent_cookie)) out.push_back(&extension);
  }
  return out;
}

bool has_type(std::span<const Extension* const> extensions, ExtensionType type) {
  return std::any_of(extensions.begin(), extensions.end(),
                     [type](const Extension* e) { return e->type == type; });
}

// Every other extension, with its bytes, in its order. Types are unique in each list (the
// codec refuses duplicates), so the first difference is an addition, a removal, a new body or
// a new order.
Expected<void> check_fixed_extensions(const wire::ClientHello& first,
                                      const wire::ClientHello& second, bool retry_sent_cookie) {
  const auto before = fixed_extensions(first.extensions, retry_sent_cookie);
  const auto after = fixed_extensions(second.extensions, retry_sent_cookie);
  for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
    const Extension* was = i < before.size() ? before[i] : nullptr;
    const Extension* now = i < after.size() ? after[i] : nullptr;
    if (was != nullptr && now != nullptr && was->type == now->type) {
      if (!same_bytes(was->data, now->data))
        return changed("changes the body of " + wire::to_string(now->type));
      continue;
    }
    if (now != nullptr && !has_type(before, now->type))
      return changed("adds " + wire::to_string(now->type));
    if (was != nullptr && !has_type(after, was->type))
      return changed("drops " + wire::to_string(was->type));
    return changed("reorders its extensions");
  }
  return {};
}

// RFC 8446 4.1.2: "Updating the "pre_shared_key" extension if present by recomputing the
// "obfuscated_ticket_age" and binder values and (optionally) removing any PSKs which are
// incompatible with the server's indicated cipher suite."
Expected<void> check_pre_shared_key(const wire::ClientHello& first,
                                    const wire::ClientHello& second) {
  const Extension* now = wire::find_extension(second.extensions, ExtensionType::pre_shared_key);
  if (now == nullptr) return {};
  const Extension* was = wire::find_extension(first.extensions, ExtensionType::pre_shared_key);
  if (was == nullptr) return changed("adds pre_shared_key");
  // Both bodies were decoded by the ClientHello codec already.
  auto before = wire::OfferedPsks::decode(was->data);
  auto after = wire::OfferedPsks::decode(now->data);
  if (!before) return Unexpected<Error>(std::move(before.error()));
  if (!after) return Unexpected<Error>(std::move(after.error()));
  auto next = before->identities.begin();
  for (const wire::PskIdentity& identity : after->identities) {
    next = std::find_if(next, before->identities.end(), [&](const wire::PskIdentity& old) {
      return same_bytes(old.identity, identity.identity);
    });
    if (next == before->identities.end())
      return changed("offers a PSK identity its first ClientHello did not, or reorders them");
    ++next;
  }
  return {};
}

// RFC 8446 4.2.2: "When sending the new ClientHello, the client MUST copy the contents of the
// extension received in the HelloRetryRequest into a "cookie" extension in the new
// ClientHello."
Expected<void> check_cookie(const wire::ClientHello& second, ByteView retry_cookie) {
  const Extension* cookie = wire::find_extension(second.extensions, ExtensionType::cookie);
  if (cookie == nullptr) return changed("leaves out the cookie of the HelloRetryRequest");
  if (!same_bytes(cookie->data, retry_cookie))
    return changed("carries a cookie other than the HelloRetryRequest's");
  return {};
}

}  // namespace

Expected<void> check_retried_hello(const wire::ClientHello& first, const wire::ClientHello& second,
                                   std::optional<ByteView> retry_cookie) {
  if (auto fixed = check_fixed_fields(first, second); !fixed) return fixed;
  // RFC 8446 4.2.10: "A client MUST NOT include the "early_data" extension in its followup
  // ClientHello."
  if (wire::find_extension(second.extensions, ExtensionType::early_data) != nullptr) {
    return handshake::illegal_parameter(
        "the second ClientHello offers early_data (RFC 8446 4.2.10 forbids it after a "
        "HelloRetryRequest)");
  }
  if (auto psk = check_pre_shared_key(first, second); !psk) return psk;
  if (retry_cookie) {
    if (auto cookie = check_cookie(second, *retry_cookie); !cookie) return cookie;
  }
  return check_fixed_extensions(first, second, retry_cookie.has_value());
}

}  // namespace cpptls::hs13::server
