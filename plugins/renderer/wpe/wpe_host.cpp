#include "plugins/renderer/wpe/wpe_host.hpp"

#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>

#include <wpe/fdo.h>
#include <wpe/unstable/fdo-shm.h>
#include <wpe/webkit.h>
#include <wpe/wpe.h>

#include "plugins/renderer/wpe/extension_image.hpp"
#include "plugins/renderer/wpe/memory_pressure.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

/// Runs `fn` on the GLib thread (the owner of the default main context).
void invoke_on_glib_thread(std::function<void()> fn) {
  auto* boxed = new std::function<void()>(std::move(fn));
  g_main_context_invoke_full(
    nullptr, G_PRIORITY_DEFAULT,
    [](gpointer data) -> gboolean {
      (*static_cast<std::function<void()>*>(data))();
      return G_SOURCE_REMOVE;
    },
    boxed,
    [](gpointer data) { delete static_cast<std::function<void()>*>(data); });
}

} // namespace

wpe_host::wpe_host(wpe_settings settings, network::egress_access egress,
                   std::shared_ptr<metrics::registry> metrics)
  : settings_(settings), egress_(std::move(egress)),
    metrics_(std::move(metrics)) {
  // nop
}

wpe_host::~wpe_host() {
  if (!thread_.joinable())
    return;
  invoke_on_glib_thread([this] {
    if (loop_)
      g_main_loop_quit(loop_);
  });
  // WebKit's thread-exit hooks can deadlock on the thread WebKit calls its
  // main thread, so that thread never exits (see run()): wait until it has
  // released the views and the context, then let it go.
  auto cleaned = cleaned_up_.get_future();
  if (cleaned.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
    std::cerr << "pinhole: WPE renderer did not stop within 10 s\n";
  thread_.detach();
}

bool wpe_host::start(std::string& error) {
  // WebKit binds itself to the first thread that uses it and to the GLib
  // default main context: a second host in the same process would hang.
  static std::atomic<bool> engine_taken{false};
  if (engine_taken.exchange(true)) {
    error = "only one WPE renderer can run per process (use "
            "renderer.wpe.views for more parallel pages)";
    return false;
  }
  std::promise<std::pair<bool, std::string>> started;
  auto result = started.get_future();
  thread_ = std::thread{[this, &started] {
    run([&started](bool ok, std::string why) {
      started.set_value({ok, std::move(why)});
    });
  }};
  auto [ok, why] = result.get();
  if (!ok) {
    thread_.join();
    error = why;
  }
  return ok;
}

void wpe_host::run(std::function<void(bool, std::string)> started) {
  // No D-Bus here: keep the accessibility bridge from looking for one.
  setenv("NO_AT_BRIDGE", "1", 0);
  // The web processes allocate frame, texture and tile buffers of many MB
  // whenever a view grows for a full page. With glibc's default, freeing
  // such a buffer raises the mmap threshold, later ones land in heaps that
  // rarely shrink, and every web process keeps its peak. A fixed 1 MB
  // threshold (as the service sets for itself in main) gives them back at
  // no cost in captures/s (benchmarks/HISTORY.md). An operator's own
  // MALLOC_MMAP_THRESHOLD_ wins.
  setenv("MALLOC_MMAP_THRESHOLD_", "1048576", 0);
  // Each such mapping then costs a page fault per 4 KiB on its first write
  // (~7500 for a 1280x6000 buffer, tens of ms of CPU on the benchmark's VM);
  // with transparent huge pages asked for (glibc 2.35+) it is a few faults
  // of 2 MiB: full pages take less CPU at the same memory
  // (benchmarks/RESULTS.md). An operator's own GLIBC_TUNABLES wins.
  setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0);
  // Debian ships no default backend library: name the fdo one explicitly.
  if (!wpe_loader_init("libWPEBackend-fdo-1.0.so.1")) {
    started(false, "cannot load libWPEBackend-fdo-1.0.so.1 (install "
                   "libwpebackend-fdo-1.0-1)");
    return;
  }
  if (!wpe_fdo_initialize_shm()) {
    started(false, "WPE fdo backend: shared-memory export is unavailable");
    return;
  }
  loop_ = g_main_loop_new(nullptr, FALSE);
  // A non-ephemeral context whose own data store is never used: every view
  // is "is-ephemeral" and so gets a private ephemeral data store, which only
  // happens on a non-ephemeral context. Its folders go to a temp dir.
  data_dir_ = g_dir_make_tmp("pinhole-wpe-XXXXXX", nullptr);
  auto* manager =
    webkit_website_data_manager_new("base-data-directory", data_dir_,
                                    "base-cache-directory", data_dir_, nullptr);
  auto* pressure = web_process_memory_pressure(settings_.memory_limit_mb);
  context_ = WEBKIT_WEB_CONTEXT(
    g_object_new(WEBKIT_TYPE_WEB_CONTEXT, "website-data-manager", manager,
                 "memory-pressure-settings", pressure, nullptr));
  g_object_unref(manager);
  if (pressure)
    webkit_memory_pressure_settings_free(pressure);
  webkit_web_context_set_cache_model(context_,
                                     WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  // Before the first view: every WebProcess loads it when it starts.
  auto extension_dir = std::string{data_dir_} + "/extension";
  std::filesystem::create_directories(extension_dir);
  if (auto error = write_web_extension(extension_dir); !error.empty()) {
    started(false, error);
    return;
  }
  webkit_web_context_set_web_extensions_directory(context_,
                                                  extension_dir.c_str());
  // A lasting store (the service's storage.dir) is filled at start-up, so
  // that the first blocking capture does not wait seconds for the compile;
  // without one (pinhole capture, tests of the engine) a list is compiled
  // into the temp folder when a job first asks for it.
  bool lasting_store = !settings_.content_filter_dir.empty();
  filters_ = std::make_unique<content_filters>(
    std::array<std::string, 2>{settings_.ad_block_list,
                               settings_.tracker_block_list},
    lasting_store ? settings_.content_filter_dir
                  : std::string{data_dir_} + "/content-filters",
    [this] { dispatch_soon(); });
  if (lasting_store) {
    filters_->prepare(filter_list_kind::ads);
    filters_->prepare(filter_list_kind::trackers);
  }
  for (int i = 0; i < settings_.views; ++i)
    views_.push_back(make_view());
  started(true, {});
  g_main_loop_run(loop_);
  views_.clear();
  queue_.clear();
  filters_.reset();
  g_object_unref(context_);
  remove_data_dir();
  g_main_loop_unref(loop_);
  loop_ = nullptr;
  cleaned_up_.set_value();
  // Park: ending this thread runs WebKit's thread-exit hooks, which can
  // block forever. The process exit ends it.
  for (;;)
    std::this_thread::sleep_for(std::chrono::hours(24));
}

void wpe_host::submit(render_job job, completion done) {
  invoke_on_glib_thread(
    [this, job = std::move(job), done = std::move(done)]() mutable {
      queue_.push_back(queued_job{std::move(job), std::move(done)});
      dispatch();
    });
}

std::unique_ptr<wpe_view> wpe_host::make_view() {
  return std::make_unique<wpe_view>(
    context_, settings_,
    view_services{egress_, &budget_, frame_buffers_.get(), metrics_.get(),
                  filters_.get()},
    [this] { dispatch_soon(); });
}

void wpe_host::dispatch_soon() {
  g_idle_add(
    [](gpointer data) -> gboolean {
      static_cast<wpe_host*>(data)->dispatch();
      return G_SOURCE_REMOVE;
    },
    this);
}

void wpe_host::remove_data_dir() {
  if (!data_dir_)
    return;
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
  g_free(data_dir_);
  data_dir_ = nullptr;
}

void wpe_host::cancel(std::string id) {
  if (id.empty())
    return;
  invoke_on_glib_thread([this, id = std::move(id)] {
    for (auto i = queue_.begin(); i != queue_.end(); ++i) {
      if (i->job.id == id) {
        auto done = std::move(i->done);
        queue_.erase(i);
        frame_outcome outcome;
        outcome.error = failure{error_code::internal, "cancelled"};
        done(std::move(outcome));
        return;
      }
    }
    for (auto& view : views_)
      view->cancel(id);
  });
}

/// Called whenever a job arrives or a view becomes idle.
void wpe_host::dispatch() {
  recycle_worn_views();
  bool all_idle = true;
  for (auto& view : views_) {
    // The first queued job that can start (one waiting for its content
    // filter lets the others pass).
    for (auto i = queue_.begin(); view->idle() && i != queue_.end();) {
      auto gate = gate_of(*i);
      if (gate == job_gate::go) {
        auto next = std::move(*i);
        queue_.erase(i);
        view->start(std::move(next.job), std::move(next.done));
        break;
      }
      i = gate == job_gate::failed ? queue_.erase(i) : std::next(i);
    }
    all_idle = all_idle && view->idle();
  }
  // Ready once every view is warm and the start-up compile of the block
  // lists is done: a ready service serves every request without a wait.
  if (all_idle && !filters_->busy())
    ready_.store(true);
}

wpe_host::job_gate wpe_host::gate_of(queued_job& entry) {
  auto gate = job_gate::go;
  for (auto [asked, kind] :
       {std::pair{entry.job.page.block_ads, filter_list_kind::ads},
        std::pair{entry.job.page.block_trackers, filter_list_kind::trackers}}) {
    if (!asked)
      continue;
    filters_->prepare(kind);
    auto state = filters_->state(kind);
    if (state == filter_state::unavailable) {
      frame_outcome outcome;
      outcome.error = failure{error_code::internal, filters_->error(kind)};
      entry.done(std::move(outcome));
      return job_gate::failed;
    }
    if (state != filter_state::ready)
      gate = job_gate::wait;
  }
  return gate;
}

/// Replaces idle worn views (`recycle_after` jobs done, or credentials used):
/// a fresh view gets a fresh WebProcess and data store, giving back whatever
/// memory the old one held.
void wpe_host::recycle_worn_views() {
  for (auto& view : views_) {
    if (view->idle() && view->worn()) {
      view = make_view();
    }
  }
}

} // namespace pinhole::wpe
