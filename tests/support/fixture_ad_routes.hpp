#pragma once

#include <pistache/router.h>

namespace pinhole::test {

/// The routes of the blocking fixtures (fixture_server "/ads?base=B"): a
/// page whose ads and trackers come from the fixture server at B (another
/// loopback port: the fake ad server), at paths EasyList and EasyPrivacy
/// list. Every ad or tracker that loads paints a red 200x200 square in a
/// column of its own; the page is green, its own content blue:
///   x    0 ad image        /ads/banners/top.svg   (EasyList
///   /ads/banners/*$image) x  200 ad script       /ads/custom_ads.js (EasyList,
///   $script) x  400 ad container    <div class=banner-ad>  (EasyList
///   ##.banner-ad) x  600 tracking pixel  /__utm.gif             (EasyPrivacy)
///   x  800 tracker script  /_vercel/insights/script.js (EasyPrivacy)
///   x 1000 the page's own content, blue
void add_ad_routes(Pistache::Rest::Router& router);

} // namespace pinhole::test
