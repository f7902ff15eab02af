#include "serve/listing.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace cpptls::tool::serve {
namespace {

struct Entry {
  std::string name;
  bool directory = false;
};

[[nodiscard]] bool is_unreserved(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Each entry judged by fstatat on the directory's descriptor without following links: the
// names are never looked up from the root again.
[[nodiscard]] std::vector<Entry> read_entries(int directory_fd) {
  std::vector<Entry> entries;
  const int fd = ::fcntl(directory_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return entries;
  DIR* directory = ::fdopendir(fd);
  if (directory == nullptr) {
    ::close(fd);
    return entries;
  }
  // The duplicate shares the original's offset: start from the first entry whatever it is.
  ::rewinddir(directory);
  while (const dirent* entry = ::readdir(directory)) {
    if (entries.size() >= kMaxListed) break;
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat info {};
    if (::fstatat(::dirfd(directory), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) continue;  // would be a 404 anyway
    entries.push_back({std::string(name), S_ISDIR(info.st_mode)});
  }
  ::closedir(directory);
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

std::string directory_listing(int directory_fd, std::string_view url_path) {
  const std::string title = "Index of " + html_escape(url_path);
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
                     "</title></head>\n<body><h1>" + title + "</h1>\n<ul>\n";
  if (url_path != "/") page += "<li><a href=\"../\">../</a></li>\n";
  for (const Entry& entry : read_entries(directory_fd)) {
    const std::string suffix = entry.directory ? "/" : "";
    // "./" first: a name such as "a:b" must not read as a URL scheme.
    page += "<li><a href=\"./" + percent_encode(entry.name) + suffix + "\">" +
            html_escape(entry.name) + suffix + "</a></li>\n";
  }
  page += "</ul>\n</body></html>\n";
  return page;
}

}  // namespace cpptls::tool::serve
