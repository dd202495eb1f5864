// The bare engine, for the benchmark's "renderer only" mode: the WPE
// renderer plugin with VIEWS warm views, driven directly through its actor
// interface by WORKERS workers (the client concurrency) (no HTTP, no queue, no
// storage, no egress proxy), each job encoded to PNG like a capture is. The
// difference between this and the service's numbers is the service's own
// overhead.
//
// Reads commands on stdin, one per line:  URL FULL_PAGE(0|1) COUNT [SAVE_DIR]
// and answers each with one JSON line on stdout:
//   {"latencies_ms":[...], "errors":N, "seconds":S, "saved":[paths]}
// With SAVE_DIR, every picture is written there as engine-INDEX.png (the
// benchmark checks them like Pinhole's). Prints {"ready":true} once the
// views are warm; exits with status 1 when they never become ready.

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/supervisor_protocol.hpp"
#include "plugins/renderer/wpe/wpe_plugin.hpp"

using namespace pinhole;
using clock_type = std::chrono::steady_clock;

namespace {

struct round_result {
  std::vector<double> latencies_ms;
  std::vector<std::string> saved;
  int errors = 0;
  double seconds = 0;
};

round_result run_round(caf::actor_system& system,
                       const renderer_actor& renderer, const std::string& url,
                       bool full_page, int count, int workers,
                       const std::string& save_dir) {
  capture_options options;
  options.url = url;
  options.full_page = full_page;
  std::atomic<int> next{0};
  std::mutex mutex;
  round_result result;
  auto started = clock_type::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&] {
      caf::scoped_actor self{system};
      for (int index = next++; index < count; index = next++) {
        auto begin = clock_type::now();
        bool ok = false;
        std::string file;
        self
          ->request(renderer, std::chrono::seconds(60), render_atom::value,
                    make_render_job("bench", options, default_max_page_height))
          .receive(
            [&](render_outcome& out) {
              ok = out.error.ok() && !out.image.bytes.empty();
              if (ok && !save_dir.empty()) {
                file = save_dir + "/engine-" + std::to_string(index) + ".png";
                std::ofstream{file, std::ios::binary}.write(
                  reinterpret_cast<const char*>(out.image.bytes.data()),
                  static_cast<std::streamsize>(out.image.bytes.size()));
              }
            },
            [&](caf::error&) {});
        double ms =
          std::chrono::duration<double, std::milli>(clock_type::now() - begin)
            .count();
        std::lock_guard<std::mutex> guard{mutex};
        if (ok)
          result.latencies_ms.push_back(ms);
        else
          ++result.errors;
        if (!file.empty())
          result.saved.push_back(file);
      }
    });
  for (auto& t : threads)
    t.join();
  result.seconds =
    std::chrono::duration<double>(clock_type::now() - started).count();
  return result;
}

/// Asks the renderer whether its views are warm until they are or
/// `patience` has passed.
bool wait_until_ready(caf::actor_system& system, const renderer_actor& renderer,
                      std::chrono::seconds patience) {
  caf::scoped_actor self{system};
  auto deadline = clock_type::now() + patience;
  while (clock_type::now() < deadline) {
    bool ready = false;
    self->request(renderer, std::chrono::seconds(5), ready_atom::value)
      .receive([&](bool is_ready) { ready = is_ready; }, [&](caf::error&) {});
    if (ready)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

} // namespace

int main(int argc, char** argv) {
  int views = argc > 1 ? std::atoi(argv[1]) : 1;
  int workers = argc > 2 ? std::atoi(argv[2]) : views;
  if (views < 1 || views > 64 || workers < 1 || workers > 256) {
    std::cerr << "usage: pinhole-bench-renderer VIEWS [WORKERS] < commands\n";
    return 2;
  }
  caf::actor_system_config cfg;
  configure_actor_system(cfg);
  caf::actor_system system{cfg};
  wpe::wpe_settings settings;
  settings.views = views;
  auto renderer = wpe::spawn_renderer(system, settings);
  // Numbers of views that are not warm would be numbers of start-ups: no
  // numbers at all then.
  if (!wait_until_ready(system, renderer, std::chrono::seconds(60))) {
    std::cerr << "pinhole-bench-renderer: the views never became ready\n";
    caf::anon_send_exit(renderer, caf::exit_reason::user_shutdown);
    return 1;
  }
  std::cout << "{\"ready\":true}" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in{line};
    std::string url, save_dir;
    int full_page = 0, count = 0;
    if (!(in >> url >> full_page >> count))
      continue;
    in >> save_dir;
    auto result = run_round(system, renderer, url, full_page != 0, count,
                            workers, save_dir);
    std::ostringstream out;
    out << "{\"latencies_ms\":[";
    for (size_t i = 0; i < result.latencies_ms.size(); ++i)
      out << (i ? "," : "") << result.latencies_ms[i];
    out << "],\"saved\":[";
    for (size_t i = 0; i < result.saved.size(); ++i)
      out << (i ? "," : "") << '"' << result.saved[i] << '"';
    out << "],\"errors\":" << result.errors << ",\"seconds\":" << result.seconds
        << "}";
    std::cout << out.str() << std::endl;
  }
  caf::anon_send_exit(renderer, caf::exit_reason::user_shutdown);
  return 0;
}
