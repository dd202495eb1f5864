#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "network/egress_access.hpp"
#include "plugins/common/imaging/pixel_buffer_pool.hpp"
#include "plugins/renderer/wpe/content_filters.hpp"
#include "plugins/renderer/wpe/frame_outcome.hpp"
#include "plugins/renderer/wpe/pixel_budget.hpp"
#include "plugins/renderer/wpe/wpe_settings.hpp"

typedef struct _GMainLoop GMainLoop;
typedef struct _WebKitWebContext WebKitWebContext;

namespace pinhole::wpe {

class wpe_view;

/// Owns the GLib thread on which all of WebKit runs, and the pool of warm
/// views. Jobs are queued here and handed to the next idle view.
/// Thread-safe entry points: start(), submit(), ready(), the destructor.
class wpe_host {
public:
  using completion = std::function<void(frame_outcome)>;

  /// Every request of every view goes through `egress`; renderer restarts
  /// are counted in `metrics`.
  wpe_host(wpe_settings settings, network::egress_access egress,
           std::shared_ptr<metrics::registry> metrics);
  ~wpe_host();

  wpe_host(const wpe_host&) = delete;
  wpe_host& operator=(const wpe_host&) = delete;

  /// Starts the GLib thread and creates the views; blocks until the engine
  /// is initialised (not until every view is warm). False + `error` when the
  /// engine cannot start.
  bool start(std::string& error);

  /// Queues a job; `done` runs later on the GLib thread.
  void submit(render_job job, completion done);

  /// Drops the job named `id` (queued or running); its `done` gets an
  /// INTERNAL "cancelled" failure and its view is reset for the next job.
  void cancel(std::string id);

  /// True once every view has finished warming up (and the content
  /// filters compiled at start-up are ready).
  bool ready() const { return ready_.load(); }

  /// Jobs rendered at once: one per view (renderer.wpe.views).
  int32_t slots() const { return settings_.views; }

  /// The buffers the views copy frames into; a frame's pixels go back here
  /// once it is encoded.
  const std::shared_ptr<pixel_buffer_pool>& frame_buffers() const {
    return frame_buffers_;
  }

private:
  struct queued_job {
    render_job job;
    completion done;
  };

  void run(std::function<void(bool, std::string)> started);
  std::unique_ptr<wpe_view> make_view();
  void dispatch();
  /// dispatch() from a fresh idle source: views report "idle" and filters
  /// "settled" from inside engine callbacks (or from within dispatch),
  /// and the dispatch (which may replace that very view) must not run
  /// under their feet.
  void dispatch_soon();
  /// Whether a queued job can go to a view now.
  enum class job_gate {
    go,     // the content filters it asks for are ready (or none)
    wait,   // one is being looked up or compiled
    failed, // one is unavailable: the job was failed (`done` called)
  };
  /// The gate of `entry` (blockAds, blockTrackers); the look-up of the
  /// filters it asks for starts here.
  job_gate gate_of(queued_job& entry);
  void recycle_worn_views();
  void remove_data_dir();

  wpe_settings settings_;
  network::egress_access egress_;
  std::shared_ptr<metrics::registry> metrics_;
  std::thread thread_;
  std::promise<void> cleaned_up_;
  std::atomic<bool> ready_{false};
  std::shared_ptr<pixel_buffer_pool> frame_buffers_ =
    std::make_shared<pixel_buffer_pool>();
  // -- owned by the GLib thread --
  GMainLoop* loop_ = nullptr;
  WebKitWebContext* context_ = nullptr;
  char* data_dir_ = nullptr;
  pixel_budget budget_{static_cast<int64_t>(settings_.full_page_budget_mpx) *
                       1000000};
  std::unique_ptr<content_filters> filters_;
  std::vector<std::unique_ptr<wpe_view>> views_;
  std::deque<queued_job> queue_;
};

} // namespace pinhole::wpe
