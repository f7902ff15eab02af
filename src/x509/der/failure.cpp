#include "x509/der/failure.hpp"

#include <utility>

namespace cpptls::x509::der {

Unexpected<Error> malformed(ErrorCode code, std::string_view what, std::string_view problem,
                            std::size_t offset) {
  std::string reason;
  reason.reserve(what.size() + problem.size() + 24);
  reason += what;
  reason += ": ";
  reason += problem;
  reason += " at offset ";
  reason += std::to_string(offset);
  return fail(ErrorKind::decode, code, AlertDescription::bad_certificate, std::move(reason));
}

Unexpected<Error> in_context(Error error, std::string_view context) {
  std::string reason(context);
  reason += ": ";
  reason += error.reason();
  return fail(error.kind(), error.code(), error.alert(), std::move(reason));
}

}  // namespace cpptls::x509::der
