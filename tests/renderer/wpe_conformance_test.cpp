// Runs the renderer conformance suite against the WPE WebKit plugin.
// Arguments after `--` change the plugin's settings for a run (CTest runs
// the viewport layout cases once more with each way of taking full pages):
//   --full-page-method=auto|grow|scroll   renderer.wpe.full_page_method
//   --max-frame-rows=N                    renderer.wpe.max_frame_rows

#define BOOST_TEST_MODULE wpe_conformance
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "plugins/renderer/wpe/wpe_plugin.hpp"
#include "tests/renderer/conformance.hpp"

namespace pinhole::conformance {

namespace {

/// Applies the command line's settings (see the top of this file).
void apply_arguments(wpe::wpe_settings& settings) {
  auto& suite = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i < suite.argc; ++i) {
    std::string arg = suite.argv[i];
    auto value = arg.substr(arg.find('=') + 1);
    if (arg.rfind("--max-frame-rows=", 0) == 0) {
      settings.max_frame_rows = std::stoi(value);
      continue;
    }
    auto method = wpe::full_page_strategy_named(value);
    if (arg.rfind("--full-page-method=", 0) != 0 || !method)
      throw std::invalid_argument("unknown argument " + arg);
    settings.full_page_method = *method;
  }
}

} // namespace

renderer_actor start_renderer(caf::actor_system& system,
                              const plugin_environment& services) {
  wpe::wpe_settings settings;
  settings.views = 2;
  // Small enough that two 320x5000 pages never grow at once: the parallel
  // full-page case goes through the waiting path.
  settings.full_page_budget_mpx = 2;
  // The case with a page that hangs its process after its picture waits
  // for this before the view is replaced (5 s by default).
  settings.reset_timeout_ms = 2000;
  apply_arguments(settings);
  return wpe::spawn_renderer(system, settings, services);
}

} // namespace pinhole::conformance

using conformance_environment = pinhole::conformance::environment;
BOOST_TEST_GLOBAL_FIXTURE(conformance_environment);
