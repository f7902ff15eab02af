#include "serve/path_resolver.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "http/text.hpp"

namespace cpptls::tool::serve {
namespace {

namespace fs = std::filesystem;

// Linux's NAME_MAX and PATH_MAX: longer names cannot exist, so they are simply not found.
constexpr std::size_t kMaxSegment = 255;
constexpr std::size_t kMaxPath = 4096;

[[nodiscard]] int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Why an open below the root failed, as the 404 every such failure is: a link (ELOOP), a
// file where a directory was expected (ENOTDIR) and a missing name alike.
[[nodiscard]] Unexpected<HttpFailure> not_found(int error_number) {
  if (error_number == ELOOP)
    return http_failure(404, "a symbolic link in the path (never followed)");
  return http_failure(404, std::string("cannot open: ") + std::strerror(error_number));
}

// What the opened descriptor is, by fstat of the descriptor itself (never of a name).
[[nodiscard]] HttpResult<ResolvedPath> describe(OpenFile file, std::string name,
                                                bool trailing_slash) {
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) return not_found(errno);
  if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
    return http_failure(404, "not a regular file or directory");
  }
  ResolvedPath resolved;
  resolved.file = std::move(file);
  resolved.name = std::move(name);
  resolved.directory = S_ISDIR(info.st_mode);
  resolved.trailing_slash = trailing_slash;
  resolved.size = static_cast<std::uint64_t>(info.st_size);
  resolved.modified = info.st_mtime;
  return resolved;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (text.size() - i < 3) return std::nullopt;  // '%' and two digits
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::optional<std::string_view> target_path(std::string_view target) {
  // RFC 9112 3.2.2: absolute-form; the authority is the Host's business, not the path's.
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (target.size() >= scheme.size() &&
        http::equals_ignore_case(target.substr(0, scheme.size()), scheme)) {
      const std::size_t slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      break;
    }
  }
  if (!target.starts_with('/')) return std::nullopt;
  return target.substr(0, target.find_first_of("?#"));
}

HttpResult<PathResolver> PathResolver::open(const fs::path& root, BeneathMethod method) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec) return http_failure(500, "cannot open " + root.string() + ": " + ec.message());
  // The root itself may be reached through links (the user named it); nothing below it is.
  const int fd = ::open(canonical.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return http_failure(500, "cannot open " + root.string() + ": " + std::strerror(errno));
  }
  return PathResolver(std::move(canonical), OpenFile(fd), method);
}

HttpResult<ResolvedPath> PathResolver::resolve(std::string_view target) const {
  const auto raw = target_path(target);
  if (!raw)
    return http_failure(400, "request target is not a path: " + http::quote_untrusted(target));
  const auto decoded = percent_decode(*raw);
  if (!decoded) return http_failure(400, "bad percent-encoding in " + http::quote_untrusted(*raw));
  if (decoded->find('\0') != std::string::npos) return http_failure(400, "NUL in the path");
  if (decoded->size() > kMaxPath) return http_failure(404, "path too long");

  // Segment by segment after decoding, so "%2e%2e" and "..%2f" are caught like "..".
  std::vector<std::string> segments;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return http_failure(400, "'..' in the path");
    if (segment.size() > kMaxSegment) return http_failure(404, "path segment too long");
    segments.emplace_back(segment);
  }
  auto opened = open_beneath(root_fd_.fd(), segments, method_);
  if (!opened) return not_found(opened.error());
  return describe(std::move(*opened), segments.empty() ? std::string() : segments.back(),
                  decoded->ends_with('/'));
}

HttpResult<ResolvedPath> PathResolver::resolve_child(const ResolvedPath& directory,
                                                     const std::string& name) const {
  const std::string segments[] = {name};
  auto opened = open_beneath(directory.file.fd(), segments, method_);
  if (!opened) return not_found(opened.error());
  return describe(std::move(*opened), name, false);
}

}  // namespace cpptls::tool::serve
