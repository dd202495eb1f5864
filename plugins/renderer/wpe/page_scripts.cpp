#include "plugins/renderer/wpe/page_scripts.hpp"

namespace pinhole::wpe::page_scripts {

namespace {

std::string post(int token, const std::string& value) {
  return "window.webkit.messageHandlers." + std::string{handler} +
         ".postMessage([" + std::to_string(token) + ", " + value + "]);";
}

const char* const document_height =
  "Math.max(document.documentElement.scrollHeight, "
  "document.body ? document.body.scrollHeight : 0)";

/// A function `settled(then)`: waits for fonts and visible images (bounded),
/// then two frames, then calls `then`.
std::string settle_function(int asset_wait_ms) {
  return R"JS(
const settled = (then) => requestAnimationFrame(() => {
  // One frame first: style and layout have run, so the web fonts the page
  // uses have started loading and document.fonts.ready waits for them.
  const visible = [...document.images].filter((img) => {
    if (img.complete) return false;
    const r = img.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  const loads = visible.map((img) => new Promise((done) => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  }));
  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  const limit = new Promise((done) => setTimeout(done, )JS" +
         std::to_string(asset_wait_ms) + R"JS());
  Promise.race([Promise.all([fonts, ...loads]), limit]).then(() =>
    requestAnimationFrame(() => requestAnimationFrame(then)));
});
)JS";
}

} // namespace

std::string measure(int token) {
  return "(() => { for (const img of document.querySelectorAll("
         "'img[loading=\"lazy\"]')) img.loading = 'eager'; " +
         post(token, document_height) + " })();";
}

std::string settle(int token, int asset_wait_ms) {
  return "(() => {" + settle_function(asset_wait_ms) + "settled(() => { " +
         post(token, document_height) + " }); })();";
}

std::string scroll_and_settle(int token, int y, bool hide_fixed,
                              int asset_wait_ms) {
  std::string hide;
  if (hide_fixed)
    hide = R"JS(
for (const el of document.querySelectorAll('*')) {
  const position = getComputedStyle(el).position;
  if (position === 'fixed')
    el.style.setProperty('visibility', 'hidden', 'important');
  else if (position === 'sticky')
    el.style.setProperty('position', 'static', 'important');
}
)JS";
  return "(() => {" + settle_function(asset_wait_ms) + hide +
         "window.scrollTo(0, " + std::to_string(y) +
         "); requestAnimationFrame(() => requestAnimationFrame(() => "
         "settled(() => { " +
         post(token, "Math.round(window.scrollY)") + " }))); })();";
}

} // namespace pinhole::wpe::page_scripts
