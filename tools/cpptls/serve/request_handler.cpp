#include "serve/request_handler.hpp"

#include <utility>

#include "serve/listing.hpp"
#include "serve/mime_types.hpp"

namespace cpptls::tool::serve {
namespace {

[[nodiscard]] Reply page_reply(int status, std::string body, std::string content_type) {
  Reply reply;
  reply.head.status = status;
  reply.head.content_type = std::move(content_type);
  reply.head.content_length = body.size();
  reply.body = std::move(body);
  return reply;
}

[[nodiscard]] Reply error_reply(const HttpFailure& failure) {
  Reply reply = page_reply(failure.status, error_page(failure.status), "text/html; charset=utf-8");
  reply.log_reason = failure.reason;
  return reply;
}

// Serves the descriptor the resolver opened: its size and time come from fstat of that
// descriptor (PathResolver), its bytes from pread on it, so what is sent is what was checked.
[[nodiscard]] Reply file_reply(ResolvedPath file) {
  Reply reply;
  reply.head.status = 200;
  reply.head.content_type = std::string(content_type_for(file.name));
  reply.head.content_length = file.size;
  reply.head.last_modified = file.modified;
  reply.file = std::move(file.file);
  return reply;
}

// The URL path of a decoded path, segments percent-encoded and empty ones dropped: never
// "//host", which a browser would read as another site.
[[nodiscard]] std::string canonical_url_path(std::string_view decoded) {
  std::string out = "/";
  while (!decoded.empty()) {
    const std::size_t slash = decoded.find('/');
    const std::string_view segment = decoded.substr(0, slash);
    decoded = slash == std::string_view::npos ? std::string_view() : decoded.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    out += percent_encode(segment) + "/";
  }
  return out;
}

[[nodiscard]] Reply directory_reply(const Request& request, const ResolvedPath& directory,
                                    const PathResolver& resolver) {
  // The resolver accepted the target, so it has a path that decodes.
  const std::string decoded =
      percent_decode(target_path(request.target).value_or("/")).value_or("/");
  const std::string url_path = canonical_url_path(decoded);
  // Relative links in the page resolve against the URL: a directory's must end with '/'.
  if (!directory.trailing_slash) {
    Reply reply = page_reply(301, error_page(301), "text/html; charset=utf-8");
    reply.head.extra_fields.emplace_back("Location", url_path);
    return reply;
  }
  auto index = resolver.resolve_child(directory, "index.html");
  if (index && !index->directory) return file_reply(std::move(*index));
  return page_reply(200, directory_listing(directory.file.fd(), decoded),
                    "text/html; charset=utf-8");
}

}  // namespace

Reply handle_request(const Request& request, const PathResolver& resolver) {
  const bool head_only = request.method == "HEAD";
  Reply reply;
  if (request.method != "GET" && !head_only) {
    // RFC 9110 15.5.6: a 405 lists the methods the resource supports.
    reply = error_reply({405, "method " + request.method + " is not served"});
    reply.head.extra_fields.emplace_back("Allow", "GET, HEAD");
  } else if (auto resolved = resolver.resolve(request.target); !resolved) {
    reply = error_reply(resolved.error());
  } else if (resolved->directory) {
    reply = directory_reply(request, *resolved, resolver);
  } else {
    reply = file_reply(std::move(*resolved));
  }
  reply.send_body = !head_only;
  reply.head.keep_alive = request.keep_alive();
  return reply;
}

Reply failure_reply(const HttpFailure& failure) {
  Reply reply = error_reply(failure);
  reply.head.keep_alive = false;
  return reply;
}

}  // namespace cpptls::tool::serve
