#pragma once
// Maps a request-target to a file under the served directory, and never to anything outside
// it. The target is hostile: it is percent-decoded (a bad %XX or a NUL is 400), any ".."
// segment after decoding is refused (400), and the path built from the remaining segments is
// resolved with std::filesystem::weakly_canonical (symbolic links followed) and must still lie
// inside the canonical directory: a link pointing outside is not found (404), like a file that
// does not exist. Only regular files and directories are served.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "serve/http_failure.hpp"

namespace cpptls::tool::serve {

// "%41b%2F" -> "Ab/"; nothing when a '%' is not followed by two hex digits.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

// The path of an origin-form ("/a/b?q") or absolute-form ("https://host/a/b") target, before
// decoding: without query and fragment. Nothing for other forms ("*", "a/b").
[[nodiscard]] std::optional<std::string_view> target_path(std::string_view target);

struct ResolvedPath {
  std::filesystem::path path;  // canonical, inside the root
  bool directory = false;
  bool trailing_slash = false;  // the URL path ends with '/' (a directory's links need it)
};

class PathResolver {
 public:
  // `root` must name an existing directory; it is made canonical once, here.
  [[nodiscard]] static HttpResult<PathResolver> open(const std::filesystem::path& root);

  [[nodiscard]] HttpResult<ResolvedPath> resolve(std::string_view target) const;
  // Whether canonical `path` is the root or below it (component by component, so that
  // "/srv/www2" is not inside "/srv/www").
  [[nodiscard]] bool contains(const std::filesystem::path& path) const;
  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

 private:
  explicit PathResolver(std::filesystem::path root) : root_(std::move(root)) {}

  std::filesystem::path root_;
};

}  // namespace cpptls::tool::serve
