// What the engine's memory-pressure handler is given for each WebProcess
// (plugins/renderer/wpe/memory_pressure.hpp, renderer.wpe.memory_limit_mb).
#define BOOST_TEST_MODULE memory_pressure
#include <boost/test/unit_test.hpp>

#include "plugins/renderer/wpe/memory_pressure.hpp"

using pinhole::wpe::memory_pressure;
using pinhole::wpe::web_process_memory_pressure;

BOOST_AUTO_TEST_CASE(the_limit_and_thresholds_reach_the_engine) {
  auto* settings = web_process_memory_pressure(200);
  BOOST_REQUIRE(settings);
  BOOST_TEST(webkit_memory_pressure_settings_get_memory_limit(settings) ==
             200u);
  BOOST_TEST(webkit_memory_pressure_settings_get_conservative_threshold(
               settings) == memory_pressure::conservative);
  BOOST_TEST(webkit_memory_pressure_settings_get_strict_threshold(settings) ==
             memory_pressure::strict);
  BOOST_TEST(webkit_memory_pressure_settings_get_poll_interval(settings) ==
             memory_pressure::poll_seconds);
  // Never killed: a WebProcess killed mid-capture would cost the capture.
  BOOST_TEST(webkit_memory_pressure_settings_get_kill_threshold(settings) ==
             0.0);
  webkit_memory_pressure_settings_free(settings);
}

BOOST_AUTO_TEST_CASE(zero_leaves_the_engine_its_own_defaults) {
  BOOST_TEST(web_process_memory_pressure(0) == nullptr);
}

BOOST_AUTO_TEST_CASE(the_thresholds_are_ones_the_engine_accepts) {
  // WebKit refuses (a critical warning; its default stays) a threshold
  // outside (0, 1) and a strict one not above the conservative one.
  BOOST_TEST(memory_pressure::conservative > 0.0);
  BOOST_TEST(memory_pressure::conservative < memory_pressure::strict);
  BOOST_TEST(memory_pressure::strict < 1.0);
}
