#pragma once

// The renderer conformance suite (Splash's lesson): one set of cases written
// against the renderer_actor interface only. Every renderer plugin links
// conformance_cases.cpp into a test binary of its own and provides
// `conformance::start_renderer`; all of them must pass the same cases.

#include <ostream>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/renderer_protocol.hpp"
#include "actors/supervisor_protocol.hpp"
#include "plugins/plugin.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"

namespace pinhole {

/// Boost.Test prints error codes by their SPEC names.
inline std::ostream& boost_test_print_type(std::ostream& out, error_code code) {
  return out << to_string(code);
}

} // namespace pinhole

namespace pinhole::conformance {

/// Provided by each renderer's test binary: a renderer that renders two
/// pages in parallel, started in `system` with `services` (its metrics
/// registry, direct network access; called once per process).
renderer_actor start_renderer(caf::actor_system& system,
                              const plugin_environment& services);

/// The shared environment: an actor system, the renderer under test and the
/// fixture pages on 127.0.0.1.
struct environment {
  environment();
  ~environment();
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;
  plugin_environment services;
  renderer_actor renderer;
  test::fixture_server pages;
  static environment* current;
};

/// Renders `job` (see job_for) and waits for the outcome.
render_outcome render(render_job job);

/// Renders `count` copies of `job` at once and waits for all outcomes.
std::vector<render_outcome> render_in_parallel(const render_job& job,
                                               int count);

/// A job for fixture `path` with a small default viewport.
render_job job_for(const std::string& path, int width = 400, int height = 300);

/// A renderer's picture decoded (jobs ask for PNG by default: lossless, so
/// pixel checks are exact).
test::decoded_image decoded(const encoded_image& image);

/// The pixel at (x, y) of a renderer's picture.
test::rgb pixel(const encoded_image& image, int x, int y);

/// Writes `image` as `<name>-failure.<format>` in the working directory
/// (the build's tests folder under CTest) and names the file in the test
/// log: a check on a picture that fails keeps the picture to look at.
void keep_failure(const encoded_image& image, const std::string& name);

} // namespace pinhole::conformance
