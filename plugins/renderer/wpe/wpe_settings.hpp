#pragma once

#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace pinhole::wpe {

/// How full pages are taken (renderer.wpe.full_page_method).
enum class full_page_strategy {
  /// Grow the view to the page when its layout does not depend on the
  /// view's height (checked at sight before and for certain after the
  /// grow), else scroll and stitch at the requested viewport.
  automatic,
  /// Always grow, unchecked: a page sized from the viewport (a 100vh hero)
  /// comes out wrong; for pages known not to be.
  grow,
  /// Always scroll and stitch at the requested viewport.
  scroll,
};

/// The names of full_page_strategy in the configuration.
constexpr const char* full_page_method_names[] = {"auto", "grow", "scroll"};

/// The strategy called `name` in the configuration, if any.
inline std::optional<full_page_strategy>
full_page_strategy_named(std::string_view name) {
  for (size_t i = 0; i < std::size(full_page_method_names); ++i)
    if (name == full_page_method_names[i])
      return static_cast<full_page_strategy>(i);
  return std::nullopt;
}

/// The `renderer.wpe.*` configuration keys.
struct wpe_settings {
  /// Warm web views (one WebProcess each) rendering in parallel.
  int views = 2;
  /// A view is replaced by a fresh one after this many captures so that
  /// engine memory does not creep.
  int recycle_after = 200;
  /// Longest wait for web fonts and visible images before the picture is
  /// taken anyway (a hanging image must not cost the whole timeout).
  int asset_wait_ms = 5000;
  /// A page's data (fetch/XHR) is taken to have come once no call nor the
  /// reading of an answer has been in flight for this long (within the
  /// asset wait): time for what the page builds from it and for a
  /// follow-up call. Lower is faster on pages that fetch their data but
  /// misses a follow-up call that starts later than this.
  int network_quiet_ms = 20;
  /// Full pages taller than this many device pixels are taken in segments
  /// of this height and stitched (the engine's own limit is 16384). Lower
  /// costs less memory per view, higher is faster.
  int max_frame_rows = 16384;
  /// Device megapixels that views grown for full pages may hold at once;
  /// a full page that does not fit waits for another to finish (one always
  /// may grow). A 1280x6000 page is 7.7, so by default two such pages are
  /// taken one after the other while two of 1280x3900 still go together.
  /// Why: each copy of a 6000 px picture in the service is 29 MiB; the
  /// budget trades a lower peak for fewer captures/s on such pages
  /// (benchmarks/HISTORY.md). 100000 is off.
  int full_page_budget_mpx = 10;
  /// See full_page_strategy.
  full_page_strategy full_page_method = full_page_strategy::automatic;
  /// Memory limit (MB) given to the engine's memory-pressure handler for
  /// each WebProcess: one over 40 % of it drops its caches, over 60 % it
  /// also collects garbage and hands free memory back (memory_pressure.hpp).
  /// 0: the engine's own default (3 GB, looked at every 30 s).
  int memory_limit_mb = 200;
  /// A view whose clean-up between captures (about:blank, clearing its
  /// website data) takes longer than this is wedged — a page stuck in a
  /// script loop after its picture, say — and is replaced.
  int reset_timeout_ms = 5000;
  /// The filter lists (Adblock Plus syntax) of blockAds and blockTrackers:
  /// Debian's copies of EasyList and EasyPrivacy
  /// (webext-ublock-origin-chromium).
  std::string ad_block_list = "/usr/share/chromium/extensions/ublock-origin/"
                              "assets/thirdparties/easylist/easylist.txt";
  std::string tracker_block_list =
    "/usr/share/chromium/extensions/ublock-origin/assets/thirdparties/"
    "easylist/easyprivacy.txt";
  /// Where the lists' compiled content filters are kept
  /// (content_filters.hpp): filled at start-up. Empty: a temp folder,
  /// filled when a job first blocks (pinhole capture, the bare engine).
  /// The service's default is <storage.dir>/content-filters (wpe_plugin).
  std::string content_filter_dir;
};

} // namespace pinhole::wpe
