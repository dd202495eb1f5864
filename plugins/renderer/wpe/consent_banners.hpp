#pragma once

#include <string>
#include <vector>

namespace pinhole::wpe {

/// The selectors of data/consent-banners.txt (embedded at build time).
const std::vector<std::string>& consent_banner_selectors();

/// The style sheet of blockCookieBanners: the consent dialogs hidden, and
/// the scroll lock they put on the page (overflow: hidden on html or body)
/// lifted.
std::string consent_banner_style_sheet();

} // namespace pinhole::wpe
