#pragma once
// The Content-Type of a served file, by its extension (case-insensitive); unknown extensions
// are application/octet-stream, which browsers download rather than render.

#include <filesystem>
#include <string_view>

namespace cpptls::tool::serve {

[[nodiscard]] std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace cpptls::tool::serve
