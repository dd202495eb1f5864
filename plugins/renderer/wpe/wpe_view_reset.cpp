// Between jobs: making sure nothing of one capture (cookies, storage, cache,
// running scripts) reaches the next.
#include <wpe/fdo.h>

#include "actors/metrics.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

constexpr uint32_t shown =
  wpe_view_activity_state_visible | wpe_view_activity_state_in_window;

} // namespace

bool view_went(GError* error) {
  bool cancelled =
    error && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error)
    g_error_free(error);
  return cancelled;
}

/// In this order, so that the old page cannot write anything after the
/// clear: its scripts off (the engine applies settings before the next
/// load), about:blank loaded, and only once about:blank has replaced the
/// page the website data cleared. The view is hidden meanwhile: the engine
/// then paints less of about:blank (every painted frame is composited in
/// software: more captures/s on small pages, benchmarks/HISTORY.md). It
/// stays hidden
/// until the next job's page has loaded (show()).
void wpe_view::reset() {
  webkit_web_view_stop_loading(view_);
  webkit_settings_set_enable_javascript(web_settings_, FALSE);
  wpe_view_backend_remove_activity_state(
    wpe_view_backend_exportable_fdo_get_view_backend(exportable_), shown);
  shown_ = false;
  release_pixels();
  // A reset that takes longer means the view is wedged (a page stuck in a
  // script loop, say): it is reported idle anyway and replaced.
  step_source_ = g_timeout_add(static_cast<guint>(settings_.reset_timeout_ms),
                               on_reset_stuck, this);
  if (height_ <= viewport_rows()) {
    enter(view_phase::blanking);
    return webkit_web_view_load_uri(view_, "about:blank");
  }
  // A full page grew the view. It is shrunk back (and about:blank loaded)
  // only after a script round trip to the engine, which comes back once
  // the engine has dealt with the stop and the hide sent before it
  // (whatever the answer: the page's scripts are off by now). Shrunk at
  // once, the engine often composited the grown page once more: a full
  // software composite for nothing (benchmarks/HISTORY.md).
  forget_frame();
  enter(view_phase::hiding);
  webkit_web_view_run_javascript(view_, "0", cancellable_, on_hidden, this);
}

void wpe_view::on_hidden(GObject* view, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  auto* answer = webkit_web_view_run_javascript_finish(WEBKIT_WEB_VIEW(view),
                                                       result, &error);
  if (answer)
    webkit_javascript_result_unref(answer);
  if (view_went(error))
    return;
  auto* self = static_cast<wpe_view*>(data);
  if (self->phase_ == view_phase::hiding) // not given up as stuck meanwhile
    self->shrink_and_blank();
}

void wpe_view::shrink_and_blank() {
  enter(view_phase::blanking);
  resize(width_, viewport_rows());
  webkit_web_view_load_uri(view_, "about:blank");
}

/// about:blank has loaded (on_load_changed).
void wpe_view::blank_loaded() {
  enter(view_phase::clearing);
  auto* manager = webkit_web_view_get_website_data_manager(view_);
  webkit_website_data_manager_clear(
    manager, WEBKIT_WEBSITE_DATA_ALL, 0, cancellable_,
    [](GObject* source, GAsyncResult* result, gpointer data) {
      GError* error = nullptr;
      webkit_website_data_manager_clear_finish(
        WEBKIT_WEBSITE_DATA_MANAGER(source), result, &error);
      if (view_went(error))
        return;
      auto* self = static_cast<wpe_view*>(data);
      if (self->phase_ == view_phase::clearing) // not given up as stuck
        self->reset_done();
    },
    this);
}

void wpe_view::reset_done() {
  cancel_timers();
  enter(view_phase::idle);
  if (on_idle_)
    on_idle_();
}

/// Scripts on, just before the job's page loads (about:blank is the current
/// page, so nothing else can run).
void wpe_view::prepare_for_job() {
  webkit_settings_set_enable_javascript(web_settings_, TRUE);
}

/// The view stays hidden while the job's page loads and is shown once it
/// has: a shown view paints (and software-composites) about:blank again and
/// then each stage of the load, none of which is ever the picture. Hidden,
/// the engine paints nothing, and the first frame after this shows the
/// loaded page (or, rarely, the about:blank it had: frame_rule's
/// lone_frame_may_be_stale); benchmarks/HISTORY.md has what it gains. The
/// page is not told: it
/// reads as visible from its first script (page_scripts::always_visible),
/// and CSS animations, which the engine starts only once the view is
/// shown, are waited for by the settle step when they end in time.
void wpe_view::show() {
  if (shown_)
    return;
  shown_ = true;
  shown_serial_ = frame_serial_;
  wpe_view_backend_add_activity_state(
    wpe_view_backend_exportable_fdo_get_view_backend(exportable_), shown);
}

gboolean wpe_view::on_reset_stuck(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->worn_ = true; // replace it rather than trust it
  self->metrics_->count_renderer_restart("stuck");
  self->reset_done();
  return G_SOURCE_REMOVE;
}

} // namespace pinhole::wpe
