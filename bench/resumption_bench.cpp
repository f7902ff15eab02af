// Resumed handshakes per second, client and server in one thread and in memory, cpptls (public
// API) beside OpenSSL's libssl in the same run (issue 13: at least 3x libssl for TLS 1.3 and
// TLS 1.2 tickets, 5x for TLS 1.2 session ids).
//
// Each library is set up as for the full handshakes (support/scenarios.hpp: one suite, the
// same groups, the client verifying the chain) plus resumption: one untimed full handshake
// gives the client a session, then each iteration creates a client and a server connection,
// resumes and frees both, the client keeping the session it is given for the next one, as a
// client reconnecting to one server does.
//   - tls13-ticket: TLS 1.3 PSK with (EC)DHE (psk_dhe_ke, the only mode either client offers),
//     x25519; each library's server sends its default number of NewSessionTickets and the
//     client reads them.
//   - tls12-session-id: tickets off on both sides; the server resumes from its session cache.
//   - tls12-ticket: RFC 5077 tickets, the server keeping no session state.
// cpptls: the client's SessionCache and the server's ServerSessions; libssl: SSL_set_session
// with the session from the previous connection (SSL_get1_session), the server's internal cache
// for session ids and stateless tickets otherwise (support/libssl_pair.hpp).

#include <memory>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "support/cpptls_pair.hpp"
#include "support/libssl_pair.hpp"
#include "support/registration.hpp"

namespace cpptls_bench {
namespace {

struct Resumption {
  const char* name;
  Scenario scenario;
  bool tickets;  // false: TLS 1.2 session ids, tickets off on both sides
};

const Resumption kResumptions[] = {
    {"tls13-ticket", kHandshakeScenarios[3], true},
    {"tls12-session-id", kHandshakeScenarios[0], false},
    {"tls12-ticket", kHandshakeScenarios[0], true},
};

CpptlsConfigs resumption_configs(const Resumption& resumption) {
  CpptlsConfigs configs = cpptls_configs(resumption.scenario);
  auto sessions = cpptls::ServerSessions::create(cpptls::openssl_provider());
  if (!sessions) throw std::runtime_error("cpptls: " + sessions.error().to_string());
  configs.server.sessions = *sessions;
  configs.server.session_tickets = resumption.tickets;
  configs.client.session_cache = std::make_shared<cpptls::SessionCache>();
  configs.client.session_tickets = resumption.tickets;
  return configs;
}

void expect_resumed(CpptlsPair& pair, const Resumption& resumption) {
  for (const cpptls::Connection* side : {static_cast<const cpptls::Connection*>(&pair.client()),
                                         static_cast<const cpptls::Connection*>(&pair.server())}) {
    const cpptls::SessionInfo* session = side->session();
    if (session == nullptr || !session->resumed ||
        session->resumed_by_ticket != resumption.tickets) {
      throw std::runtime_error(std::string("cpptls: did not resume as ") + resumption.name);
    }
  }
}

void resumption_cpptls(benchmark::State& state, const Resumption& resumption) {
  run_or_skip(state, [&] {
    const CpptlsConfigs configs = resumption_configs(resumption);
    CpptlsPair full(configs);
    full.handshake();
    full.expect_negotiated(resumption.scenario);
    CpptlsPair resumed(configs);
    resumed.handshake();
    expect_resumed(resumed, resumption);
    for (auto _ : state) {
      CpptlsPair pair(configs);
      pair.handshake();
      benchmark::DoNotOptimize(pair);
    }
    CpptlsPair last(configs);
    last.handshake();
    expect_resumed(last, resumption);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

struct SessionFree {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using Session = std::unique_ptr<SSL_SESSION, SessionFree>;

void resumption_libssl(benchmark::State& state, const Resumption& resumption) {
  run_or_skip(state, [&] {
    const LibsslContexts contexts(
        resumption.scenario, false,
        resumption.tickets ? LibsslResumption::tickets : LibsslResumption::session_id);
    Session session;
    {
      LibsslPair full(contexts);
      full.handshake();
      full.expect_negotiated(resumption.scenario);
      session.reset(full.take_session());
    }
    const auto resume = [&] {
      LibsslPair pair(contexts);
      pair.offer_session(session.get());
      pair.handshake();
      Session next(pair.take_session());
      if (next) session = std::move(next);
      return pair.resumed();
    };
    if (!session) throw std::runtime_error("libssl: no session after the full handshake");
    if (!resume()) throw std::runtime_error("libssl: did not resume");
    for (auto _ : state)
      benchmark::DoNotOptimize(resume());
    if (!resume()) throw std::runtime_error("libssl: did not resume");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
}

}  // namespace
}  // namespace cpptls_bench

int main(int argc, char** argv) {
  using namespace cpptls_bench;
  for (const Resumption& resumption : kResumptions) {
    const std::string subject = "resumption/" + std::string(resumption.name);
    benchmark::RegisterBenchmark((subject + "/cpptls").c_str(), resumption_cpptls, resumption);
    benchmark::RegisterBenchmark((subject + "/libssl").c_str(), resumption_libssl, resumption);
  }
  return run_benchmarks(argc, argv);
}
