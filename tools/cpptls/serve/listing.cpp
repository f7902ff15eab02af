#include "serve/listing.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

#include "serve/path_resolver.hpp"

namespace cpptls::tool::serve {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  bool directory = false;
};

[[nodiscard]] bool is_unreserved(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

[[nodiscard]] std::vector<Entry> read_entries(const fs::path& directory,
                                              const PathResolver& resolver) {
  std::vector<Entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    if (entries.size() >= kMaxListed) break;
    std::error_code resolve_error;
    const fs::path target = fs::weakly_canonical(it->path(), resolve_error);
    if (resolve_error || !resolver.contains(target)) continue;  // would be a 404 anyway
    entries.push_back({it->path().filename().string(), fs::is_directory(target, resolve_error)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.directory != b.directory) return a.directory;
    return a.name < b.name;
  });
  return entries;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c)) {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

std::string directory_listing(const fs::path& directory, std::string_view url_path,
                              const PathResolver& resolver) {
  const std::string title = "Index of " + html_escape(url_path);
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
                     "</title></head>\n<body><h1>" + title + "</h1>\n<ul>\n";
  if (url_path != "/") page += "<li><a href=\"../\">../</a></li>\n";
  for (const Entry& entry : read_entries(directory, resolver)) {
    const std::string suffix = entry.directory ? "/" : "";
    // "./" first: a name such as "a:b" must not read as a URL scheme.
    page += "<li><a href=\"./" + percent_encode(entry.name) + suffix + "\">" +
            html_escape(entry.name) + suffix + "</a></li>\n";
  }
  page += "</ul>\n</body></html>\n";
  return page;
}

}  // namespace cpptls::tool::serve
