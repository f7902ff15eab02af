#pragma once
// Maps a request-target to a file under the served directory, and never to anything outside
// it, even while the tree changes under the server (issue 11, item 10). The target is
// hostile: it is percent-decoded (a bad %XX or a NUL is 400) and any ".." segment after
// decoding is refused (400). The remaining segments are then opened one name at a time from
// a descriptor of the root taken once at startup (serve/open_beneath.hpp), and the reply is
// made from that descriptor (fstat, pread, fdopendir): no path is ever looked up twice.
//
// Symbolic links inside the root are never followed, whether they point inside or outside
// it: a request through one is 404, like a file that is not there. (Following links that
// stay inside would need their targets resolved, which is the race this avoids.) Only regular
// files and directories are served.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "serve/http_failure.hpp"
#include "serve/open_beneath.hpp"
#include "serve/open_file.hpp"

namespace cpptls::tool::serve {

// "%41b%2F" -> "Ab/"; nothing when a '%' is not followed by two hex digits.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

// The path of an origin-form ("/a/b?q") or absolute-form ("https://host/a/b") target, before
// decoding: without query and fragment. Nothing for other forms ("*", "a/b").
[[nodiscard]] std::optional<std::string_view> target_path(std::string_view target);

// A file or directory opened below the root.
struct ResolvedPath {
  OpenFile file;
  std::string name;  // its last segment, decoded ("" for the root): picks the Content-Type
  bool directory = false;
  bool trailing_slash = false;  // the URL path ends with '/' (a directory's links need it)
  std::uint64_t size = 0;       // from fstat of `file`
  std::int64_t modified = 0;    // st_mtime, Unix seconds
};

class PathResolver {
 public:
  // Opens `root`, which must be a directory, once; its descriptor serves every request.
  [[nodiscard]] static HttpResult<PathResolver> open(
      const std::filesystem::path& root, BeneathMethod method = BeneathMethod::automatic);

  [[nodiscard]] HttpResult<ResolvedPath> resolve(std::string_view target) const;
  // `name` (a single name, such as "index.html") in the opened `directory`, by the same rules.
  [[nodiscard]] HttpResult<ResolvedPath> resolve_child(const ResolvedPath& directory,
                                                       const std::string& name) const;
  // The root as given, made canonical at startup: for messages only, never opened again.
  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

 private:
  PathResolver(std::filesystem::path root, OpenFile root_fd, BeneathMethod method)
      : root_(std::move(root)), root_fd_(std::move(root_fd)), method_(method) {}

  std::filesystem::path root_;
  OpenFile root_fd_;
  BeneathMethod method_;
};

}  // namespace cpptls::tool::serve
