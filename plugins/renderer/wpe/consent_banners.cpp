#include "plugins/renderer/wpe/consent_banners.hpp"

#include <sstream>

namespace pinhole::wpe {

const std::string& consent_banner_style_sheet() {
  static const std::string sheet = [] {
    std::string out;
    std::istringstream lines{consent_banners_text()};
    std::string line;
    while (std::getline(lines, line)) {
      bool comment = line.rfind("# ", 0) == 0 || line == "#";
      if (!line.empty() && !comment)
        out += line + " { display: none !important; }\n";
    }
    // Platforms lock scrolling while their dialog is open; the inline
    // styles they set lose against !important.
    out += "html, body { overflow: visible !important; }\n";
    return out;
  }();
  return sheet;
}

} // namespace pinhole::wpe
