#include "plugins/renderer/wpe/wpe_view.hpp"

#include <cmath>
#include <cstring>

#include <wayland-server.h>
#include <wpe/fdo.h>
#include <wpe/unstable/fdo-shm.h>

namespace pinhole::wpe {

namespace {

/// How long no new frame must arrive after the paint token before the
/// latest frame is taken as the finished picture (see notes/wpe-headless.md).
constexpr auto quiet_period = std::chrono::milliseconds(50);

/// Unpainted tiles are transparent; a frame with such pixels is retried
/// until this long after the paint token, then taken as it is (a page may
/// really be transparent somewhere).
constexpr auto transparent_patience = std::chrono::milliseconds(1000);

/// A reset to about:blank that takes longer than this means the view is
/// wedged; it is reported idle anyway and the next load replaces the page.
constexpr guint reset_limit_ms = 5000;

constexpr guint paint_poll_ms = 10;

const char* const script_handler = "pinhole";

const wpe_view_backend_exportable_fdo_client exportable_client = {
  nullptr, // export_buffer_resource
  nullptr, // export_dmabuf_resource
  &wpe_view::on_export_shm,
  nullptr,
  nullptr,
};

void destroy_exportable(void* data) {
  wpe_view_backend_exportable_fdo_destroy(
    static_cast<wpe_view_backend_exportable_fdo*>(data));
}

bool has_transparent_pixel(const std::vector<uint8_t>& bgra) {
  for (size_t i = 3; i < bgra.size(); i += 4)
    if (bgra[i] == 0)
      return true;
  return false;
}

uint32_t scaled(int32_t css_pixels, double scale) {
  return static_cast<uint32_t>(std::lround(css_pixels * scale));
}

} // namespace

// -- construction --

wpe_view::wpe_view(WebKitWebContext* context, std::function<void()> on_idle)
  : on_idle_(std::move(on_idle)) {
  width_ = 1280;
  height_ = 800;
  exportable_ = wpe_view_backend_exportable_fdo_create(&exportable_client, this,
                                                       width_, height_);
  auto* backend = wpe_view_backend_exportable_fdo_get_view_backend(exportable_);
  // Without these the engine throttles or skips painting (it is "hidden").
  wpe_view_backend_add_activity_state(
    backend, wpe_view_activity_state_visible | wpe_view_activity_state_focused |
               wpe_view_activity_state_in_window);
  settings_ = webkit_settings_new();
  // Smooth scrolling is on by default and makes scrollTo() animate.
  webkit_settings_set_enable_smooth_scrolling(settings_, FALSE);
  webkit_settings_set_enable_page_cache(settings_, FALSE);
  default_user_agent_ = webkit_settings_get_user_agent(settings_);
  content_ = webkit_user_content_manager_new();
  webkit_user_content_manager_register_script_message_handler(content_,
                                                              script_handler);
  g_signal_connect(content_, "script-message-received::pinhole",
                   G_CALLBACK(on_script_message), this);
  auto* wk_backend =
    webkit_web_view_backend_new(backend, destroy_exportable, exportable_);
  view_ = WEBKIT_WEB_VIEW(g_object_new(
    WEBKIT_TYPE_WEB_VIEW, "backend", wk_backend, "web-context", context,
    "settings", settings_, "user-content-manager", content_, nullptr));
  g_signal_connect(view_, "load-changed", G_CALLBACK(on_load_changed), this);
  g_signal_connect(view_, "load-failed", G_CALLBACK(on_load_failed), this);
  g_signal_connect(view_, "load-failed-with-tls-errors",
                   G_CALLBACK(on_tls_error), this);
  g_signal_connect(view_, "web-process-terminated",
                   G_CALLBACK(on_process_terminated), this);
  // Warm up: start the WebProcess now, not on the first capture.
  reset_to_blank();
}

wpe_view::~wpe_view() {
  cancel_timers();
  g_signal_handlers_disconnect_by_data(view_, this);
  g_signal_handlers_disconnect_by_data(content_, this);
  if (done_) {
    render_outcome outcome;
    outcome.error = failure{error_code::internal, "renderer shut down"};
    finish(std::move(outcome));
  }
  // The view owns the backend, which destroys the exportable.
  g_object_unref(view_);
  g_object_unref(content_);
  g_object_unref(settings_);
}

// -- job steps --

void wpe_view::start(render_job job, completion done) {
  job_ = std::move(job);
  done_ = std::move(done);
  load_error_.clear();
  phase_ = phase::loading;
  const auto& ua =
    job_.user_agent.empty() ? default_user_agent_ : job_.user_agent;
  webkit_settings_set_user_agent(settings_, ua.c_str());
  auto* backend = wpe_view_backend_exportable_fdo_get_view_backend(exportable_);
  if (job_.device_scale_factor != scale_) {
    scale_ = job_.device_scale_factor;
    wpe_view_backend_dispatch_set_device_scale_factor(
      backend, static_cast<float>(scale_));
  }
  auto w = static_cast<uint32_t>(job_.viewport_width);
  auto h = static_cast<uint32_t>(job_.viewport_height);
  if (w != width_ || h != height_) {
    width_ = w;
    height_ = h;
    wpe_view_backend_dispatch_set_size(backend, w, h);
  }
  timeout_source_ =
    g_timeout_add(static_cast<guint>(job_.timeout_ms), on_timeout, this);
  webkit_web_view_load_uri(view_, job_.url.c_str());
}

void wpe_view::on_load_changed(WebKitWebView*, WebKitLoadEvent event,
                               gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  switch (self->phase_) {
    case phase::loading:
      self->page_loaded();
      break;
    case phase::warming:
    case phase::resetting: {
      // Only the about:blank load ends a reset, not the tail of a cancelled
      // navigation.
      const char* uri = webkit_web_view_get_uri(self->view_);
      if (!webkit_web_view_is_loading(self->view_) && uri &&
          std::strcmp(uri, "about:blank") == 0)
        self->become_idle();
      break;
    }
    default:
      break;
  }
}

gboolean wpe_view::on_load_failed(WebKitWebView*, WebKitLoadEvent, gchar* uri,
                                  GError* error, gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (self->phase_ == phase::loading && self->load_error_.empty())
    self->load_error_ = std::string{"could not load "} + (uri ? uri : "page") +
                        ": " + (error ? error->message : "unknown error");
  return TRUE; // no WebKit error page
}

gboolean wpe_view::on_tls_error(WebKitWebView*, gchar* uri, GTlsCertificate*,
                                GTlsCertificateFlags, gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (self->phase_ == phase::loading && self->load_error_.empty())
    self->load_error_ =
      std::string{"TLS certificate of "} + (uri ? uri : "") + " is not trusted";
  return FALSE; // load-failed follows and ends the load
}

void wpe_view::page_loaded() {
  if (!load_error_.empty()) {
    render_outcome outcome;
    outcome.error = failure{error_code::navigation_failed, load_error_};
    finish(std::move(outcome));
    return;
  }
  // Some refusals (e.g. "bad ports") never emit load-failed: the view just
  // ends on about:blank with no HTTP response.
  const char* uri = webkit_web_view_get_uri(view_);
  auto* resource = webkit_web_view_get_main_resource(view_);
  auto* response =
    resource ? webkit_web_resource_get_response(resource) : nullptr;
  guint status = response ? webkit_uri_response_get_status_code(response) : 0;
  if (status == 0 || !uri || std::strcmp(uri, "about:blank") == 0) {
    render_outcome outcome;
    outcome.error = failure{error_code::navigation_failed,
                            "could not load " + job_.url +
                              ": the engine refused the address or got no "
                              "HTTP response"};
    finish(std::move(outcome));
    return;
  }
  job_http_status_ = static_cast<int32_t>(status);
  if (job_.delay_ms > 0) {
    phase_ = phase::delaying;
    step_source_ =
      g_timeout_add(static_cast<guint>(job_.delay_ms), on_delay_over, this);
  } else {
    request_paint_token();
  }
}

gboolean wpe_view::on_delay_over(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->request_paint_token();
  return G_SOURCE_REMOVE;
}

/// LOAD_FINISHED comes before the frames that show the page. A double
/// requestAnimationFrame posts a token once a rendering update after the
/// load (and delay) has happened; frames after that are the real page.
void wpe_view::request_paint_token() {
  phase_ = phase::waiting_paint;
  ++paint_token_;
  auto script = "requestAnimationFrame(() => requestAnimationFrame(() => "
                "window.webkit.messageHandlers." +
                std::string{script_handler} + ".postMessage(" +
                std::to_string(paint_token_) + ")));";
  webkit_web_view_run_javascript(view_, script.c_str(), nullptr, nullptr,
                                 nullptr);
}

void wpe_view::on_script_message(WebKitUserContentManager*,
                                 WebKitJavascriptResult* result,
                                 gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  auto* value = webkit_javascript_result_get_js_value(result);
  if (self->phase_ != phase::waiting_paint || !jsc_value_is_number(value) ||
      jsc_value_to_int32(value) != self->paint_token_)
    return; // a page posting to our handler, or a stale token
  self->token_time_ = clock::now();
  if (self->step_source_ == 0)
    self->step_source_ = g_timeout_add(paint_poll_ms, on_paint_poll, self);
}

gboolean wpe_view::on_paint_poll(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (!self->check_painted())
    return G_SOURCE_CONTINUE;
  self->step_source_ = 0;
  render_outcome outcome;
  outcome.http_status = self->job_http_status_;
  outcome.image.width = self->frame_width_;
  outcome.image.height = self->frame_height_;
  outcome.image.pixels = self->frame_;
  self->finish(std::move(outcome));
  return G_SOURCE_REMOVE;
}

/// True when the latest frame is the finished page: the expected size, no
/// newer frame for a quiet period, and no unpainted (transparent) tiles.
bool wpe_view::check_painted() {
  auto now = clock::now();
  auto last_activity = std::max(token_time_, frame_time_);
  if (now - last_activity < quiet_period)
    return false;
  if (frame_width_ !=
        static_cast<int32_t>(scaled(job_.viewport_width, scale_)) ||
      frame_height_ !=
        static_cast<int32_t>(scaled(job_.viewport_height, scale_)))
    return false;
  if (now - token_time_ < transparent_patience && has_transparent_pixel(frame_))
    return false;
  return true;
}

gboolean wpe_view::on_timeout(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->timeout_source_ = 0;
  render_outcome outcome;
  outcome.error = failure{error_code::timeout,
                          "the page was not rendered within the timeout of " +
                            std::to_string(self->job_.timeout_ms) + " ms"};
  self->finish(std::move(outcome));
  return G_SOURCE_REMOVE;
}

void wpe_view::on_process_terminated(WebKitWebView*,
                                     WebKitWebProcessTerminationReason reason,
                                     gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  bool busy = self->phase_ == phase::loading ||
              self->phase_ == phase::delaying ||
              self->phase_ == phase::waiting_paint;
  if (busy) {
    render_outcome outcome;
    outcome.error =
      failure{error_code::render_crashed,
              reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT
                ? "the page's web process exceeded its memory limit"
                : "the page's web process crashed"};
    self->finish(std::move(outcome));
  } else if (self->phase_ == phase::resetting ||
             self->phase_ == phase::warming) {
    // The next load_uri starts a fresh WebProcess.
    self->reset_to_blank();
  }
}

void wpe_view::finish(render_outcome outcome) {
  cancel_timers();
  auto done = std::move(done_);
  done_ = nullptr;
  ++jobs_done_;
  reset_to_blank();
  if (done)
    done(std::move(outcome));
}

void wpe_view::reset_to_blank() {
  if (phase_ != phase::warming)
    phase_ = phase::resetting;
  webkit_web_view_stop_loading(view_);
  webkit_web_view_load_uri(view_, "about:blank");
  if (step_source_ != 0)
    g_source_remove(step_source_);
  step_source_ = g_timeout_add(reset_limit_ms, on_reset_stuck, this);
}

gboolean wpe_view::on_reset_stuck(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->become_idle();
  return G_SOURCE_REMOVE;
}

void wpe_view::become_idle() {
  cancel_timers();
  phase_ = phase::idle;
  if (on_idle_)
    on_idle_();
}

void wpe_view::cancel_timers() {
  if (timeout_source_ != 0) {
    g_source_remove(timeout_source_);
    timeout_source_ = 0;
  }
  if (step_source_ != 0) {
    g_source_remove(step_source_);
    step_source_ = 0;
  }
}

// -- frames --

/// The engine hands over every painted frame here. The pixels are copied out
/// (rows may be padded) and the buffer is released at once so the engine can
/// paint the next frame.
void wpe_view::on_export_shm(void* data, wpe_fdo_shm_exported_buffer* buffer) {
  auto* self = static_cast<wpe_view*>(data);
  auto* shm = wpe_fdo_shm_exported_buffer_get_shm_buffer(buffer);
  wl_shm_buffer_begin_access(shm);
  auto* src = static_cast<const uint8_t*>(wl_shm_buffer_get_data(shm));
  auto stride = static_cast<size_t>(wl_shm_buffer_get_stride(shm));
  auto w = wl_shm_buffer_get_width(shm);
  auto h = wl_shm_buffer_get_height(shm);
  auto row_bytes = static_cast<size_t>(w) * 4;
  self->frame_.resize(row_bytes * static_cast<size_t>(h));
  for (int32_t y = 0; y < h; ++y)
    std::memcpy(self->frame_.data() + y * row_bytes, src + y * stride,
                row_bytes);
  wl_shm_buffer_end_access(shm);
  self->frame_width_ = w;
  self->frame_height_ = h;
  self->frame_time_ = clock::now();
  wpe_view_backend_exportable_fdo_dispatch_release_shm_exported_buffer(
    self->exportable_, buffer);
  wpe_view_backend_exportable_fdo_dispatch_frame_complete(self->exportable_);
}

} // namespace pinhole::wpe
