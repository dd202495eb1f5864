#include "tests/renderer/conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <future>

namespace pinhole::conformance {

environment* environment::current = nullptr;

environment::environment() {
  add_message_types(cfg);
  system = std::make_unique<caf::actor_system>(cfg);
  renderer = start_renderer(*system, services);
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

test::decoded_image decoded(const encoded_image& image) {
  auto out =
    test::decode_image(std::string{image.bytes.begin(), image.bytes.end()});
  BOOST_REQUIRE_MESSAGE(out.error.empty(),
                        "undecodable picture: " << out.error);
  return out;
}

test::rgb pixel(const encoded_image& image, int x, int y) {
  return decoded(image).at(x, y);
}

void keep_failure(const encoded_image& image, const std::string& name) {
  auto file = name + "-failure." + to_string(image.format);
  std::ofstream{file, std::ios::binary}.write(
    reinterpret_cast<const char*>(image.bytes.data()),
    static_cast<std::streamsize>(image.bytes.size()));
  BOOST_TEST_MESSAGE("picture kept as " << file);
}

} // namespace pinhole::conformance
