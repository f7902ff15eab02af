#include "serve/mime_types.hpp"

#include <array>
#include <string>
#include <utility>

#include "http/text.hpp"

namespace cpptls::tool::serve {
namespace {

// Text types name their charset: without it a browser guesses (and may guess UTF-7-like
// encodings that turn text into script).
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},  // RFC 9239
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".svg", "image/svg+xml"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".ico", "image/x-icon"},
    {".pdf", "application/pdf"},
    {".webp", "image/webp"},
}};

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string extension = http::to_lower(file.extension().string());
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

}  // namespace cpptls::tool::serve
