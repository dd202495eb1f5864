#include "plugins/renderer/wpe/page_scripts.hpp"

#include <nlohmann/json.hpp>

namespace pinhole::wpe::page_scripts {

namespace {

std::string post(int token, const std::string& value) {
  return "window.webkit.messageHandlers." + std::string{handler} +
         ".postMessage([" + std::to_string(token) + ", " + value + "]);";
}

/// A promise that settles once all of `promises` (a JS array expression)
/// have, or after `ms`, whichever comes first: every wait for the page's
/// assets is bounded by renderer.wpe.asset_wait_ms.
std::string all_within(const std::string& promises, const std::string& ms) {
  return "Promise.race([Promise.all(" + promises +
         "), new Promise((done) => setTimeout(done, " + ms + "))])";
}

std::string all_within(const std::string& promises, int ms) {
  return all_within(promises, std::to_string(ms));
}

const char* const document_height =
  "Math.max(document.documentElement.scrollHeight, "
  "document.body ? document.body.scrollHeight : 0)";

/// Where the page put its boxes: every element's offset box (transforms
/// and so animations left out) and every outermost <svg>'s size, as one
/// string. A full page is laid out for the requested viewport; taken at
/// that size (remember_layout) and again in a view grown taller, an equal
/// string means nothing on the page is sized or placed from the viewport's
/// height (vh units, percentages of fixed boxes, scripts reading
/// innerHeight or reacting to resize, height media queries), so the grown
/// view shows the page a reader scrolls. The root element is left out, and
/// the body when its box paints nothing of its own (its background is the
/// canvas's): a `height: 100%` there changes no pixel.
const char* const layout_function = R"JS(
const layoutNow = () => {
  const html = document.documentElement;
  const body = document.body;
  const root = getComputedStyle(html);
  let bodyPaints = false;
  if (body) {
    const style = getComputedStyle(body);
    bodyPaints = root.backgroundColor !== 'rgba(0, 0, 0, 0)' ||
      root.backgroundImage !== 'none' || style.borderStyle !== 'none' ||
      style.boxShadow !== 'none' || style.outlineStyle !== 'none';
  }
  const boxes = [];
  for (const el of document.querySelectorAll('*')) {
    if (el === html || (el === body && !bodyPaints)) continue;
    if (el instanceof HTMLElement)
      boxes.push(el.offsetTop, el.offsetLeft, el.offsetWidth, el.offsetHeight);
    else if (el instanceof SVGSVGElement && !el.ownerSVGElement) {
      const r = el.getBoundingClientRect();
      boxes.push(Math.round(r.width), Math.round(r.height));
    }
  }
  return boxes.join(',');
};
const layoutKept = () =>
  window.__pinholeLayout === undefined || window.__pinholeLayout === layoutNow();
)JS";

/// A function `sizedFromViewport()`: true when the page shows at sight
/// that it lays something out from the viewport's height: a viewport-height
/// unit (vh, vmin, vmax and their s/l/d forms) in a style sheet it can
/// read or in a style attribute, a media query on the height, aspect ratio
/// or orientation, or an element as tall as the viewport (sized by a
/// script, say). Such a page is not grown for its full page at all; for
/// the others the check after the grow (layoutKept) is the proof.
const char* const sized_from_viewport_function = R"JS(
const sizedFromViewport = () => {
  const unit = /[0-9.](s|l|d)?(vh|vmin|vmax)\b/i;
  const query = /(height|aspect-ratio|orientation)/i;
  const rulesUse = (rules) => {
    for (const rule of rules) {
      if (rule.media && query.test(rule.media.mediaText)) return true;
      if (rule.style && unit.test(rule.style.cssText)) return true;
      if (rule.cssRules && rulesUse(rule.cssRules)) return true;
    }
    return false;
  };
  for (const sheet of document.styleSheets) {
    if (sheet.media && query.test(sheet.media.mediaText)) return true;
    let rules = null;
    try { rules = sheet.cssRules; } catch (e) {} // another origin's
    if (rules && rulesUse(rules)) return true;
  }
  for (const el of document.querySelectorAll('[style]'))
    if (unit.test(el.getAttribute('style'))) return true;
  const rows = window.innerHeight;
  if (document.body)
    for (const el of document.body.querySelectorAll('*'))
      if (el.offsetHeight === rows) return true;
  return false;
};
)JS";

const char* const remember_layout =
  "Object.defineProperty(window, '__pinholeLayout', "
  "{value: layoutNow(), configurable: true, writable: true});";

/// A function `settled(then)`: waits for fonts, visible images and the
/// page's fetch/XHR, then for the CSS animations and transitions that end
/// within what is left of that wait (all bounded), then calls `then` from
/// the second animation frame callback after that, and the view takes its
/// latest frame (the second one since this script began:
/// wpe_view::frame_is_final).
/// The engine starts an animation frame once the frame painted before it
/// was handed over to the view: the first callback runs in the update that
/// paints the settled page (maybe its first paint), so at the second that
/// frame has usually arrived. If the page changed its document in between
/// (IntersectionObserver callbacks run after an update; timers), the change
/// is painted in the update the second callback runs in, so one more frame
/// is waited for (a few at most, for pages that never stop changing). Every
/// requested animation frame costs the engine a full software-composited
/// frame, so none is asked for without a reason.
std::string settle_function(int asset_wait_ms, bool whole_page = false) {
  return R"JS(
const settled = (then) => {
  const until = performance.now() + )JS" +
         std::to_string(asset_wait_ms) + R"JS(;
  // Style and layout now: the web fonts the page uses start loading, so
  // document.fonts.ready waits for them.
  void document.documentElement.offsetHeight;
  // Images in view: loaded and decoded (a decoded image is painted in the
  // next update; one still decoding would be painted later, with no change
  // to the document that would tell). For a full page every image is in
  // the picture (and the page may not have seen the view grow yet, so
  // innerHeight cannot tell).
  const wholePage = )JS" +
         std::string{whole_page ? "true" : "false"} + R"JS(;
  const visible = [...document.images].filter((img) => {
    const r = img.getBoundingClientRect();
    return wholePage || (r.bottom > 0 && r.top < window.innerHeight);
  });
  const loads = visible.map((img) => img.decode().catch(() => {}));
  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  // Data the page's scripts asked for: once there was a fetch/XHR, wait
  // until none (nor the reading of an answer's body) has been in flight for
  // net.quiet ms, time for what the page builds from it and for a
  // follow-up call (network_tracker).
  const net = window.__pinholeNet;
  const network = new Promise((done) => {
    const check = () => {
      if (!net || (net.pending === 0 &&
                   (net.last === 0 ||
                    performance.now() - net.last >= net.quiet)))
        return done();
      setTimeout(check, 10);
    };
    check();
  });
  )JS" + all_within("[fonts, network, ...loads]", asset_wait_ms) +
         R"JS(.then(() => {
    // Animations and transitions (an entrance fade, say) that end within
    // the wait left: the picture shows where they end. Endless ones, and
    // ones that would outlast the wait, are taken as they are.
    const left = Math.max(0, until - performance.now());
    const ending = (document.getAnimations ? document.getAnimations() : [])
      .filter((a) => {
        if (a.playState !== 'running' || !a.effect || !(a.playbackRate > 0))
          return false;
        const t = a.effect.getComputedTiming();
        return Number.isFinite(t.endTime) &&
               (t.endTime - (t.localTime || 0)) / a.playbackRate <= left;
      })
      .map((a) => a.finished.catch(() => {}));
    return )JS" +
         all_within("ending", "left") + R"JS(;
  }).then(() => {
    let changed = false;
    const changes = new MutationObserver(() => { changed = true; });
    changes.observe(document, {subtree: true, childList: true,
                               attributes: true, characterData: true});
    const painted = (more) => requestAnimationFrame(() => {
      changed = changed || changes.takeRecords().length > 0;
      if (changed && more > 0) {
        changed = false;
        return painted(more - 1);
      }
      changes.disconnect();
      then();
    });
    requestAnimationFrame(() => {
      changes.takeRecords();
      changed = false;
      painted(3);
    });
  });
};
)JS";
}

} // namespace

std::string failed_load_tracker() {
  return R"JS((() => {
  const failed = [];
  Object.defineProperty(window, '__pinholeFailedLoads', {value: failed});
  if (performance.setResourceTimingBufferSize)
    performance.setResourceTimingBufferSize(100000);
  const note = (url) => {
    try { if (url) failed.push(new URL(String(url), location.href).href); }
    catch (e) {}
  };
  addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && t.tagName) note(t.currentSrc || t.src || t.href);
  }, true);
  const realFetch = window.fetch;
  if (realFetch)
    window.fetch = function (input, ...rest) {
      const answer = realFetch.call(this, input, ...rest);
      answer.catch(() => note(input && input.url ? input.url : input));
      return answer;
    };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.addEventListener('error', () => note(url), {once: true});
    return open.call(this, method, url, ...rest);
  };
})();)JS";
}

std::string count_blocked_loads(int token) {
  return R"JS((() => {
  const sent = new Set(performance.getEntriesByType('resource')
                         .map((e) => e.name));
  const failed = window.__pinholeFailedLoads || [];
  )JS" + post(token, "failed.filter((url) => !sent.has(url)).length") +
         "})();";
}

std::string network_tracker(int quiet_ms) {
  return R"JS((() => {
  const net = {pending: 0, last: 0, quiet: )JS" +
         std::to_string(quiet_ms) + R"JS(};
  Object.defineProperty(window, '__pinholeNet', {value: net});
  // The view waits for the main page's data before it shows the page
  // (wpe_view::page_loaded): it is told when the first request starts and
  // when the last one ends.
  const handler = window === window.top && window.webkit &&
    window.webkit.messageHandlers && window.webkit.messageHandlers.)JS" +
         std::string{handler} + R"JS(;
  const tell = () => { if (handler) handler.postMessage(['net', net.pending]); };
  const begin = () => {
    net.pending += 1;
    if (net.pending === 1) tell();
  };
  const end = () => {
    net.pending = Math.max(0, net.pending - 1);
    net.last = performance.now();
    if (net.pending === 0) tell();
  };
  const realFetch = window.fetch;
  if (realFetch)
    window.fetch = function (...args) {
      begin();
      let answer;
      try {
        answer = realFetch.apply(this, args);
      } catch (e) {
        end();
        throw e;
      }
      answer.then(end, end);
      return answer;
    };
  // Reading an answer's body is part of the request: the page builds its
  // content once json()/text() resolve.
  if (window.Response)
    for (const name of ['json', 'text', 'arrayBuffer', 'blob', 'formData']) {
      const read = Response.prototype[name];
      if (!read) continue;
      Response.prototype[name] = function (...args) {
        begin();
        let body;
        try {
          body = read.apply(this, args);
        } catch (e) {
          end();
          throw e;
        }
        body.then(end, end);
        return body;
      };
    }
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    begin();
    this.addEventListener('loadend', end, {once: true});
    try {
      return send.apply(this, args);
    } catch (e) {
      end();
      throw e;
    }
  };
})();)JS";
}

std::string always_visible() {
  // The view is hidden between captures and shown once the page has loaded
  // (wpe_view::show): a screenshot is of a page on screen, so the page
  // reads as visible throughout and is not told of the switch.
  return R"JS((() => {
  const visible = (name, value) =>
    Object.defineProperty(document, name, {get: () => value,
                                           configurable: true});
  visible('visibilityState', 'visible');
  visible('hidden', false);
  window.addEventListener('visibilitychange',
                          (event) => event.stopImmediatePropagation(), true);
})();)JS";
}

std::string measure(int token, int asset_wait_ms) {
  // Lazy images start loading now, and every image still loading (these,
  // and any the page's scripts added) is waited for here, before the view
  // grows: an image whose load ends while the engine resizes the view is
  // never painted (its repaint is lost). Images that load after the grow
  // are painted as usual. The layout at this (the requested) viewport is
  // remembered for the check after the grow.
  return "(() => {" + std::string{layout_function} +
         sized_from_viewport_function + R"JS(
  for (const img of document.querySelectorAll('img[loading="lazy"]'))
    img.loading = 'eager';
  const loading = [...document.images].filter((img) => !img.complete);
  const loads = loading.map((img) =>
    new Promise((done) => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
    }));
  )JS" + all_within("loads", asset_wait_ms) +
         ".then(() => { " + remember_layout +
         post(token, std::string{"(sizedFromViewport() ? -1 : 1) * "} +
                       document_height) +
         " }); })();";
}

std::string settle(int token, int asset_wait_ms, bool whole_page,
                   bool check_layout) {
  if (!check_layout)
    return "(() => {" + settle_function(asset_wait_ms, whole_page) +
           "settled(() => { " + post(token, document_height) + " }); })();";
  // A layout that moved is told as soon as it shows: at once, or in the
  // first animation frame (the engine may not have applied the grow yet
  // when this script runs); no frame of the grown page is waited for that
  // cannot be the picture.
  return "(() => {" + settle_function(asset_wait_ms, whole_page) +
         layout_function + "let told = false; const moved = () => { " +
         "if (!told && !layoutKept()) { told = true; " + post(token, "-1") +
         " } return told; }; if (moved()) return; " +
         "requestAnimationFrame(moved); settled(() => { if (!moved()) " +
         post(token, document_height) + " }); })();";
}

std::string scroll_and_settle(int token, int y, bool hide_fixed,
                              int asset_wait_ms, segment_answer answer) {
  // Fixed elements are shown once, where they are on the first screen;
  // sticky ones stay where they are at the top of the page (relative keeps
  // them the containing block of their positioned children).
  std::string hide;
  if (hide_fixed)
    hide = R"JS(
for (const el of document.querySelectorAll('*')) {
  const position = getComputedStyle(el).position;
  if (position === 'fixed') {
    el.style.setProperty('transition', 'none', 'important');
    el.style.setProperty('opacity', '0', 'important');
    el.style.setProperty('visibility', 'hidden', 'important');
  } else if (position === 'sticky') {
    el.style.setProperty('position', 'relative', 'important');
    for (const side of ['top', 'bottom', 'left', 'right'])
      el.style.setProperty(side, 'auto', 'important');
  }
}
)JS";
  std::string scrolled = "Math.round(window.scrollY)";
  std::string check;
  if (answer == segment_answer::scroll_or_moved) {
    scrolled = "layoutKept() ? " + scrolled + " : -1";
    check = layout_function;
  } else if (answer == segment_answer::document_height)
    scrolled = document_height;
  return "(() => {" + settle_function(asset_wait_ms) + check + hide +
         "window.scrollTo(0, " + std::to_string(y) +
         "); requestAnimationFrame(() => requestAnimationFrame(() => "
         "settled(() => { " +
         post(token, scrolled) + " }))); })();";
}

std::string js_string(const std::string& text) {
  // A JSON string is a JavaScript string literal; invalid UTF-8 becomes
  // U+FFFD rather than an exception.
  return nlohmann::json(text).dump(-1, ' ', false,
                                   nlohmann::json::error_handler_t::replace);
}

std::string locate(int token, const std::string& selector) {
  return "(() => { let el = null; try { el = document.querySelector(" +
         selector + "); } catch (e) { " +
         post(token, std::to_string(static_cast<int>(locate_answer::invalid))) +
         " return; }" + R"JS(
  const box = (e) => e ? e.getBoundingClientRect() : null;
  const r = box(el);
  if (!r || r.width <= 0 || r.height <= 0) {
)JS" + post(token, std::to_string(static_cast<int>(locate_answer::none))) +
         R"JS(
    return;
  }
  const x = r.left + window.scrollX;
  const y = r.top + window.scrollY;
)JS" + post(token, "[1, x, y, r.width, r.height, r.left, r.top]") +
         " })();";
}

std::string wait_for_selector(int token, const std::string& selector) {
  return "(() => { const selector = " + selector + "; try { " +
         "document.querySelector(selector); } catch (e) { " +
         post(token, std::to_string(static_cast<int>(locate_answer::invalid))) +
         " return; }" + R"JS(
  const visible = () => {
    const el = document.querySelector(selector);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
           getComputedStyle(el).visibility !== 'hidden';
  };
  let done = false;
  const check = () => {
    if (done || !visible()) return;
    done = true;
    changes.disconnect();
    clearInterval(timer);
)JS" + post(token, "1") +
         R"JS(
  };
  const changes = new MutationObserver(check);
  changes.observe(document, {subtree: true, childList: true,
                             attributes: true, characterData: true});
  const timer = setInterval(check, 50);
  check();
})();)JS";
}

std::string append_style(const std::string& css) {
  return "(() => { const style = document.createElement('style'); "
         "style.textContent = " +
         css + "; document.documentElement.appendChild(style); })();";
}

std::string hiding_style_sheet(const std::vector<std::string>& selectors) {
  std::string sheet;
  for (const auto& selector : selectors)
    sheet += selector + " { visibility: hidden !important; }\n";
  return sheet;
}

} // namespace pinhole::wpe::page_scripts
