#include "status.hpp"

#include <cstdio>
#include <cstdlib>

namespace cpptls::bogo {

// The runner checks that its expected error string (after tests/bogo/config.json's ErrorMap)
// is a substring of our stderr. One line carries three searchable tokens, so that a map
// entry can name whichever is stable for that failure: "code=<our code>", and the alert as
// "sent=<alert>" or "received=<alert>" (RFC 8446 6 names). Example:
//   cpptls error: code=protocol_version sent=protocol_version kind=peer incompatible: ...
Status Status::tls_failure(const TlsError& error) {
  std::string line = "cpptls error: code=" + std::string(error.code_name()) + " ";
  switch (error.kind()) {
    case TlsErrorKind::alert_received:
      line += "received=" + error.alert_name() + " ";
      break;
    case TlsErrorKind::io:
      break;
    default:
      line += "sent=" + error.alert_name() + " ";
      break;
  }
  line += "kind=" + std::string(name(error.kind())) + ": " + error.reason();
  return failure(std::move(line));
}

void report(const Status& status) {
  if (status.ok()) return;
  const char* prefix = status.exit == Exit::unimplemented ? "UNIMPLEMENTED: " : "";
  std::fprintf(stderr, "%s%s\n", prefix, status.message.c_str());
  // The runner does not show the stderr of an unimplemented test; scripts/bogo.sh collects
  // the reasons here to say which flags are missing most.
  if (status.exit != Exit::unimplemented) return;
  if (const char* path = std::getenv("CPPTLS_BOGO_UNIMPLEMENTED_LOG")) {
    if (std::FILE* log = std::fopen(path, "a")) {
      std::fprintf(log, "%s\n", status.message.c_str());
      std::fclose(log);
    }
  }
}

}  // namespace cpptls::bogo
