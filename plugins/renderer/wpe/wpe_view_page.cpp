// What the request asks of the page (render_job::page): its style sheet
// and hidden elements, its script, the element it waits for, and which
// part of the page is the picture (an element, or a clip).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "plugins/renderer/wpe/consent_banners.hpp"
#include "plugins/renderer/wpe/page_scripts.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

/// The job's user script on its way through the engine: which view and
/// which step it belongs to.
struct script_call {
  wpe_view* view;
  int token;
};

/// Adds `sheet` to the top frame of every page `content` serves, at author
/// level (in the cascade with the page's own sheets, before them).
void add_author_sheet(WebKitUserContentManager* content,
                      const std::string& sheet) {
  auto* style = webkit_user_style_sheet_new(
    sheet.c_str(), WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
    WEBKIT_USER_STYLE_LEVEL_AUTHOR, nullptr, nullptr);
  webkit_user_content_manager_add_style_sheet(content, style);
  webkit_user_style_sheet_unref(style);
}

} // namespace

void wpe_view::add_style_sheets() {
  const auto& css = job_.page.css;
  if (!job_.page.hide_selectors.empty())
    add_author_sheet(
      content_, page_scripts::hiding_style_sheet(job_.page.hide_selectors));
  if (job_.page.block_cookie_banners)
    add_author_sheet(content_, consent_banner_style_sheet());
  if (css.empty())
    return;
  // The engine puts an added style sheet before the page's own in the
  // cascade, so a rule of the page wins over one of `css` with the same
  // specificity; users expect theirs to win, as if the sheet came last.
  // Hence twice: the added sheet (from the first paint on, whatever the
  // page's Content-Security-Policy), and a <style> element appended to the
  // document once it is parsed (last in the cascade; a page whose CSP
  // forbids inline styles keeps only the first).
  add_author_sheet(content_, css);
  add_job_script(page_scripts::append_style(page_scripts::js_string(css)),
                 WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END);
}

void wpe_view::add_job_script(const std::string& source,
                              WebKitUserScriptInjectionTime when) {
  auto* script =
    webkit_user_script_new(source.c_str(), WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                           when, nullptr, nullptr);
  webkit_user_content_manager_add_script(content_, script);
  job_scripts_.push_back(script);
}

void wpe_view::add_content_filters() {
  // Only a blocking job's page notes its failed loads: plain captures pay
  // nothing for the count.
  if (job_.page.block_ads || job_.page.block_trackers)
    add_job_script(page_scripts::failed_load_tracker(),
                   WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START);
  if (job_.page.block_ads)
    webkit_user_content_manager_add_filter(
      content_, filters_->filter(filter_list_kind::ads));
  if (job_.page.block_trackers)
    webkit_user_content_manager_add_filter(
      content_, filters_->filter(filter_list_kind::trackers));
}

void wpe_view::count_blocked_loads(frame_step next) {
  if (!job_.page.block_ads && !job_.page.block_trackers)
    return next();
  run_step([](int token) { return page_scripts::count_blocked_loads(token); },
           [this, next = std::move(next)](double count) {
             blocked_requests_ = static_cast<int32_t>(count);
             next();
           });
}

void wpe_view::remove_style_sheets() {
  webkit_user_content_manager_remove_all_style_sheets(content_);
  webkit_user_content_manager_remove_all_filters(content_);
  for (auto* script : job_scripts_) {
    webkit_user_content_manager_remove_script(content_, script);
    webkit_user_script_unref(script);
  }
  job_scripts_.clear();
}

void wpe_view::control_page(frame_step next) {
  if (job_.page.js.empty())
    return wait_for_selector(std::move(next));
  // Run as the engine's own script call (not a <script> of the page): the
  // page's Content-Security-Policy does not stop it, and a syntax error or
  // an exception comes back as the call's error. A promise it returns is
  // not awaited; the settle step waits for the fetches it starts.
  ++token_;
  on_value_ = [this, next = std::move(next)](const std::vector<double>&) {
    wait_for_selector(next);
  };
  webkit_web_view_run_javascript(view_, job_.page.js.c_str(), cancellable_,
                                 on_user_script_done,
                                 new script_call{this, token_});
}

void wpe_view::on_user_script_done(GObject* object, GAsyncResult* result,
                                   gpointer data) {
  std::unique_ptr<script_call> call{static_cast<script_call*>(data)};
  GError* error = nullptr;
  auto* value = webkit_web_view_run_javascript_finish(WEBKIT_WEB_VIEW(object),
                                                      result, &error);
  if (value)
    webkit_javascript_result_unref(value);
  std::string message = error ? error->message : "";
  if (view_went(error))
    return;
  auto* self = call->view;
  // The job may have ended (timeout, cancel) and another begun meanwhile.
  if (!self->on_value_ || self->token_ != call->token ||
      self->phase_ != view_phase::stepping)
    return;
  self->script_error_ = message;
  auto next = std::move(self->on_value_);
  self->on_value_ = nullptr;
  next({});
}

void wpe_view::wait_for_selector(frame_step next) {
  if (job_.page.wait_for_selector.empty())
    return next();
  // Shown: the engine throttles the timers of a hidden page.
  show();
  enter(view_phase::awaiting_selector);
  auto selector = page_scripts::js_string(job_.page.wait_for_selector);
  run_step(
    [selector](int token) {
      return page_scripts::wait_for_selector(token, selector);
    },
    [this, next = std::move(next)](double answer) {
      if (answer == static_cast<double>(page_scripts::locate_answer::invalid))
        return fail(error_code::selector_invalid,
                    "the page's engine refused waitForSelector " +
                      job_.page.wait_for_selector);
      enter(view_phase::stepping);
      next();
    });
}

void wpe_view::take_picture() {
  if (job_.full_page)
    return capture_full_page();
  if (!job_.page.selector.empty())
    return capture_element();
  capture_viewport();
}

void wpe_view::capture_element() {
  auto selector = page_scripts::js_string(job_.page.selector);
  run_step(
    [selector](int token) { return page_scripts::locate(token, selector); },
    [this](const std::vector<double>& answer) {
      using page_scripts::locate_answer;
      auto what = answer.empty() ? 0 : answer[0];
      if (what == static_cast<double>(locate_answer::invalid))
        return fail(error_code::selector_invalid,
                    "the page's engine refused selector " + job_.page.selector);
      if (what != static_cast<double>(locate_answer::found) ||
          answer.size() < 7)
        return fail(error_code::selector_not_found,
                    "no element with a box matched selector " +
                      job_.page.selector);
      // The border box, whole CSS px that cover it.
      auto box = [](double from, double size, int32_t& start, int32_t& length) {
        start = static_cast<int32_t>(std::floor(from));
        length = static_cast<int32_t>(std::ceil(from + size)) - start;
      };
      if (answer[4] > job_.viewport_height) {
        // Taller than the viewport: cut from the full page.
        box(answer[1], answer[3], crop_.x, crop_.width);
        box(answer[2], answer[4], crop_.y, crop_.height);
        job_.full_page = true;
        return capture_full_page();
      }
      box(answer[5], answer[3], crop_.x, crop_.width);
      box(answer[6], answer[4], crop_.y, crop_.height);
      if (crop_.y >= 0 && crop_.y + crop_.height <= job_.viewport_height)
        return capture_viewport();
      // Out of view: scrolled to its top (as far as the page goes), with
      // the frames of the scrolled page waited for like a stitched
      // segment's, then cut where it is after the scroll.
      auto page_y = answer[2];
      auto height = answer[4];
      auto asset_wait = asset_wait_left();
      run_step(
        [page_y, asset_wait](int token) {
          return page_scripts::scroll_and_settle(
            token, static_cast<int>(std::floor(page_y)), false, asset_wait,
            page_scripts::segment_answer::scroll);
        },
        [this, page_y, height, box](double scrolled) {
          box(page_y - scrolled, height, crop_.y, crop_.height);
          finish_with_viewport_frame();
        });
    });
}

bool wpe_view::crop(bgra_image& picture) {
  if (crop_.empty())
    return true;
  // Device px; parts outside the picture (an element partly off the
  // viewport's sides, a clip past the page's end) are cut off.
  auto left = std::max(0, device_px(crop_.x));
  auto top = std::max(0, device_px(crop_.y));
  auto right = std::min(picture.width, device_px(crop_.x + crop_.width));
  auto bottom = std::min(picture.height, device_px(crop_.y + crop_.height));
  if (right <= left || bottom <= top) {
    if (!job_.page.selector.empty())
      fail(error_code::selector_not_found, "the element of selector " +
                                             job_.page.selector +
                                             " lies outside the page");
    else
      fail(error_code::clip_outside_page,
           "clip lies below the page's end (the page is " +
             std::to_string(page_height_) + " CSS px tall)");
    return false;
  }
  if (left == 0 && top == 0 && right == picture.width &&
      bottom == picture.height)
    return true;
  bgra_image part;
  part.width = right - left;
  part.height = bottom - top;
  // Not from the frame buffer pool: a pool keeps buffers of one size, the
  // frames'.
  part.pixels.resize(static_cast<size_t>(part.width) * part.height * 4);
  auto row_bytes = static_cast<size_t>(part.width) * 4;
  for (int32_t row = 0; row < part.height; ++row)
    std::memcpy(part.pixels.data() + row * row_bytes,
                picture.pixels.data() +
                  (static_cast<size_t>(top + row) * picture.width + left) * 4,
                row_bytes);
  buffers_->give_back(std::move(picture.pixels));
  picture = std::move(part);
  return true;
}

} // namespace pinhole::wpe
