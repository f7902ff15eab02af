#pragma once
// The HTML page listing a directory that has no index.html. Names come from the file system
// and may hold anything but '/' and NUL: they are HTML-escaped in the text and
// percent-encoded in the links, so that a file named `<script>` stays a name.

#include <string>
#include <string_view>

#include "http/text.hpp"

namespace cpptls::tool::serve {

using http::html_escape;  // `&<>"'` as character references (http/text.hpp)
// Every byte but RFC 3986 unreserved characters as %XX: safe in an href path segment.
[[nodiscard]] std::string percent_encode(std::string_view text);

// The listing of the open directory `directory_fd` (read through a duplicate, so the caller's
// descriptor is untouched), whose URL path is `url_path` (decoded, ending in '/'). Only
// regular files and directories are listed: symbolic links are left out, as a request
// through one is 404 (serve/path_resolver.hpp); at most kMaxListed entries are shown.
[[nodiscard]] std::string directory_listing(int directory_fd, std::string_view url_path);

inline constexpr std::size_t kMaxListed = 10000;

}  // namespace cpptls::tool::serve
