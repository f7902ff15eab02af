#pragma once
// The interface the connection drives, one implementation per side (and, inside it, one state
// machine per version: design rule 3). Every incoming message is checked against the
// state that may receive it; anything else is unexpected_message. After a failure the
// handshake returns the same error forever.

#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/session_summary.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::handshake {

class Handshake {
 public:
  virtual ~Handshake() = default;

  // The client's first flight (ClientHello); nothing for a server.
  [[nodiscard]] virtual Expected<void> start(Output& out) = 0;
  // One whole handshake message. `encoded` is its full encoding (header and body), which is
  // what the transcript hashes.
  [[nodiscard]] virtual Expected<void> on_message(const wire::HandshakeMessage& message,
                                                  ByteView encoded, Output& out) = 0;
  // A change_cipher_spec record (its one byte already checked to be 1 by the connection).
  [[nodiscard]] virtual Expected<void> on_change_cipher_spec(Output& out) = 0;

  // TLS 1.3 after the handshake (RFC 8446 4.6.3): send a KeyUpdate and switch the write key to
  // the next generation (SendHandshake then InstallKeys(write)). The connection calls it
  // before its AEAD key reaches its usage limit; `request_peer_update` sets update_requested.
  // TLS 1.2 has no such message: misuse.
  [[nodiscard]] virtual Expected<void> update_write_key(bool request_peer_update, Output& out) {
    (void)request_peer_update;
    (void)out;
    return misuse(ErrorCode::invalid_state, "key updates exist only in TLS 1.3");
  }

  // TLS 1.3 (RFC 8446 4.6.3): whether the peer asked for a KeyUpdate (update_requested) that
  // is not sent yet. It is owed "prior to sending its next Application Data record", so the
  // connection sends it (update_write_key(false)) just before its next application data, and
  // any number of requests received while we are silent get one answer, as 4.6.3 intends.
  [[nodiscard]] virtual bool key_update_owed() const noexcept { return false; }

  [[nodiscard]] virtual bool is_complete() const noexcept = 0;
  // The name of the current state, for --trace, logs and fuzz triage ("ExpectServerHello").
  [[nodiscard]] virtual std::string_view state_name() const noexcept = 0;
  // Meaningful once complete.
  [[nodiscard]] virtual const SessionSummary& summary() const noexcept = 0;

  // Called by the connection once the handshake is complete and it has copied summary():
  // frees what only the handshake needed (issue 13). A TLS 1.3 handshake object stays for the
  // post-handshake messages (RFC 8446 4.6), which need the traffic secrets and, on a client
  // that keeps sessions, what a ticket is stored with; the configuration's lists and
  // credentials, the ClientHello and (when no ticket can be stored with it) the peer's parsed
  // chain go.
  virtual void shed_after_handshake() noexcept {}
};

// Frees a container's storage (clear() keeps the capacity).
template <class Container>
void free_storage(Container& container) noexcept {
  Container().swap(container);
}

}  // namespace cpptls::handshake
