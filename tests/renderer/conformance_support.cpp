#include "tests/renderer/conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <future>

namespace pinhole::conformance {

environment* environment::current = nullptr;

environment::environment() {
  add_message_types(cfg);
  system = std::make_unique<caf::actor_system>(cfg);
  renderer = start_renderer(*system);
  current = this;
}

environment::~environment() {
  caf::anon_send_exit(renderer, caf::exit_reason::user_shutdown);
  renderer = nullptr;
  current = nullptr;
}

render_job job_for(const std::string& path, int width, int height) {
  render_job job;
  job.url = environment::current->pages.url(path);
  job.viewport_width = width;
  job.viewport_height = height;
  job.timeout_ms = 30000;
  return job;
}

render_outcome render(render_job job) {
  caf::scoped_actor self{*environment::current->system};
  render_outcome out;
  self
    ->request(environment::current->renderer,
              std::chrono::milliseconds(job.timeout_ms + 10000),
              render_atom::value, std::move(job))
    .receive([&](render_outcome& result) { out = std::move(result); },
             [&](caf::error& err) {
               out.error = failure{error_code::internal, caf::to_string(err)};
             });
  return out;
}

std::vector<render_outcome> render_in_parallel(const render_job& job,
                                               int count) {
  std::vector<std::future<render_outcome>> running;
  for (int i = 0; i < count; ++i)
    running.push_back(
      std::async(std::launch::async, [job] { return render(job); }));
  std::vector<render_outcome> out;
  for (auto& r : running)
    out.push_back(r.get());
  return out;
}

test::rgb pixel(const bgra_image& image, int x, int y) {
  auto i = (static_cast<size_t>(y) * image.width + x) * 4;
  return {image.pixels[i + 2], image.pixels[i + 1], image.pixels[i]};
}

} // namespace pinhole::conformance
