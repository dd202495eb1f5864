#include "plugins/renderer/wpe/consent_banners.hpp"

#include <sstream>

namespace pinhole::wpe {

/// data/consent-banners.txt as it is (consent_banners_data.cpp, generated).
const char* consent_banners_text();

const std::vector<std::string>& consent_banner_selectors() {
  static const std::vector<std::string> selectors = [] {
    std::vector<std::string> out;
    std::istringstream lines{consent_banners_text()};
    std::string line;
    while (std::getline(lines, line)) {
      bool comment = line.rfind("# ", 0) == 0 || line == "#";
      if (!line.empty() && !comment)
        out.push_back(line);
    }
    return out;
  }();
  return selectors;
}

std::string consent_banner_style_sheet() {
  std::string sheet;
  for (const auto& selector : consent_banner_selectors())
    sheet += selector + " { display: none !important; }\n";
  // Platforms lock scrolling while their dialog is open; the inline styles
  // they set lose against !important.
  sheet += "html, body { overflow: visible !important; }\n";
  return sheet;
}

} // namespace pinhole::wpe
