#include "plugins/renderer/wpe/wpe_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <wpe/fdo.h>

#include "actors/metrics.hpp"
#include "network/address_policy.hpp"
#include "network/proxy_request.hpp"
#include "plugins/renderer/wpe/omitted_background.hpp"
#include "plugins/renderer/wpe/page_scripts.hpp"

namespace pinhole::wpe {

namespace {

/// Runs `source` in every page (and, with INJECT_ALL_FRAMES, every frame)
/// before the page's own scripts.
void add_script_at_document_start(WebKitUserContentManager* content,
                                  const std::string& source,
                                  WebKitUserContentInjectedFrames frames) {
  auto* script = webkit_user_script_new(
    source.c_str(), frames, WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
    nullptr, nullptr);
  webkit_user_content_manager_add_script(content, script);
  webkit_user_script_unref(script);
}

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

/// http://user:pass@host/ — credentials the engine may keep in its session.
bool has_userinfo(const std::string& url) {
  GUri* uri = g_uri_parse(url.c_str(), G_URI_FLAGS_NONE, nullptr);
  if (!uri)
    return false;
  bool result = g_uri_get_userinfo(uri) != nullptr;
  g_uri_unref(uri);
  return result;
}

} // namespace

// -- construction --

wpe_view::wpe_view(WebKitWebContext* context, const wpe_settings& settings,
                   const view_services& services, std::function<void()> on_idle)
  : settings_(settings), egress_(services.egress), budget_(services.budget),
    buffers_(services.frame_buffers), metrics_(services.metrics),
    filters_(services.filters), on_idle_(std::move(on_idle)) {
  width_ = render_job{}.viewport_width; // until the first job sizes it
  height_ = render_job{}.viewport_height;
  exportable_ = wpe_view_backend_exportable_fdo_create(&exportable_client, this,
                                                       width_, height_);
  auto* backend = wpe_view_backend_exportable_fdo_get_view_backend(exportable_);
  // Without these the engine throttles or skips painting (it is "hidden").
  wpe_view_backend_add_activity_state(
    backend, wpe_view_activity_state_visible | wpe_view_activity_state_focused |
               wpe_view_activity_state_in_window);
  cancellable_ = g_cancellable_new();
  web_settings_ = webkit_settings_new();
  // Smooth scrolling is on by default and makes scrollTo() animate.
  webkit_settings_set_enable_smooth_scrolling(web_settings_, FALSE);
  webkit_settings_set_enable_page_cache(web_settings_, FALSE);
  default_user_agent_ = webkit_settings_get_user_agent(web_settings_);
  content_ = webkit_user_content_manager_new();
  webkit_user_content_manager_register_script_message_handler(
    content_, page_scripts::handler);
  add_script_at_document_start(
    content_, page_scripts::network_tracker(settings_.network_quiet_ms),
    WEBKIT_USER_CONTENT_INJECT_TOP_FRAME);
  add_script_at_document_start(content_, page_scripts::always_visible(),
                               WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES);
  g_signal_connect(content_, "script-message-received::pinhole",
                   G_CALLBACK(on_script_message), this);
  auto* wk_backend =
    webkit_web_view_backend_new(backend, destroy_exportable, exportable_);
  // "is-ephemeral" on a non-ephemeral context gives this view website data
  // of its own (cookies, storage, cache), which it clears after every job.
  view_ = WEBKIT_WEB_VIEW(
    g_object_new(WEBKIT_TYPE_WEB_VIEW, "backend", wk_backend, "web-context",
                 context, "settings", web_settings_, "user-content-manager",
                 content_, "is-ephemeral", TRUE, nullptr));
  auto* data_manager = webkit_web_view_get_website_data_manager(view_);
  webkit_website_data_manager_set_tls_errors_policy(
    data_manager, WEBKIT_TLS_ERRORS_POLICY_FAIL);
  if (!egress_.proxy_url().empty()) {
    // No exceptions (ignore_hosts = NULL): every scheme, every host,
    // loopback included, goes through the egress proxy.
    auto* proxy =
      webkit_network_proxy_settings_new(egress_.proxy_url().c_str(), nullptr);
    webkit_website_data_manager_set_network_proxy_settings(
      data_manager, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
    webkit_network_proxy_settings_free(proxy);
  }
  g_signal_connect(view_, "load-changed", G_CALLBACK(on_load_changed), this);
  g_signal_connect(view_, "load-failed", G_CALLBACK(on_load_failed), this);
  g_signal_connect(view_, "decide-policy", G_CALLBACK(on_decide_policy), this);
  g_signal_connect(view_, "load-failed-with-tls-errors",
                   G_CALLBACK(on_tls_error), this);
  g_signal_connect(view_, "web-process-terminated",
                   G_CALLBACK(on_process_terminated), this);
  g_signal_connect(view_, "script-dialog", G_CALLBACK(on_script_dialog), this);
  g_signal_connect(view_, "authenticate", G_CALLBACK(on_authenticate), this);
  // Warm up: start the WebProcess now, not on the first capture.
  reset();
}

wpe_view::~wpe_view() {
  g_cancellable_cancel(cancellable_);
  g_object_unref(cancellable_);
  cancel_timers();
  release_pixels();
  g_signal_handlers_disconnect_by_data(view_, this);
  g_signal_handlers_disconnect_by_data(content_, this);
  remove_style_sheets();
  if (done_) {
    frame_outcome outcome;
    outcome.error = failure{error_code::internal, "renderer shut down"};
    auto done = std::move(done_);
    done(std::move(outcome));
  }
  // The view owns the backend, which destroys the exportable.
  g_object_unref(view_);
  g_object_unref(content_);
  g_object_unref(web_settings_);
}

// -- job steps --

void wpe_view::start(render_job job, completion done) {
  job_ = std::move(job);
  done_ = std::move(done);
  http_status_ = 0;
  proxy_refusal_ = failure{};
  net_pending_ = 0;
  web_process_crashes_ = 0;
  truncated_ = false;
  script_error_.clear();
  blocked_requests_ = 0;
  crop_ = job_.page.clip;
  stitched_ = bgra_image{};
  budget_wait_began_ = clock::time_point{};
  credentials_offered_ = false;
  // The network session keeps credentials it was given for the rest of
  // its life: a view that was given some is replaced after the job, so
  // none reaches the next capture.
  if (has_userinfo(job_.url) || !job_.secrets.http_auth.empty())
    worn_ = true;
  const auto& ua =
    job_.user_agent.empty() ? default_user_agent_ : job_.user_agent;
  webkit_settings_set_user_agent(web_settings_, ua.c_str());
  if (job_.device_scale_factor != scale_) {
    scale_ = job_.device_scale_factor;
    wpe_view_backend_dispatch_set_device_scale_factor(
      wpe_view_backend_exportable_fdo_get_view_backend(exportable_),
      static_cast<float>(scale_));
  }
  resize(static_cast<uint32_t>(job_.viewport_width),
         static_cast<uint32_t>(job_.viewport_height));
  timeout_source_ =
    g_timeout_add(static_cast<guint>(job_.timeout_ms), on_timeout, this);
  prepare_for_job();
  if (job_.page.omit_background)
    set_base_colour(false);
  add_style_sheets();
  add_content_filters();
  set_cookies_then_load();
}

void wpe_view::set_base_colour(bool white) {
  WebKitColor colour{1, 1, 1, 1};
  if (!white)
    colour = WebKitColor{0, 0, 0, omitted_background_alpha};
  webkit_web_view_set_background_color(view_, &colour);
}

void wpe_view::cancel(const std::string& id) {
  if (is_job_phase(phase_) && job_.id == id)
    fail(error_code::internal, "cancelled");
}

void wpe_view::control_then_take_picture() {
  control_page([this] { count_blocked_loads([this] { take_picture(); }); });
}

void wpe_view::after_delay() {
  enter(view_phase::stepping);
  // One budget for every step that waits for the page's assets: a full page
  // waits for its images before it grows and again (for their decode)
  // after, and an image that never loads must not cost that time twice.
  begin_asset_wait();
  control_then_take_picture();
}

void wpe_view::capture_full_page() {
  auto asset_wait = asset_wait_left();
  run_step([asset_wait](
             int token) { return page_scripts::measure(token, asset_wait); },
           [this](double height) { plan_full_page(height); });
}

void wpe_view::capture_viewport() {
  auto asset_wait = asset_wait_left();
  run_step(
    [asset_wait](int token) { return page_scripts::settle(token, asset_wait); },
    [this](double) { finish_with_viewport_frame(); });
}

void wpe_view::finish_with_viewport_frame() {
  await_frame(device_px(job_.viewport_width), device_px(job_.viewport_height),
              [this] {
                frame_outcome outcome;
                outcome.frame = take_frame();
                finish(std::move(outcome));
              });
}

void wpe_view::begin_asset_wait() {
  asset_deadline_ =
    clock::now() + std::chrono::milliseconds(settings_.asset_wait_ms);
}

int wpe_view::asset_wait_left() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    asset_deadline_ - clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

void wpe_view::run_step(const std::function<std::string(int)>& script,
                        value_step next) {
  run_step(script, [next = std::move(next)](const std::vector<double>& values) {
    next(values.empty() ? 0 : values.front());
  });
}

void wpe_view::run_step(const std::function<std::string(int)>& script,
                        values_step next) {
  ++token_;
  on_value_ = std::move(next);
  step_serial_ = frame_serial_;
  step_began_ = clock::now();
  auto source = script(token_);
  webkit_web_view_run_javascript(view_, source.c_str(), nullptr, nullptr,
                                 nullptr);
}

void wpe_view::on_script_message(WebKitUserContentManager*,
                                 WebKitJavascriptResult* result,
                                 gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  auto* message = webkit_javascript_result_get_js_value(result);
  if (!is_job_phase(self->phase_) || !jsc_value_is_array(message))
    return;
  auto* first = jsc_value_object_get_property_at_index(message, 0);
  auto* value = jsc_value_object_get_property_at_index(message, 1);
  self->on_message(first, value);
  g_object_unref(first);
  g_object_unref(value);
}

void wpe_view::on_message(JSCValue* first, JSCValue* value) {
  std::vector<double> values;
  if (jsc_value_is_number(value)) {
    values.push_back(jsc_value_to_double(value));
  } else if (jsc_value_is_array(value)) {
    // A step that posts several numbers (page_scripts::locate).
    auto* length = jsc_value_object_get_property(value, "length");
    auto count = jsc_value_to_int32(length);
    g_object_unref(length);
    for (int i = 0; i < std::min(count, 16); ++i) {
      auto* item = jsc_value_object_get_property_at_index(value, i);
      values.push_back(jsc_value_is_number(item) ? jsc_value_to_double(item)
                                                 : 0);
      g_object_unref(item);
    }
  } else {
    return;
  }
  if (jsc_value_is_string(first)) {
    // The network tracker's ["net", pending].
    char* kind = jsc_value_to_string(first);
    bool report = std::strcmp(kind, "net") == 0;
    g_free(kind);
    if (report) {
      net_pending_ = std::max(0, static_cast<int>(values.front()));
      if (phase_ == view_phase::awaiting_data)
        wait_for_data();
    }
    return;
  }
  // A step's [token, value].
  if (!on_value_ || !jsc_value_is_number(first) ||
      jsc_value_to_int32(first) != token_)
    return; // a page posting to our handler, or a stale token
  auto next = std::move(on_value_);
  on_value_ = nullptr;
  next(values);
}

gboolean wpe_view::on_timeout(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->timeout_source_ = 0;
  if (self->phase_ == view_phase::awaiting_selector) {
    self->fail(error_code::selector_timeout,
               "no visible element matched waitForSelector " +
                 self->job_.page.wait_for_selector + " within the timeout of " +
                 std::to_string(self->job_.timeout_ms) + " ms");
    return G_SOURCE_REMOVE;
  }
  self->fail(error_code::timeout,
             "the page was not rendered within the timeout of " +
               std::to_string(self->job_.timeout_ms) + " ms");
  return G_SOURCE_REMOVE;
}

void wpe_view::on_process_terminated(WebKitWebView*,
                                     WebKitWebProcessTerminationReason reason,
                                     gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->metrics_->count_renderer_restart("crashed");
  auto phase = self->phase_;
  if (is_job_phase(phase)) {
    if (++self->web_process_crashes_ < 2) {
      // Once more on a fresh WebProcess (load_uri starts one), within the
      // same overall timeout.
      self->load();
      return;
    }
    self->fail(error_code::render_crashed,
               reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT
                 ? "the page's web process exceeded its memory limit twice"
                 : "the page's web process crashed twice");
  } else if (phase == view_phase::hiding) {
    // A fresh WebProcess paints nothing of the old page: no need to wait
    // for it to hide the view before shrinking it.
    self->shrink_and_blank();
  } else if (phase == view_phase::blanking ||
             phase == view_phase::blank_committed) {
    self->enter(view_phase::blanking);
    webkit_web_view_load_uri(self->view_, "about:blank");
  } else if (phase == view_phase::clearing) {
    // The clear goes on in the network process; the fresh WebProcess
    // starts on about:blank.
    webkit_web_view_load_uri(self->view_, "about:blank");
  }
  // idle: the next load_uri starts a fresh WebProcess
}

gboolean wpe_view::on_script_dialog(WebKitWebView*, WebKitScriptDialog*,
                                    gpointer) {
  // Handled = dismissed at once: alert() returns, confirm() is false,
  // prompt() is null. Nobody is there to click.
  return TRUE;
}

gboolean wpe_view::on_authenticate(WebKitWebView*,
                                   WebKitAuthenticationRequest* request,
                                   gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (self->offers_credentials(request)) {
    self->credentials_offered_ = true;
    const auto& auth = self->job_.secrets.http_auth;
    auto* credential =
      webkit_credential_new(auth.username.c_str(), auth.password.c_str(),
                            WEBKIT_CREDENTIAL_PERSISTENCE_NONE);
    webkit_authentication_request_authenticate(request, credential);
    webkit_credential_free(credential);
    return TRUE;
  }
  // Nothing (more) to offer: nobody is there to type credentials, the load
  // goes on without, and the page's own 401 answer is the picture.
  webkit_authentication_request_authenticate(request, nullptr);
  return TRUE;
}

void wpe_view::fail(error_code code, std::string message) {
  frame_outcome outcome;
  outcome.error = failure{code, std::move(message)};
  finish(std::move(outcome));
}

void wpe_view::finish(frame_outcome outcome) {
  cancel_timers();
  on_value_ = nullptr;
  on_frame_ = nullptr;
  if (outcome.error.ok()) {
    outcome.http_status = http_status_;
    outcome.truncated = truncated_;
    outcome.script_error = std::move(script_error_);
    outcome.blocked_requests = blocked_requests_;
    if (!crop(outcome.frame))
      return; // crop() failed the job
  }
  remove_style_sheets();
  if (job_.page.omit_background)
    set_base_colour(true); // before about:blank: its frames are white again
  auto done = std::move(done_);
  done_ = nullptr;
  ++jobs_done_;
  if (jobs_done_ >= settings_.recycle_after)
    worn_ = true;
  reset();
  if (done)
    done(std::move(outcome));
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
  if (frame_check_source_ != 0) {
    g_source_remove(frame_check_source_);
    frame_check_source_ = 0;
  }
}

void wpe_view::enter(view_phase next) {
  if (!may_follow(phase_, next))
    g_warning("pinhole: a web view went from %s to %s, which its state "
              "machine does not allow",
              to_string(phase_), to_string(next));
  phase_ = next;
}

} // namespace pinhole::wpe
