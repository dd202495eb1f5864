// The frames a view's engine paints: taking them over from the engine, and
// deciding which one is the picture (frame_rule.hpp).
#include <algorithm>
#include <cstring>

#include <wayland-server.h>
#include <wpe/fdo.h>
#include <wpe/unstable/fdo-shm.h>

#include "plugins/renderer/wpe/frame_rule.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

/// While a step waits for its frame, the latest one is looked at this often
/// (and whenever a new one arrives).
constexpr guint frame_poll_ms = 5;

} // namespace

void wpe_view::await_frame(int32_t width, int32_t height, frame_step next) {
  want_width_ = width;
  want_height_ = height;
  want_since_ = clock::now();
  on_frame_ = std::move(next);
  if (step_source_ == 0)
    step_source_ = g_timeout_add(frame_poll_ms, on_frame_poll, this);
  // Usually the frame is already here (see frame_is_final): check it at
  // once rather than at the first poll.
  if (frame_check_source_ == 0)
    frame_check_source_ = g_idle_add(on_frame_arrived, this);
}

gboolean wpe_view::on_frame_poll(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (!self->frame_is_final())
    return G_SOURCE_CONTINUE;
  self->step_source_ = 0;
  self->frame_done();
  return G_SOURCE_REMOVE;
}

gboolean wpe_view::on_frame_arrived(gpointer data) {
  // A new frame (or a step that starts waiting): check it now rather than
  // at the next poll (outside the export callback, which WebKit is in).
  auto* self = static_cast<wpe_view*>(data);
  self->frame_check_source_ = 0;
  if (self->on_frame_ && self->step_source_ != 0 && self->frame_is_final()) {
    g_source_remove(self->step_source_);
    self->step_source_ = 0;
    self->frame_done();
  }
  return G_SOURCE_REMOVE;
}

void wpe_view::frame_done() {
  auto next = std::move(on_frame_);
  on_frame_ = nullptr;
  next();
}

/// True when the latest frame shows the finished page: the expected size,
/// the frame rule's timing (frame_rule.hpp) and no unpainted (transparent)
/// tiles, unless waited for too long (then a frame that came after that
/// wait, the first that is copied whatever it shows).
bool wpe_view::frame_is_final() {
  if (frame_width_ != want_width_ || frame_height_ != want_height_)
    return false;
  // Not copied (unpainted tiles, frame_rule::worth_copying): a frame that
  // comes later is.
  if (!frame_kept_)
    return false;
  const frame_rule rule;
  auto since_answer = clock::now() - want_since_;
  auto frames = frame_serial_ - step_serial_;
  bool lone_frame_may_be_stale =
    frames == 1 && shown_serial_ == step_serial_ && frame_is_all_white();
  if (!rule.timing_ok(frames, since_answer, first_frame_at_ - step_began_,
                      lone_frame_may_be_stale))
    return false;
  if (since_answer < rule.patience && frame_has_unpainted_tiles())
    return false;
  return true;
}

bool wpe_view::frame_is_all_white() const {
  return std::all_of(frame_.begin(), frame_.end(),
                     [](uint8_t byte) { return byte == 0xff; });
}

bgra_image wpe_view::take_frame() {
  // Moved, not copied (a full page is tens of MB); the view's next frame
  // starts a new buffer.
  bgra_image image{frame_width_, frame_height_, std::move(frame_)};
  forget_frame();
  return image;
}

void wpe_view::forget_frame() {
  std::vector<uint8_t>().swap(frame_);
  frame_width_ = frame_height_ = 0;
  frame_kept_ = false;
}

bool wpe_view::frame_has_unpainted_tiles() {
  return frame_unpainted_; // found while the frame was copied
}

void wpe_view::resize(uint32_t width, uint32_t height) {
  if (width == width_ && height == height_)
    return;
  width_ = width;
  height_ = height;
  wpe_view_backend_dispatch_set_size(
    wpe_view_backend_exportable_fdo_get_view_backend(exportable_), width,
    height);
}

bool wpe_view::copy_frame(const uint8_t* src, size_t stride, int32_t width,
                          int32_t height, bool keep_unpainted) {
  auto row_bytes = static_cast<size_t>(width) * 4;
  auto frame_bytes = row_bytes * static_cast<size_t>(height);
  if (frame_.size() != frame_bytes) {
    // A frame of a new size: look at it before taking a buffer that size
    // (tens of MB for a full page).
    if (!keep_unpainted) {
      for (int32_t y = 0; y < height; ++y) {
        if (row_has_transparent_pixel(src + y * stride, row_bytes)) {
          frame_unpainted_ = true;
          return false;
        }
      }
    }
    buffers_->give_back(std::move(frame_));
    frame_ = buffers_->take(frame_bytes);
  }
  // Each row is checked right after its copy, while it is in the cache.
  frame_unpainted_ = false;
  for (int32_t y = 0; y < height; ++y) {
    auto* row = frame_.data() + y * row_bytes;
    std::memcpy(row, src + y * stride, row_bytes);
    if (row_has_transparent_pixel(row, row_bytes)) {
      frame_unpainted_ = true;
      if (!keep_unpainted)
        return false; // frame_ holds parts of two frames now
    }
  }
  return true;
}

/// The engine hands over every painted frame here. The pixels are copied out
/// (rows may be padded; see copy_frame for the frames that are not) and the
/// buffer is released at once so the engine can paint the next frame.
void wpe_view::on_export_shm(void* data, wpe_fdo_shm_exported_buffer* buffer) {
  auto* self = static_cast<wpe_view*>(data);
  if (!is_job_phase(self->phase_)) {
    // Nobody takes a picture of a reset or an idle view: no copy.
    wpe_view_backend_exportable_fdo_dispatch_release_shm_exported_buffer(
      self->exportable_, buffer);
    wpe_view_backend_exportable_fdo_dispatch_frame_complete(self->exportable_);
    return;
  }
  auto* shm = wpe_fdo_shm_exported_buffer_get_shm_buffer(buffer);
  wl_shm_buffer_begin_access(shm);
  auto* src = static_cast<const uint8_t*>(wl_shm_buffer_get_data(shm));
  auto stride = static_cast<size_t>(wl_shm_buffer_get_stride(shm));
  auto w = wl_shm_buffer_get_width(shm);
  auto h = wl_shm_buffer_get_height(shm);
  const frame_rule rule;
  bool keep_unpainted = rule.worth_copying(true, self->on_frame_ != nullptr,
                                           clock::now() - self->want_since_);
  self->frame_kept_ = self->copy_frame(src, stride, w, h, keep_unpainted);
  wl_shm_buffer_end_access(shm);
  self->frame_width_ = w;
  self->frame_height_ = h;
  if (++self->frame_serial_ == self->step_serial_ + 1)
    self->first_frame_at_ = clock::now();
  if (self->on_frame_ && self->frame_check_source_ == 0)
    self->frame_check_source_ = g_idle_add(on_frame_arrived, self);
  wpe_view_backend_exportable_fdo_dispatch_release_shm_exported_buffer(
    self->exportable_, buffer);
  wpe_view_backend_exportable_fdo_dispatch_frame_complete(self->exportable_);
}

} // namespace pinhole::wpe
