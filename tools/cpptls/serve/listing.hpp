#pragma once
// The HTML page listing a directory that has no index.html. Names come from the file system
// and may hold anything but '/' and NUL: they are HTML-escaped in the text and
// percent-encoded in the links, so that a file named `<script>` stays a name.

#include <filesystem>
#include <string>
#include <string_view>

#include "http/text.hpp"

namespace cpptls::tool::serve {

class PathResolver;

using http::html_escape;  // `&<>"'` as character references (http/text.hpp)
// Every byte but RFC 3986 unreserved characters as %XX: safe in an href path segment.
[[nodiscard]] std::string percent_encode(std::string_view text);

// The listing of `directory` (inside the resolver's root), whose URL path is `url_path`
// (decoded, ending in '/'). Entries that lead outside the root are left out; at most
// kMaxListed entries are shown.
[[nodiscard]] std::string directory_listing(const std::filesystem::path& directory,
                                            std::string_view url_path,
                                            const PathResolver& resolver);

inline constexpr std::size_t kMaxListed = 10000;

}  // namespace cpptls::tool::serve
