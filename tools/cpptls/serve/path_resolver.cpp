#include "serve/path_resolver.hpp"

#include <algorithm>
#include <system_error>

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

HttpResult<PathResolver> PathResolver::open(const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec) return http_failure(500, "cannot open " + root.string() + ": " + ec.message());
  if (!fs::is_directory(canonical, ec)) {
    return http_failure(500, root.string() + " is not a directory");
  }
  return PathResolver(std::move(canonical));
}

bool PathResolver::contains(const fs::path& path) const {
  return std::mismatch(root_.begin(), root_.end(), path.begin(), path.end()).first == root_.end();
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
  fs::path candidate = root_;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return http_failure(400, "'..' in the path");
    if (segment.size() > kMaxSegment) return http_failure(404, "path segment too long");
    candidate /= std::string(segment);
  }

  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(candidate, ec);
  if (ec) return http_failure(404, "cannot resolve the path: " + ec.message());
  // Symbolic links are followed by weakly_canonical: one that leads out of the root is
  // refused here, and looks like a file that is not there.
  if (!contains(resolved)) return http_failure(404, "the path leads outside the served directory");
  const fs::file_status status = fs::status(resolved, ec);
  if (ec || !fs::exists(status)) return http_failure(404, "no such file");
  if (!fs::is_regular_file(status) && !fs::is_directory(status)) {
    return http_failure(404, "not a regular file or directory");
  }
  return ResolvedPath{std::move(resolved), fs::is_directory(status), decoded->ends_with('/')};
}

}  // namespace cpptls::tool::serve
