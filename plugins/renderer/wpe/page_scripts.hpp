#pragma once

#include <string>
#include <vector>

namespace pinhole::wpe {

/// JavaScript run in the page at each step of a capture. Every script ends
/// by posting `[token, value]` to the `pinhole` script message handler; the
/// view matches the token to the step that is waiting for it.
namespace page_scripts {

/// The name of the script message handler.
constexpr const char* handler = "pinhole";

/// Injected at document start: counts the page's fetch() and
/// XMLHttpRequest calls in flight, so settling can wait for the content a
/// script builds from data it asked for after the load. The page's data is
/// taken to have come once no call (nor the reading of an answer's body)
/// has been in flight for `quiet_ms` (renderer.wpe.network_quiet_ms): time
/// for what the page builds from it and for a follow-up call. The settle
/// step reads it from here; the view's wait before it shows a page
/// (wpe_view::wait_for_data) uses the same setting.
std::string network_tracker(int quiet_ms);

/// Injected at document start in the top frame of a blocking job's page
/// (blockAds, blockTrackers): notes the URL of every
/// load of the page that failed (an element's error event, a fetch() that
/// rejects, an XMLHttpRequest's error). WebKit 2.38 reports a load its
/// content filter blocked only as a console message, and withholds those
/// from ephemeral views; a failed load that never became a request (no
/// resource-timing entry: every request that is sent gets an answer, from
/// the egress proxy at least) was blocked. See count_blocked_loads.
std::string failed_load_tracker();

/// Posts how many of the loads failed_load_tracker noted were blocked:
/// those with no resource-timing entry. Blocked CSS images, fonts and
/// frames fire no event and are not counted.
std::string count_blocked_loads(int token);

/// Injected at document start in every frame: the page reads as visible
/// (document.visibilityState, document.hidden) from its first script on,
/// and no visibilitychange reaches it. The view is only shown once the
/// page has loaded: frames painted during the load are software
/// composited and then never used.
std::string always_visible();

/// Makes lazy images eager, waits for every image still loading (at most
/// `asset_wait_ms`), remembers the page's layout (for `check_layout`
/// below) and posts the document height (CSS px), negative when the page
/// shows at sight that it lays something out from the viewport's height
/// (a vh unit, a height media query, an element as tall as the viewport).
std::string measure(int token, int asset_wait_ms);

/// Waits for web fonts, for the images inside the viewport (every image
/// with `whole_page`), for the page's fetch/XHR calls to be over for a
/// moment and for CSS animations and transitions that end in time (at most
/// `asset_wait_ms` in all), then posts the document height
/// from the second animation frame callback after that (later while the
/// page keeps changing its document): by then the frame that shows the
/// settled page has arrived, so the latest frame is the picture.
/// With `check_layout` it posts -1 instead (at once, or after settling)
/// when the layout is not the one measure() remembered: the page depends
/// on the view's size, which has changed since.
std::string settle(int token, int asset_wait_ms, bool whole_page = false,
                   bool check_layout = false);

/// What scroll_and_settle() posts.
enum class segment_answer {
  scroll,          // window.scrollY
  scroll_or_moved, // window.scrollY, or -1 as for settle's check_layout
  document_height, // the document height (the first segment at the viewport)
};

/// Scrolls to `y`, optionally hides fixed and un-sticks sticky elements
/// (so they are not repeated down a stitched page), lets observers react
/// for two frames, then settles like settle() and posts `answer`.
std::string scroll_and_settle(int token, int y, bool hide_fixed,
                              int asset_wait_ms, segment_answer answer);

/// What locate() posts first.
enum class locate_answer { invalid = -2, none = -1, found = 1 };

/// Finds the first element matching `selector` (a JS string literal) and
/// posts [answer, x, y, width, height, viewport x, viewport y]: its border
/// box in CSS px of the document, and where its top left is in the
/// viewport now. An element without a box (display: none) is `none`.
/// Scrolls nothing: an element out of view is brought in by
/// scroll_and_settle, which lets the scrolled page paint before it answers.
std::string locate(int token, const std::string& selector);

/// Posts 1 once an element matching `selector` (a JS string literal) is
/// there and visible (a box of its own, not visibility: hidden), checked
/// on every change to the document and every 50 ms; -2 at once when the
/// engine refuses the selector. Never posts otherwise: the job's timeout
/// ends the wait.
std::string wait_for_selector(int token, const std::string& selector);

/// A style sheet that hides every element matching one of `selectors`
/// (visibility: hidden, so the layout stays as it is). One rule per
/// selector: one the engine refuses drops only its own rule.
std::string hiding_style_sheet(const std::vector<std::string>& selectors);

/// Appends a <style> element with `css` (a JS string literal) to the
/// document (last in the cascade).
std::string append_style(const std::string& css);

/// `text` as a JavaScript string literal.
std::string js_string(const std::string& text);

} // namespace page_scripts

} // namespace pinhole::wpe
