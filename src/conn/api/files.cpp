#include "conn/api/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "conn/api/convert.hpp"

namespace cpptls::api {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

[[nodiscard]] TlsError file_error(std::string_view what, const std::string& path,
                                  std::string problem) {
  return config_error("cannot read " + std::string(what) + " '" + path + "': " + problem);
}

}  // namespace

Result<SecretBytes> read_config_file(const std::string& path, std::string_view what) {
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return file_error(what, path, std::strerror(errno));
  SecretBytes content;
  std::uint8_t chunk[4096];
  while (true) {
    const std::size_t count = std::fread(chunk, 1, sizeof chunk, file.get());
    if (content.size() + count > kMaxConfigFileSize) {
      secure_wipe(chunk, sizeof chunk);
      return file_error(what, path, "larger than " + std::to_string(kMaxConfigFileSize) + " bytes");
    }
    content.insert(content.end(), chunk, chunk + count);
    if (count < sizeof chunk) break;
  }
  secure_wipe(chunk, sizeof chunk);
  if (std::ferror(file.get())) return file_error(what, path, std::strerror(errno));
  return content;
}

}  // namespace cpptls::api
