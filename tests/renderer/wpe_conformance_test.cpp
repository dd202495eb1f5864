// Runs the renderer conformance suite against the WPE WebKit plugin.

#define BOOST_TEST_MODULE wpe_conformance
#include <boost/test/unit_test.hpp>

#include "plugins/renderer/wpe/wpe_plugin.hpp"
#include "tests/renderer/conformance.hpp"

namespace pinhole::conformance {

renderer_actor start_renderer(caf::actor_system& system) {
  wpe::wpe_settings settings;
  settings.views = 2;
  // Small enough that two 320x5000 pages never grow at once: the parallel
  // full-page case goes through the waiting path.
  settings.full_page_budget_mpx = 2;
  // The case with a page that hangs its process after its picture waits
  // for this before the view is replaced (5 s by default).
  settings.reset_timeout_ms = 2000;
  return wpe::spawn_renderer(system, settings);
}

} // namespace pinhole::conformance

using conformance_environment = pinhole::conformance::environment;
BOOST_TEST_GLOBAL_FIXTURE(conformance_environment);
