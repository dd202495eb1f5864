#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <wpe/webkit.h>

#include "actors/renderer_protocol.hpp"

struct wpe_view_backend_exportable_fdo;
struct wpe_fdo_shm_exported_buffer;

namespace pinhole::wpe {

/// One warm web view (with its own WebProcess) that takes one picture at a
/// time. Lives on the GLib thread of its host; every method must be called
/// there.
///
/// A job goes: loading -> (delay) -> waiting for paint -> done, then the view
/// resets itself to about:blank before it reports idle again, so no page
/// keeps running (timers, animations) between jobs.
class wpe_view {
public:
  using completion = std::function<void(render_outcome)>;

  /// `on_idle` is called (on the GLib thread) whenever the view becomes free.
  wpe_view(WebKitWebContext* context, std::function<void()> on_idle);
  ~wpe_view();

  wpe_view(const wpe_view&) = delete;
  wpe_view& operator=(const wpe_view&) = delete;

  bool idle() const { return phase_ == phase::idle; }

  /// Number of jobs this view has run (for recycling).
  int jobs_done() const { return jobs_done_; }

  /// Starts a job; `done` is called exactly once, on the GLib thread.
  void start(render_job job, completion done);

  // -- engine callbacks (static trampolines into the object; public only so
  //    that C callback tables can point at them) --
  static void on_export_shm(void* data, wpe_fdo_shm_exported_buffer* buffer);
  static void on_load_changed(WebKitWebView*, WebKitLoadEvent event,
                              gpointer self);
  static gboolean on_load_failed(WebKitWebView*, WebKitLoadEvent, gchar* uri,
                                 GError* error, gpointer self);
  static gboolean on_tls_error(WebKitWebView*, gchar* uri, GTlsCertificate*,
                               GTlsCertificateFlags, gpointer self);
  static void on_script_message(WebKitUserContentManager*,
                                WebKitJavascriptResult* result, gpointer self);
  static void on_process_terminated(WebKitWebView*,
                                    WebKitWebProcessTerminationReason reason,
                                    gpointer self);

private:
  enum class phase {
    warming,
    idle,
    loading,
    delaying,
    waiting_paint,
    resetting
  };
  using clock = std::chrono::steady_clock;

  // -- job steps --
  void page_loaded();
  void request_paint_token();
  bool check_painted();
  void finish(render_outcome outcome);
  void reset_to_blank();
  void become_idle();

  // -- timers (GLib sources on the default context) --
  void cancel_timers();
  static gboolean on_timeout(gpointer self);
  static gboolean on_delay_over(gpointer self);
  static gboolean on_paint_poll(gpointer self);
  static gboolean on_reset_stuck(gpointer self);

  // -- engine objects --
  wpe_view_backend_exportable_fdo* exportable_ = nullptr;
  WebKitWebView* view_ = nullptr;
  WebKitSettings* settings_ = nullptr;
  WebKitUserContentManager* content_ = nullptr;
  std::string default_user_agent_;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  double scale_ = 1.0;

  // -- the latest frame the engine exported --
  std::vector<uint8_t> frame_;
  int32_t frame_width_ = 0;
  int32_t frame_height_ = 0;
  clock::time_point frame_time_;

  // -- the current job --
  phase phase_ = phase::warming;
  render_job job_;
  completion done_;
  std::string load_error_;
  int32_t job_http_status_ = 0;
  int32_t paint_token_ = 0;
  clock::time_point token_time_;
  guint timeout_source_ = 0;
  guint step_source_ = 0;
  int jobs_done_ = 0;
  std::function<void()> on_idle_;
};

} // namespace pinhole::wpe
