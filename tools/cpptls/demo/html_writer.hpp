#pragma once
// `cpptls demo --html FILE`: one self-contained page (inline CSS and SVG, nothing fetched)
// that draws the handshake as a sequence diagram between client and server, with step
// numbers and the key values in small text, followed by the narration itself.

#include <string>

#include "cpptls/result.hpp"

#include "narration.hpp"

namespace cpptls::tool::demo {

[[nodiscard]] std::string render_html(const Narration& narration);
[[nodiscard]] Result<void> write_html(const std::string& path, const Narration& narration);

}  // namespace cpptls::tool::demo
