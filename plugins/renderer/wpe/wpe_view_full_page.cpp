// Full pages: measuring, growing the view or scrolling it, and stitching
// segments (see plan_full_page).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "plugins/renderer/wpe/page_scripts.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

/// llvmpipe paints at most this many device pixels in either direction;
/// taller full pages are scrolled and stitched in segments.
constexpr int32_t engine_max_frame_rows = 16384;

/// A full page waiting for the full-page pixel budget asks again this often.
constexpr guint budget_retry_ms = 20;

} // namespace

gboolean wpe_view::on_budget_retry(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->plan_full_page(self->waiting_height_);
  return G_SOURCE_REMOVE;
}

bool wpe_view::hold_pixels(int64_t pixels) {
  auto viewport = static_cast<int64_t>(device_px(job_.viewport_width)) *
                  device_px(job_.viewport_height);
  if (pixels <= viewport || pixels <= held_pixels_)
    return true; // no taller than the view it has
  release_pixels();
  if (!budget_->take(pixels))
    return false;
  held_pixels_ = pixels;
  return true;
}

void wpe_view::release_pixels() {
  budget_->give(held_pixels_);
  held_pixels_ = 0;
}

/// Full page: the page is laid out for the requested viewport, and the
/// picture shows that layout from top to bottom. The fast way is to grow
/// the view to the document height and take one frame (or, past the frame
/// limit, scroll and stitch segments of the grown view); that is only
/// right while the layout does not depend on the view's height, which the
/// settle step checks after the grow (page_scripts::settle). If it does
/// (a 100vh hero, a fixed backdrop, a script sizing from innerHeight), the
/// view goes back to the requested viewport and the page is scrolled and
/// stitched one viewport at a time (scroll_at_viewport). A page that shows
/// it does at sight (`measured` < 0: page_scripts::measure) is not grown at
/// all: the grow would cost a frame of the whole page for nothing.
void wpe_view::plan_full_page(double measured) {
  auto document_height = std::abs(measured);
  bool sized_from_viewport = measured < 0;
  set_page_height(document_height);
  auto device_width = device_px(job_.viewport_width);
  auto device_height = device_px(page_height_);
  auto max_rows = std::min(engine_max_frame_rows, settings_.max_frame_rows);
  auto grown_pixels =
    static_cast<int64_t>(device_width) * std::min(device_height, max_rows);
  if (!hold_pixels(grown_pixels)) {
    // Other views hold the full-page budget: try again shortly (the job's
    // timeout still runs).
    waiting_height_ = measured;
    if (budget_wait_began_ == clock::time_point{})
      budget_wait_began_ = clock::now();
    step_source_ = g_timeout_add(budget_retry_ms, on_budget_retry, this);
    return;
  }
  // Time spent waiting for the pixel budget is not the page's: it does not
  // count against the asset wait.
  if (budget_wait_began_ != clock::time_point{}) {
    asset_deadline_ += clock::now() - budget_wait_began_;
    budget_wait_began_ = clock::time_point{};
  }
  bool scroll = settings_.full_page_method == full_page_strategy::scroll ||
                (sized_from_viewport &&
                 settings_.full_page_method == full_page_strategy::automatic);
  if (scroll && page_height_ > job_.viewport_height)
    return scroll_at_viewport();
  auto asset_wait = asset_wait_left();
  if (device_height <= max_rows) {
    page_method_ = page_method::one_frame;
    // A page no taller than the viewport keeps the view's size: nothing
    // to check.
    bool check = page_height_ > job_.viewport_height &&
                 settings_.full_page_method == full_page_strategy::automatic;
    resize(static_cast<uint32_t>(job_.viewport_width),
           static_cast<uint32_t>(page_height_));
    show();
    run_step(
      [asset_wait, check](int token) {
        return page_scripts::settle(token, asset_wait, true, check);
      },
      [this, device_width, device_height](double layout_kept) {
        if (layout_kept < 0)
          return scroll_at_viewport();
        await_frame(device_width, device_height, [this] {
          frame_outcome outcome;
          outcome.frame = take_frame();
          finish(std::move(outcome));
        });
      });
    return;
  }
  page_method_ = page_method::grown_segments;
  segment_height_ = static_cast<int32_t>(max_rows / scale_);
  resize(static_cast<uint32_t>(job_.viewport_width),
         static_cast<uint32_t>(segment_height_));
  show();
  take_stitched_buffer();
  capture_segment(0);
}

void wpe_view::set_page_height(double document_height) {
  auto height = std::max(1, static_cast<int32_t>(std::ceil(document_height)));
  // Nothing below a clip (or a tall element) is in the picture: no need to
  // render it.
  if (!crop_.empty())
    height = std::min(height, crop_.y + crop_.height);
  truncated_ = height > job_.max_page_height;
  page_height_ = std::min(height, job_.max_page_height);
}

void wpe_view::scroll_at_viewport() {
  page_method_ = page_method::viewport_segments;
  stitched_ = bgra_image{};
  segment_height_ = job_.viewport_height;
  resize(static_cast<uint32_t>(job_.viewport_width), viewport_rows());
  show();
  // The first segment measures the page again (capture_segment).
  capture_segment(0);
}

void wpe_view::take_stitched_buffer() {
  stitched_.width = device_px(job_.viewport_width);
  stitched_.height = device_px(page_height_);
  stitched_.pixels.assign(
    static_cast<size_t>(stitched_.width) * stitched_.height * 4, 0xff);
}

void wpe_view::capture_segment(int index) {
  auto top = index * segment_height_;
  auto asset_wait = asset_wait_left();
  // The first segment of a grown view is where its layout is checked; the
  // first at the viewport measures the page there (its resize handlers
  // have run by the time it answers), at scroll position 0.
  bool check_layout =
    page_method_ == page_method::grown_segments && index == 0 &&
    settings_.full_page_method == full_page_strategy::automatic;
  bool measure = page_method_ == page_method::viewport_segments && index == 0;
  run_step(
    [top, index, asset_wait, check_layout, measure](int token) {
      return page_scripts::scroll_and_settle(
        token, top, index > 0, asset_wait,
        check_layout ? page_scripts::segment_answer::scroll_or_moved
        : measure    ? page_scripts::segment_answer::document_height
                     : page_scripts::segment_answer::scroll);
    },
    [this, index, top, measure](double answer) {
      if (answer < 0)
        return scroll_at_viewport();
      auto scrolled = static_cast<int32_t>(answer);
      if (measure) {
        set_page_height(answer);
        take_stitched_buffer();
        scrolled = 0;
      }
      await_frame(device_px(job_.viewport_width), device_px(segment_height_),
                  [this, index, top, scrolled] {
                    // Copy the rows this segment is responsible for; the last
                    // one may have been scrolled less (the page ends), hence
                    // the offset.
                    auto row_bytes = static_cast<size_t>(stitched_.width) * 4;
                    auto first = device_px(top);
                    auto last = std::min(device_px(top + segment_height_),
                                         stitched_.height);
                    auto offset = device_px(scrolled);
                    for (auto row = first; row < last; ++row) {
                      auto source = row - offset;
                      if (source < 0 || source >= frame_height_)
                        continue;
                      std::memcpy(stitched_.pixels.data() + row * row_bytes,
                                  frame_.data() + source * row_bytes,
                                  row_bytes);
                    }
                    if (top + segment_height_ < page_height_)
                      return capture_segment(index + 1);
                    frame_outcome outcome;
                    outcome.frame = std::move(stitched_);
                    finish(std::move(outcome));
                  });
    });
}

} // namespace pinhole::wpe
