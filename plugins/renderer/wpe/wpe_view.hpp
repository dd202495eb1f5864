#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <wpe/webkit.h>

#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "network/egress_access.hpp"
#include "plugins/common/imaging/pixel_buffer_pool.hpp"
#include "plugins/renderer/wpe/content_filters.hpp"
#include "plugins/renderer/wpe/frame_outcome.hpp"
#include "plugins/renderer/wpe/pixel_budget.hpp"
#include "plugins/renderer/wpe/view_phase.hpp"
#include "plugins/renderer/wpe/wpe_settings.hpp"

struct wpe_view_backend_exportable_fdo;
struct wpe_fdo_shm_exported_buffer;

namespace pinhole::wpe {

/// What the views of one host share (owned by the host, which outlives
/// its views).
struct view_services {
  /// Every request of every page goes through it.
  network::egress_access egress;
  /// Device pixels that views grown for full pages may hold at once.
  pixel_budget* budget = nullptr;
  /// Frames are copied into these buffers.
  pixel_buffer_pool* frame_buffers = nullptr;
  /// Renderer restarts are counted here (GET /metrics).
  metrics::registry* metrics = nullptr;
  /// The compiled block lists; the host starts a job only once those it
  /// asks for are ready.
  content_filters* filters = nullptr;
};

/// One warm web view (with its own WebProcess and its own ephemeral website
/// data) that takes one picture at a time. Lives on the GLib thread of its
/// host; every method must be called there.
///
/// A job goes: load -> (delay) -> (js, waitForSelector) -> settle (fonts,
/// images, two frames) -> wait for the painted frame -> picture (cut to
/// the selector's element or the clip); full pages first measure the
/// document, then grow the view to its height or, past the engine's 16384
/// device-pixel frame limit, scroll and stitch; a page whose layout
/// depends on the view's height is scrolled and stitched at the requested
/// viewport instead (plan_full_page). Afterwards the view turns
/// the page's scripts off, loads about:blank and then clears its website
/// data before it reports idle again, so nothing of one capture (cookies,
/// storage, cache, running scripts) reaches the next one. Where the view
/// is in all this is one view_phase (view_phase.hpp has the transitions).
///
/// Files: wpe_view.cpp (construction, a job's start and end, steps and
/// script messages), wpe_view_load.cpp (the page load), wpe_view_page.cpp
/// (the request's page controls: css, js, selectors, clip),
/// wpe_view_frames.cpp (frames and when one is the picture),
/// wpe_view_full_page.cpp (measure, grow or scroll and stitch),
/// wpe_view_reset.cpp (between jobs).
class wpe_view {
public:
  using completion = std::function<void(frame_outcome)>;

  /// `on_idle` is called (on the GLib thread) whenever the view becomes free.
  wpe_view(WebKitWebContext* context, const wpe_settings& settings,
           const view_services& services, std::function<void()> on_idle);
  ~wpe_view();

  wpe_view(const wpe_view&) = delete;
  wpe_view& operator=(const wpe_view&) = delete;

  bool idle() const { return phase_ == view_phase::idle; }

  /// True when the view should be replaced before its next job (it has done
  /// `recycle_after` jobs, or a job used credentials the engine may cache).
  bool worn() const { return worn_; }

  /// Starts a job; `done` is called exactly once, on the GLib thread.
  void start(render_job job, completion done);

  /// Stops the running job if it is named `id` (done gets "cancelled").
  void cancel(const std::string& id);

  // -- engine callbacks (static trampolines into the object; public only so
  //    that C callback tables can point at them) --
  static void on_export_shm(void* data, wpe_fdo_shm_exported_buffer* buffer);

private:
  /// Moves to `next`; a change may_follow() does not allow is a bug in the
  /// view and is logged (the view goes on in `next`).
  void enter(view_phase next);
  /// How the current full page is being taken (see plan_full_page).
  enum class page_method {
    one_frame,        // the view grown to the page (or no taller than it)
    grown_segments,   // the view grown to the frame limit, scrolled
    viewport_segments // the view at the requested viewport, scrolled
  };
  using clock = std::chrono::steady_clock;
  using value_step = std::function<void(double)>;
  /// For steps whose script posts a list of numbers.
  using values_step = std::function<void(const std::vector<double>&)>;
  using frame_step = std::function<void()>;

  static void on_load_changed(WebKitWebView*, WebKitLoadEvent event,
                              gpointer self);
  static gboolean on_load_failed(WebKitWebView*, WebKitLoadEvent, gchar* uri,
                                 GError* error, gpointer self);
  static gboolean on_tls_error(WebKitWebView*, gchar* uri, GTlsCertificate*,
                               GTlsCertificateFlags, gpointer self);
  static void on_script_message(WebKitUserContentManager*,
                                WebKitJavascriptResult* result, gpointer self);
  /// A message [first, value] to the handler: the network tracker's
  /// ["net", pending] or a step's [token, value]; anything else is ignored.
  void on_message(JSCValue* first, JSCValue* value);
  static void on_process_terminated(WebKitWebView*,
                                    WebKitWebProcessTerminationReason reason,
                                    gpointer self);
  static gboolean on_script_dialog(WebKitWebView*, WebKitScriptDialog* dialog,
                                   gpointer self);
  static gboolean on_authenticate(WebKitWebView*,
                                  WebKitAuthenticationRequest* request,
                                  gpointer self);

  // -- job steps --
  /// Puts the job's cookies into the view's cookie jar, then load().
  void set_cookies_then_load();
  static void on_cookie_added(GObject* manager, GAsyncResult* result,
                              gpointer self);
  /// Whether `request` gets the job's httpAuth: the page's own host and
  /// port, never a proxy, once per job.
  bool offers_credentials(WebKitAuthenticationRequest* request) const;
  void load();
  void page_loaded();
  /// The egress proxy's own answer in `response` (it refused the address,
  /// or could not reach it), or no failure.
  failure proxy_answer(WebKitURIResponse* response) const;
  static gboolean on_decide_policy(WebKitWebView*, WebKitPolicyDecision*,
                                   WebKitPolicyDecisionType, gpointer data);
  void after_delay();
  /// What the engine paints under the page: white, or for omitBackground
  /// the nearly transparent base of omitted_background.hpp.
  void set_base_colour(bool white);
  /// The steps after the load: the request's page controls
  /// (control_page), the count of blocked loads, then the picture.
  void control_then_take_picture();
  /// While the view is hidden until the page's data has come (see
  /// page_loaded): the timer that then shows it and takes its picture.
  void wait_for_data();
  static gboolean on_data_come(gpointer self);
  /// Starts the job's one budget of renderer.wpe.asset_wait_ms.
  void begin_asset_wait();
  /// What is left of the job's renderer.wpe.asset_wait_ms (shared by all
  /// its steps), in ms.
  int asset_wait_left() const;
  void capture_viewport();
  /// The next final frame of the viewport's size is the picture.
  void finish_with_viewport_frame();

  // -- what the request asks of the page (wpe_view_page.cpp) --
  /// Adds the job's css and hideSelectors as a style sheet (before the
  /// load, so that the first paint has it).
  void add_style_sheets();
  /// Takes them away again when the job ends (and the job's content
  /// filters).
  void remove_style_sheets();
  /// A script of this job only, in the top frame (remove_style_sheets
  /// takes it away).
  void add_job_script(const std::string& source,
                      WebKitUserScriptInjectionTime when);
  /// Adds the content filters of blockAds and blockTrackers (and the
  /// script that notes failed loads, see count_blocked_loads).
  void add_content_filters();
  /// With blockAds or blockTrackers: blocked_requests_ from the page
  /// (page_scripts::count_blocked_loads), then `next`.
  void count_blocked_loads(frame_step next);
  /// The job's js, then its waitForSelector, then `next`.
  void control_page(frame_step next);
  static void on_user_script_done(GObject* view, GAsyncResult* result,
                                  gpointer call);
  void wait_for_selector(frame_step next);
  /// The picture: the whole page, the element of `selector` or the
  /// viewport (with clip: a part of either).
  void take_picture();
  /// `selector`'s element: cut from the viewport's frame (scrolled into
  /// view first when it is not), or, taller than the viewport, from a full
  /// page.
  void capture_element();
  void capture_full_page();
  /// Cuts crop_ out of a picture; false (and the job failed) when nothing
  /// of it is on the picture.
  bool crop(bgra_image& picture);
  /// `measured`: what page_scripts::measure posted.
  void plan_full_page(double measured);
  /// page_height_ and truncated_ for a document this tall (CSS px).
  void set_page_height(double document_height);
  /// The full page's layout depends on the view's height: back to the
  /// requested viewport, measured again, scrolled and stitched a viewport
  /// at a time.
  void scroll_at_viewport();
  /// stitched_ for a page of page_height_.
  void take_stitched_buffer();
  static gboolean on_budget_retry(gpointer self);
  /// Holds `pixels` of the full-page budget (device pixels beyond the
  /// viewport's); false when other views hold too much now.
  bool hold_pixels(int64_t pixels);
  void release_pixels();
  void capture_segment(int index);
  void fail(error_code code, std::string message);
  void finish(frame_outcome outcome);

  /// Runs `script(token)` in the page; `next` gets the value it posts.
  void run_step(const std::function<std::string(int)>& script, value_step next);
  void run_step(const std::function<std::string(int)>& script,
                values_step next);
  /// Calls `next` once the latest frame is `width` x `height` device px,
  /// no tile is unpainted and it was painted after the current step's
  /// script ran (see frame_is_final).
  void await_frame(int32_t width, int32_t height, frame_step next);
  /// The latest frame has transparent (unpainted) pixels; scanned once
  /// per frame.
  bool frame_has_unpainted_tiles();
  /// Copies an exported frame of `width` x `height` pixels into frame_ and
  /// sets frame_unpainted_; one with unpainted tiles only when
  /// `keep_unpainted`. True when frame_ now holds the frame.
  bool copy_frame(const uint8_t* src, size_t stride, int32_t width,
                  int32_t height, bool keep_unpainted);
  /// No latest frame any more; its buffer is freed (a grown view's is tens
  /// of MB).
  void forget_frame();
  /// The latest frame as the picture.
  bgra_image take_frame();
  bool frame_is_final();
  /// Every pixel of the latest frame is opaque white (about:blank).
  bool frame_is_all_white() const;
  void resize(uint32_t width, uint32_t height);
  /// CSS px in device px at the job's scale factor.
  int32_t device_px(int32_t css_pixels) const {
    return static_cast<int32_t>(std::lround(css_pixels * scale_));
  }
  /// The job's viewport height: the view's size between jobs.
  uint32_t viewport_rows() const {
    return static_cast<uint32_t>(std::max(job_.viewport_height, 1));
  }

  // -- between jobs (wpe_view_reset.cpp) --
  /// After a job and at the start; the view reports idle once done.
  void reset();
  /// The rest of a reset, once the engine has the view hidden (see reset()).
  static void on_hidden(GObject* view, GAsyncResult* result, gpointer self);
  void shrink_and_blank();
  void blank_loaded();
  void reset_done();
  void prepare_for_job();
  /// Shows the view (hidden since the reset) once its page has loaded (a
  /// full page: once it has been measured and grown).
  void show();

  // -- timers (GLib sources on the default context) --
  void cancel_timers();
  static gboolean on_timeout(gpointer self);
  static gboolean on_delay_over(gpointer self);
  static gboolean on_frame_poll(gpointer self);
  static gboolean on_frame_arrived(gpointer self);
  /// Hands the awaited frame to the step that waits for it.
  void frame_done();
  static gboolean on_reset_stuck(gpointer self);

  // -- engine objects --
  wpe_settings settings_;
  network::egress_access egress_;
  pixel_budget* budget_;
  pixel_buffer_pool* buffers_;
  metrics::registry* metrics_;
  content_filters* filters_;
  int64_t held_pixels_ = 0;
  // a full page waiting for the budget: what plan_full_page was given
  double waiting_height_ = 0;
  clock::time_point budget_wait_began_; // {} when not waiting
  wpe_view_backend_exportable_fdo* exportable_ = nullptr;
  WebKitWebView* view_ = nullptr;
  WebKitSettings* web_settings_ = nullptr;
  WebKitUserContentManager* content_ = nullptr;
  /// The job's own user scripts (add_job_script), taken away when it ends.
  std::vector<WebKitUserScript*> job_scripts_;
  // Cancelled when the view goes: engine calls still under way then must
  // not reach it (reset's round trip, the website data clear).
  GCancellable* cancellable_ = nullptr;
  std::string default_user_agent_;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  double scale_ = 1.0;

  // -- the latest frame the engine exported --
  std::vector<uint8_t> frame_;
  int32_t frame_width_ = 0;
  int32_t frame_height_ = 0;
  uint64_t frame_serial_ = 0;
  bool frame_unpainted_ = false; // it has a transparent pixel
  bool frame_kept_ = false;      // frame_ holds its pixels
  bool shown_ = true; // visible (the engine paints); hidden between jobs
  uint64_t shown_serial_ = 0; // frame_serial_ when the view was last shown

  // -- the current job --
  view_phase phase_ = view_phase::blanking; // a new view resets first
  render_job job_;
  completion done_;
  std::string load_error_;
  /// Set when the page's own response came from the egress proxy.
  failure proxy_refusal_;
  int32_t http_status_ = 0;
  int web_process_crashes_ = 0;      // during this job
  int cookies_pending_ = 0;          // set_cookies_then_load's calls out
  bool credentials_offered_ = false; // the job's httpAuth went out once
  clock::time_point asset_deadline_; // the job's waits for assets end here
  // The page's fetch/XHR in flight, as its network tracker reports them
  // (page_scripts::network_tracker).
  int net_pending_ = 0;
  uint64_t step_serial_ = 0; // frame_serial_ when the step began
  clock::time_point step_began_;
  clock::time_point first_frame_at_; // the first frame after step_began_
  // the step waiting for a script message
  int token_ = 0;
  values_step on_value_;
  /// What the job's js threw (render_outcome::script_error).
  std::string script_error_;
  /// Requests of the page its content filters blocked.
  int32_t blocked_requests_ = 0;
  /// The part of the picture that is kept, in CSS px of the page when
  /// job_.full_page, else of the viewport; empty: all of it.
  css_rect crop_;
  // the step waiting for a frame
  int32_t want_width_ = 0;
  int32_t want_height_ = 0;
  clock::time_point want_since_;
  frame_step on_frame_;
  // full page
  page_method page_method_ = page_method::one_frame;
  int32_t page_height_ = 0;    // CSS px that go into the picture
  int32_t segment_height_ = 0; // CSS px per stitched segment
  bool truncated_ = false;
  bgra_image stitched_;

  guint timeout_source_ = 0;
  guint step_source_ = 0;
  guint frame_check_source_ = 0; // a frame arrived; check it when idle
  int jobs_done_ = 0;
  bool worn_ = false;
  std::function<void()> on_idle_;
};

/// True when an engine call ended because its view went (the view's
/// cancellable_): its callback must then not touch the view. Frees `error`.
bool view_went(GError* error);

} // namespace pinhole::wpe
