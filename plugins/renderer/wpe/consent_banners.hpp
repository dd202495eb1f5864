#pragma once

#include <string>

namespace pinhole::wpe {

/// data/consent-banners.txt as committed (built into the binary: the
/// generated consent_banners_text.cpp, cmake/EmbedText.cmake).
const char* consent_banners_text();

/// The style sheet of blockCookieBanners: the consent dialogs hidden, and
/// the scroll lock they put on the page (overflow: hidden on html or body)
/// lifted.
/// Built once from consent_banners_text().
const std::string& consent_banner_style_sheet();

} // namespace pinhole::wpe
