// RFC 8446 Appendix A (the TLS 1.3 state machines) written down as a table, and both of our
// machines checked against it: each state is reached with a real handshake (a trace client, a
// scripted client), then fed every handshake message type, and a change_cipher_spec. What the
// table says is legal must not be refused as unexpected_message (it may still fail for its
// body, which is garbage here: decode_error and the like); everything else must be.
//
// Our states are named by what they expect; the RFC's are named by what they wait for. States
// of the RFC in which nothing is received (RECVD_CH, NEGOTIATED, WAIT_FLIGHT2) have no
// counterpart; WAIT_EOED has none either, since we never accept 0-RTT (RFC 8446 4.2.10), so
// EndOfEarlyData is refused everywhere.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using T = wire::HandshakeType;

enum class Role : std::uint8_t { client, server };

// What the peer sends: one handshake message of `type`, or a change_cipher_spec record.
struct Event {
  bool change_cipher_spec = false;
  T type = T::hello_request;

  friend bool operator<(const Event& a, const Event& b) {
    return std::pair(a.change_cipher_spec, a.type) < std::pair(b.change_cipher_spec, b.type);
  }
};
constexpr Event ccs() {
  return {true, T::hello_request};
}
constexpr Event msg(T type) {
  return {false, type};
}

std::string describe(const Event& event) {
  return event.change_cipher_spec ? "change_cipher_spec" : wire::to_string(event.type);
}

constexpr bool kLegal = true;
constexpr bool kIllegal = false;

struct Row {
  Role role;
  std::string_view rfc_state;  // Appendix A's name
  std::string_view state;      // ours
  Event event;
  bool legal;
};

// A pair (state, event) without a row is illegal. The kIllegal rows are the cases the RFC
// names outright; they are checked like the others.
const std::vector<Row>& appendix_a() {
  static const std::vector<Row> table = {
      // ---- A.1, the client ----
      // WAIT_SH: "Recv ServerHello" -> WAIT_EE; a HelloRetryRequest (also a ServerHello) ->
      // "Send ClientHello", back to WAIT_SH.
      {Role::client, "WAIT_SH", "ExpectServerHello", msg(T::server_hello), kLegal},
      // RFC 8446 5: a change_cipher_spec after our first ClientHello and before the server's
      // Finished is dropped.
      {Role::client, "WAIT_SH", "ExpectServerHello", ccs(), kLegal},
      // WAIT_SH after the retry (4.1.4): "Recv ServerHello" -> WAIT_EE.
      {Role::client, "WAIT_SH", "ExpectServerHelloAfterRetry", msg(T::server_hello), kLegal},
      {Role::client, "WAIT_SH", "ExpectServerHelloAfterRetry", ccs(), kLegal},
      // WAIT_EE: "Recv EncryptedExtensions" -> WAIT_CERT_CR (WAIT_FINISHED with a PSK).
      {Role::client, "WAIT_EE", "ExpectEncryptedExtensions", msg(T::encrypted_extensions), kLegal},
      {Role::client, "WAIT_EE", "ExpectEncryptedExtensions", ccs(), kLegal},
      // WAIT_CERT_CR: "Recv CertificateRequest" -> WAIT_CERT; "Recv Certificate" -> WAIT_CV.
      {Role::client, "WAIT_CERT_CR", "ExpectCertificateOrRequest", msg(T::certificate_request),
       kLegal},
      {Role::client, "WAIT_CERT_CR", "ExpectCertificateOrRequest", msg(T::certificate), kLegal},
      {Role::client, "WAIT_CERT_CR", "ExpectCertificateOrRequest", ccs(), kLegal},
      // Only a PSK handshake goes from WAIT_EE to WAIT_FINISHED ("Using PSK"); this one did not.
      {Role::client, "WAIT_CERT_CR", "ExpectCertificateOrRequest", msg(T::finished), kIllegal},
      // WAIT_CERT: "Recv Certificate" -> WAIT_CV.
      {Role::client, "WAIT_CERT", "ExpectCertificate", msg(T::certificate), kLegal},
      {Role::client, "WAIT_CERT", "ExpectCertificate", ccs(), kLegal},
      // WAIT_CV: "Recv CertificateVerify" -> WAIT_FINISHED.
      {Role::client, "WAIT_CV", "ExpectCertificateVerify", msg(T::certificate_verify), kLegal},
      {Role::client, "WAIT_CV", "ExpectCertificateVerify", ccs(), kLegal},
      // WAIT_FINISHED: "Recv Finished" -> "Send Finished", CONNECTED.
      {Role::client, "WAIT_FINISHED", "ExpectFinished", msg(T::finished), kLegal},
      {Role::client, "WAIT_FINISHED", "ExpectFinished", ccs(), kLegal},
      // 4.6.3: a KeyUpdate before the Finished is unexpected_message.
      {Role::client, "WAIT_FINISHED", "ExpectFinished", msg(T::key_update), kIllegal},
      // CONNECTED: the post-handshake messages of 4.6: NewSessionTicket (4.6.1), KeyUpdate
      // (4.6.3).
      {Role::client, "CONNECTED", "Connected", msg(T::new_session_ticket), kLegal},
      {Role::client, "CONNECTED", "Connected", msg(T::key_update), kLegal},
      // 4.6.2: we never send post_handshake_auth, so a CertificateRequest now is unexpected.
      {Role::client, "CONNECTED", "Connected", msg(T::certificate_request), kIllegal},
      // 5: a change_cipher_spec after the server's Finished is unexpected_message.
      {Role::client, "CONNECTED", "Connected", ccs(), kIllegal},

      // ---- A.2, the server ----
      // START: "Recv ClientHello" -> RECVD_CH -> NEGOTIATED (or a HelloRetryRequest, and START
      // again).
      {Role::server, "START", "ExpectClientHello", msg(T::client_hello), kLegal},
      // 5: nothing is dropped before the first ClientHello.
      {Role::server, "START", "ExpectClientHello", ccs(), kIllegal},
      // START after our HelloRetryRequest (4.1.4): "Recv ClientHello" -> RECVD_CH.
      {Role::server, "START", "ExpectSecondClientHello", msg(T::client_hello), kLegal},
      {Role::server, "START", "ExpectSecondClientHello", ccs(), kLegal},
      // WAIT_FLIGHT2 with client auth -> WAIT_CERT: "Recv Certificate" (empty -> WAIT_FINISHED,
      // else -> WAIT_CV).
      {Role::server, "WAIT_CERT", "ExpectCertificate", msg(T::certificate), kLegal},
      {Role::server, "WAIT_CERT", "ExpectCertificate", ccs(), kLegal},
      // 4.4.2: asked for one, the client must send a Certificate, if empty.
      {Role::server, "WAIT_CERT", "ExpectCertificate", msg(T::finished), kIllegal},
      // NEGOTIATED -> WAIT_EOED only with 0-RTT, which we never accept (4.2.10).
      {Role::server, "WAIT_EOED", "ExpectCertificate", msg(T::end_of_early_data), kIllegal},
      // WAIT_CV: "Recv CertificateVerify" -> WAIT_FINISHED.
      {Role::server, "WAIT_CV", "ExpectCertificateVerify", msg(T::certificate_verify), kLegal},
      {Role::server, "WAIT_CV", "ExpectCertificateVerify", ccs(), kLegal},
      // WAIT_FLIGHT2 without client auth -> WAIT_FINISHED: "Recv Finished" -> CONNECTED.
      {Role::server, "WAIT_FINISHED", "ExpectFinished", msg(T::finished), kLegal},
      {Role::server, "WAIT_FINISHED", "ExpectFinished", ccs(), kLegal},
      {Role::server, "WAIT_EOED", "ExpectFinished", msg(T::end_of_early_data), kIllegal},
      // 4.6.3: a KeyUpdate before the Finished is unexpected_message.
      {Role::server, "WAIT_FINISHED", "ExpectFinished", msg(T::key_update), kIllegal},
      // CONNECTED: KeyUpdate (4.6.3).
      {Role::server, "CONNECTED", "Connected", msg(T::key_update), kLegal},
      // 4.1.2: no renegotiation: a ClientHello now is unexpected_message.
      {Role::server, "CONNECTED", "Connected", msg(T::client_hello), kIllegal},
      // 4.6.1: only servers send NewSessionTicket.
      {Role::server, "CONNECTED", "Connected", msg(T::new_session_ticket), kIllegal},
      // 5: a change_cipher_spec after the client's Finished is unexpected_message.
      {Role::server, "CONNECTED", "Connected", ccs(), kIllegal},
  };
  return table;
}

// Every handshake type of the registry (the TLS 1.2-only ones are never legal in TLS 1.3), one
// that is not registered, and the change_cipher_spec record.
const std::vector<Event>& every_event() {
  static const std::vector<Event> events = {
      msg(T::hello_request),      msg(T::client_hello),        msg(T::server_hello),
      msg(T::new_session_ticket), msg(T::end_of_early_data),   msg(T::encrypted_extensions),
      msg(T::certificate),        msg(T::server_key_exchange), msg(T::certificate_request),
      msg(T::server_hello_done),  msg(T::certificate_verify),  msg(T::client_key_exchange),
      msg(T::finished),           msg(T::certificate_status),  msg(T::key_update),
      msg(T::message_hash),       msg(static_cast<T>(99)),     ccs(),
  };
  return events;
}

// Our states of `role` in the table, in order, each with the events legal there.
std::vector<std::pair<std::string_view, std::set<Event>>> legal_by_state(Role role) {
  std::vector<std::pair<std::string_view, std::set<Event>>> out;
  for (const Row& row : appendix_a()) {
    if (row.role != role) continue;
    auto at =
        std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.first == row.state; });
    if (at == out.end()) at = out.insert(out.end(), {row.state, {}});
    if (row.legal) at->second.insert(row.event);
  }
  return out;
}

// What the machine did with one event.
struct Outcome {
  Expected<void> result;
  std::string state_after;
};

// ---- the client, reached with the TLS 1.3 traces (client13_support.hpp) ----

namespace ct = hs13::client_test;

std::unique_ptr<ct::TraceClient> client_in(std::string_view state) {
  Output out;
  auto reach = [&](int section, std::string_view last) {
    auto trace = ct::start_trace_client(section);
    if (!last.empty()) {
      auto fed = ct::feed_server_flight(*trace, section, last, out);
      EXPECT_TRUE(fed) << fed.error().to_string();
    }
    EXPECT_EQ(trace->client->state_name(), state);
    return trace;
  };
  if (state == "ExpectServerHello") return reach(ct::kSimple, "");
  if (state == "ExpectServerHelloAfterRetry") return reach(ct::kRetry, "HelloRetryRequest");
  if (state == "ExpectEncryptedExtensions") return reach(ct::kSimple, "ServerHello");
  if (state == "ExpectCertificateOrRequest") return reach(ct::kSimple, "EncryptedExtensions");
  if (state == "ExpectCertificate") return reach(ct::kClientAuth, "CertificateRequest");
  if (state == "ExpectCertificateVerify") return reach(ct::kSimple, "Certificate");
  if (state == "ExpectFinished") return reach(ct::kSimple, "CertificateVerify");
  return reach(ct::kSimple, "Finished");
}

Outcome client_receives(std::string_view state, const Event& event) {
  auto trace = client_in(state);
  Output out;
  Expected<void> result =
      event.change_cipher_spec
          ? trace->client->on_change_cipher_spec(out)
          : ct::deliver(*trace->client, ct::handshake_message(event.type, Bytes{0, 0}), out);
  return {std::move(result), std::string(trace->client->state_name())};
}

// ---- the server, reached with a scripted client (pair13.hpp) ----

std::unique_ptr<ScriptedClient> server_in(std::string_view state) {
  ServerSettings settings = server_settings13(ec_credential());
  if (state == "ExpectCertificate" || state == "ExpectCertificateVerify") {
    settings.client_auth = ClientAuth::request;
    settings.client_trust = client_trust();
  }
  auto client = std::make_unique<ScriptedClient>(settings);
  if (state != "ExpectClientHello") {
    Hello13 hello;  // without a share, the server asks for one with a HelloRetryRequest
    if (state != "ExpectSecondClientHello")
      hello.shares->push_back(share_entry(crypto::NamedGroup::x25519));
    EXPECT_TRUE(client->send(encode_hello13(hello)).has_value());
  }
  if (state == "ExpectCertificateVerify") {
    EXPECT_TRUE(client->send(client->certificate(&client_rsa_credential())).has_value());
  }
  if (state == "Connected") {
    EXPECT_TRUE(client->send(client->finished()).has_value());
  }
  EXPECT_EQ(client->server().state_name(), state);
  return client;
}

Outcome server_receives(std::string_view state, const Event& event) {
  auto client = server_in(state);
  Expected<void> result = event.change_cipher_spec
                              ? client->send_change_cipher_spec()
                              : client->send(ct::handshake_message(event.type, Bytes{0, 0}));
  return {std::move(result), std::string(client->server().state_name())};
}

// Checks one (state, event) against the table; returns 1 (a check done).
int check(std::string_view state, const Event& event, bool legal, const Outcome& outcome) {
  const std::string where = std::string(state) + " <- " + describe(event);
  if (!legal) {
    EXPECT_FALSE(outcome.result.has_value()) << where << " was taken";
    if (!outcome.result) {
      EXPECT_EQ(outcome.result.error().alert(), AlertDescription::unexpected_message)
          << where << ": " << outcome.result.error().to_string();
    }
    EXPECT_EQ(outcome.state_after, "Failed") << where;
    return 1;
  }
  if (event.change_cipher_spec) {
    // A legal change_cipher_spec is dropped: it has no body to be wrong.
    EXPECT_TRUE(outcome.result.has_value()) << where << ": " << outcome.result.error().to_string();
    EXPECT_EQ(outcome.state_after, state) << where;
    return 1;
  }
  if (!outcome.result) {
    EXPECT_NE(outcome.result.error().alert(), AlertDescription::unexpected_message)
        << where
        << " is legal (RFC 8446 A) but was refused: " << outcome.result.error().to_string();
  }
  return 1;
}

TEST(AppendixA13, TableHasOneRowPerStateAndEvent) {
  std::set<std::tuple<Role, std::string_view, Event>> seen;
  for (const Row& row : appendix_a()) {
    EXPECT_TRUE(seen.insert({row.role, row.state, row.event}).second)
        << row.state << " <- " << describe(row.event) << " has two rows";
  }
  // Every state in which each machine waits for a message has its rows.
  std::vector<std::string_view> client_states;
  for (const auto& [state, legal] : legal_by_state(Role::client))
    client_states.push_back(state);
  EXPECT_EQ(client_states,
            (std::vector<std::string_view>{
                "ExpectServerHello", "ExpectServerHelloAfterRetry", "ExpectEncryptedExtensions",
                "ExpectCertificateOrRequest", "ExpectCertificate", "ExpectCertificateVerify",
                "ExpectFinished", "Connected"}));
  std::vector<std::string_view> server_states;
  for (const auto& [state, legal] : legal_by_state(Role::server))
    server_states.push_back(state);
  EXPECT_EQ(server_states, (std::vector<std::string_view>{
                               "ExpectClientHello", "ExpectSecondClientHello", "ExpectCertificate",
                               "ExpectCertificateVerify", "ExpectFinished", "Connected"}));
}

TEST(AppendixA13, ClientTakesExactlyWhatAppendixA1Allows) {
  int checked = 0;
  for (const auto& [state, legal] : legal_by_state(Role::client)) {
    for (const Event& event : every_event())
      checked += check(state, event, legal.count(event) != 0, client_receives(state, event));
  }
  EXPECT_EQ(checked, 8 * 18);
}

TEST(AppendixA13, ServerTakesExactlyWhatAppendixA2Allows) {
  int checked = 0;
  for (const auto& [state, legal] : legal_by_state(Role::server)) {
    for (const Event& event : every_event())
      checked += check(state, event, legal.count(event) != 0, server_receives(state, event));
  }
  EXPECT_EQ(checked, 6 * 18);
}

}  // namespace
}  // namespace cpptls::handshake::testing
