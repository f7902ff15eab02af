// The client's Finished (RFC 8446 4.4.4): the end of the handshake. The client's application
// key is installed, the resumption master secret derived (7.1), and the session is complete.
#include <utility>

#include "base/constant_time.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/finished.hpp"

namespace cpptls::hs13 {

ServerHandshake::Step ServerHandshake::accept_finished(server::ExpectFinished& s, ByteView body,
                                                       ByteView encoded, handshake::Output& out) {
  server::FlightSecrets& secrets = s.secrets;
  auto through_client_flight = s.transcript.digest();
  if (!through_client_flight) return Unexpected<Error>(std::move(through_client_flight.error()));
  auto expected = secrets.client_handshake.finished_verify_data(through_client_flight->view());
  if (!expected) return Unexpected<Error>(std::move(expected.error()));
  auto received = wire::Finished::decode(body, expected->size);
  if (!received) return Unexpected<Error>(std::move(received.error()));
  // RFC 8446 4.4.4: "Recipients of Finished messages MUST verify that the contents are correct
  // and if incorrect MUST terminate the connection with a "decrypt_error" alert."
  if (!constant_time_equal(received->verify_data, expected->view())) {
    return fail(ErrorKind::crypto, ErrorCode::bad_finished, AlertDescription::decrypt_error,
                "the client's Finished verify_data does not match the handshake (RFC 8446 "
                "4.4.4): the peers disagree on the messages exchanged or on the keys");
  }
  s.transcript.add(encoded);

  auto through_finished = s.transcript.digest();
  if (!through_finished) return Unexpected<Error>(std::move(through_finished.error()));
  auto resumption = secrets.master.resumption_master_secret(through_finished->view());
  if (!resumption) return Unexpected<Error>(std::move(resumption.error()));
  auto client_keys = secrets.application.client.traffic_keys(secrets.suite->aead);
  if (!client_keys) return Unexpected<Error>(std::move(client_keys.error()));

  summary_.peer_certificates = s.client.chain();
  summary_.peer_verified = s.client.verified();
  summary_.peer_signature_scheme = s.client.signature_scheme();
  out.install(handshake::Direction::read, crypto::SuiteVersion::tls13, std::move(*client_keys));
  out.complete(
      handshake::Exporter::tls13(secrets.suite->hash, secrets.application.exporter_master));

  server::Connected connected{
      secrets.suite, std::move(secrets.application.client), std::move(secrets.application.server),
      std::move(secrets.application.exporter_master), std::move(*resumption)};
  // RFC 8446 4.2.9: "Servers SHOULD NOT send NewSessionTicket with tickets that are not
  // compatible with the advertised modes"; we resume with psk_dhe_ke only.
  if (secrets.tickets_wanted) {
    if (auto issued = issue_tickets(connected, s.client, out); !issued)
      return Unexpected<Error>(std::move(issued.error()));
  }
  return connected;
}

}  // namespace cpptls::hs13
