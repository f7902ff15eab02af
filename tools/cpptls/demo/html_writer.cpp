#include "html_writer.hpp"

#include <fstream>
#include <sstream>

#include "http/text.hpp"

namespace cpptls::tool::demo {
namespace {

constexpr int kWidth = 1100;
constexpr int kClientX = 170;
constexpr int kServerX = 930;
constexpr int kTop = 90;
constexpr int kLineHeight = 15;
constexpr std::size_t kMaxDetailLines = 4;
constexpr std::size_t kMaxDetailChars = 98;

[[nodiscard]] std::string escape(std::string_view text) {
  return http::html_escape(text);
}

[[nodiscard]] std::string clip(const std::string& text) {
  if (text.size() <= kMaxDetailChars) return text;
  return text.substr(0, kMaxDetailChars - 3) + "...";
}

[[nodiscard]] std::string step_label(const Entry& entry) {
  return entry.step > 0 ? std::to_string(entry.step) + ". " : "";
}

[[nodiscard]] int entry_height(const Entry& entry) {
  const std::size_t lines = std::min(entry.details.size(), kMaxDetailLines);
  return 34 + static_cast<int>(lines) * kLineHeight;
}

// One message: an arrow between the lifelines, its name above, values below.
void draw_arrow(std::ostream& svg, const Entry& entry, int y) {
  const bool to_server = entry.kind == Entry::Kind::client_to_server;
  const bool encrypted = entry.protection.starts_with("encrypted");
  const int from = to_server ? kClientX : kServerX;
  const int to = to_server ? kServerX : kClientX;
  const char* color = encrypted ? "#1b7f3b" : "#1f4e9c";
  svg << "<g class=\"message\"><line x1=\"" << from << "\" y1=\"" << y << "\" x2=\"" << to
      << "\" y2=\"" << y << "\" stroke=\"" << color << "\" stroke-width=\"2\""
      << (encrypted ? " stroke-dasharray=\"8 4\"" : "") << " marker-end=\"url(#arrow-"
      << (encrypted ? "green" : "blue") << ")\"/>\n";
  svg << "<text x=\"" << (kClientX + kServerX) / 2 << "\" y=\"" << y - 6
      << "\" text-anchor=\"middle\" class=\"name\" fill=\"" << color << "\">"
      << escape(step_label(entry)) << escape(entry.title) << "</text>\n";
  int line_y = y + 15;
  for (std::size_t i = 0; i < entry.details.size() && i < kMaxDetailLines; ++i) {
    svg << "<text x=\"" << (kClientX + kServerX) / 2 << "\" y=\"" << line_y
        << "\" text-anchor=\"middle\" class=\"detail\">" << escape(clip(entry.details[i]))
        << "</text>\n";
    line_y += kLineHeight;
  }
  svg << "</g>\n";
}

// What happens inside the sides: a box across the middle.
void draw_note(std::ostream& svg, const Entry& entry, int y) {
  const int height = entry_height(entry) - 8;
  svg << "<g class=\"note\"><rect x=\"" << kClientX + 20 << "\" y=\"" << y - 16 << "\" width=\""
      << kServerX - kClientX - 40 << "\" height=\"" << height
      << "\" rx=\"6\" fill=\"#fff6d8\" stroke=\"#c9a227\"/>\n";
  svg << "<text x=\"" << (kClientX + kServerX) / 2 << "\" y=\"" << y
      << "\" text-anchor=\"middle\" class=\"name\" fill=\"#6b5200\">" << escape(step_label(entry))
      << escape(entry.title) << "</text>\n";
  int line_y = y + 15;
  for (std::size_t i = 0; i < entry.details.size() && i < kMaxDetailLines; ++i) {
    svg << "<text x=\"" << (kClientX + kServerX) / 2 << "\" y=\"" << line_y
        << "\" text-anchor=\"middle\" class=\"detail\">" << escape(clip(entry.details[i]))
        << "</text>\n";
    line_y += kLineHeight;
  }
  svg << "</g>\n";
}

void draw_diagram(std::ostream& out, const Narration& narration) {
  int height = kTop + 20;
  for (const auto& entry : narration.entries)
    height += entry_height(entry);
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << kWidth << " " << height << "\" role=\"img\">\n";
  out << "<defs>";
  for (const auto& [name, color] : {std::pair{"blue", "#1f4e9c"}, std::pair{"green", "#1b7f3b"}}) {
    out << "<marker id=\"arrow-" << name
        << "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
           "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\""
        << color << "\"/></marker>";
  }
  out << "</defs>\n";
  for (const auto& [x, label] : {std::pair{kClientX, "Client"}, std::pair{kServerX, "Server"}}) {
    out << "<rect x=\"" << x - 70 << "\" y=\"20\" width=\"140\" height=\"36\" rx=\"6\" "
        << "fill=\"#26303d\"/><text x=\"" << x << "\" y=\"44\" text-anchor=\"middle\" "
        << "class=\"actor\">" << label << "</text>\n";
    out << "<line x1=\"" << x << "\" y1=\"56\" x2=\"" << x << "\" y2=\"" << height - 10
        << "\" stroke=\"#9aa5b1\" stroke-width=\"2\"/>\n";
  }
  int y = kTop;
  for (const auto& entry : narration.entries) {
    if (entry.kind == Entry::Kind::note) {
      draw_note(out, entry, y);
    } else {
      draw_arrow(out, entry, y);
    }
    y += entry_height(entry);
  }
  out << "</svg>\n";
}

void write_narration(std::ostream& out, const Narration& narration) {
  out << "<h2>The narration</h2>\n<ol class=\"narration\">\n";
  for (const auto& entry : narration.entries) {
    const char* who = entry.kind == Entry::Kind::client_to_server   ? "client &rarr; server"
                      : entry.kind == Entry::Kind::server_to_client ? "client &larr; server"
                                                                    : "inside";
    out << "<li><b>" << (entry.step > 0 ? "step " + std::to_string(entry.step) + " &middot; " : "")
        << who << " &middot; " << escape(entry.title) << "</b>";
    if (!entry.protection.empty()) out << " <i>(" << escape(entry.protection) << ")</i>";
    out << "<ul>";
    for (const auto& line : entry.details)
      out << "<li><code>" << escape(line) << "</code></li>";
    out << "</ul></li>\n";
  }
  out << "</ol>\n";
  if (!narration.differences.empty()) {
    out << "<h2>Where TLS 1.3 differs from the classic handshake, and why</h2>\n<ul>\n";
    for (const auto& line : narration.differences)
      out << "<li>" << escape(line) << "</li>\n";
    out << "</ul>\n";
  }
}

}  // namespace

std::string render_html(const Narration& narration) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
      << escape(narration.title) << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;margin:24px;color:#1d2530;background:#fff}\n"
      << "h1{font-size:20px} h2{font-size:17px;margin-top:28px}\n"
      << ".setup{color:#4a5565;font-size:13px}\n"
      << "svg{border:1px solid #d5dbe2;border-radius:8px;background:#fbfcfd}\n"
      << "svg .actor{fill:#fff;font:bold 16px sans-serif}\n"
      << "svg .name{font:bold 14px sans-serif}\n"
      << "svg .detail{font:11px monospace;fill:#3d4652}\n"
      << ".legend span{display:inline-block;margin-right:18px;font-size:13px}\n"
      << ".narration{font-size:13px} .narration code{font-size:12px;word-break:break-all}\n"
      << "</style></head><body>\n";
  out << "<h1>" << escape(narration.title) << "</h1>\n<ul class=\"setup\">\n";
  for (const auto& line : narration.setup)
    out << "<li>" << escape(line) << "</li>\n";
  out << "</ul>\n<p class=\"legend\"><span style=\"color:#1f4e9c\">&#9472;&#9472;&#9654; in the "
         "clear</span><span style=\"color:#1b7f3b\">&#9476;&#9476;&#9654; encrypted</span>"
         "<span style=\"color:#6b5200\">&#9634; inside one side</span></p>\n";
  draw_diagram(out, narration);
  write_narration(out, narration);
  out << "</body></html>\n";
  return out.str();
}

Result<void> write_html(const std::string& path, const Narration& narration) {
  const TlsError cannot_write(TlsErrorKind::io, TlsErrorCode::output_failed, 0,
                              "cannot write " + path);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return cannot_write;
  file << render_html(narration);
  file.close();
  if (!file) return cannot_write;
  return {};
}

}  // namespace cpptls::tool::demo
