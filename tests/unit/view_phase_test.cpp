// The web view's state machine (plugins/renderer/wpe/view_phase.hpp): the
// paths a job and a reset take are allowed, shortcuts that would skip a
// step (a picture before the load, idle before the website data is
// cleared) are not.
#define BOOST_TEST_MODULE view_phase
#include <boost/test/unit_test.hpp>

#include <vector>

#include "plugins/renderer/wpe/view_phase.hpp"

using pinhole::wpe::may_follow;
using pinhole::wpe::view_phase;
using p = view_phase;

namespace {

bool path_allowed(const std::vector<view_phase>& path) {
  for (size_t i = 1; i < path.size(); ++i)
    if (!may_follow(path[i - 1], path[i])) {
      BOOST_TEST_MESSAGE(to_string(path[i - 1])
                         << " -> " << to_string(path[i]) << " refused");
      return false;
    }
  return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_paths_of_a_job_are_allowed) {
  // viewport picture, picture after a delay, page waiting for its data
  BOOST_TEST(path_allowed(
    {p::idle, p::loading, p::page_loading, p::stepping, p::blanking}));
  BOOST_TEST(path_allowed({p::idle, p::loading, p::page_loading, p::delaying,
                           p::stepping, p::hiding}));
  BOOST_TEST(path_allowed({p::idle, p::loading, p::page_loading,
                           p::awaiting_data, p::stepping, p::blanking}));
  // a crash of the WebProcess while stepping starts the load again
  BOOST_TEST(path_allowed({p::idle, p::loading, p::page_loading, p::stepping,
                           p::loading, p::page_loading}));
  // a failure or a cancel ends the job in any job phase
  for (auto phase : {p::loading, p::page_loading, p::awaiting_data, p::delaying,
                     p::stepping})
    BOOST_TEST(may_follow(phase, p::blanking), to_string(phase));
}

BOOST_AUTO_TEST_CASE(the_paths_of_a_reset_are_allowed) {
  BOOST_TEST(path_allowed(
    {p::hiding, p::blanking, p::blank_committed, p::clearing, p::idle}));
  BOOST_TEST(path_allowed({p::blanking, p::blank_committed, p::blanking,
                           p::blank_committed, p::clearing, p::idle}));
  // a reset given up as stuck ends idle wherever it is
  for (auto phase : {p::hiding, p::blanking, p::blank_committed, p::clearing})
    BOOST_TEST(may_follow(phase, p::idle), to_string(phase));
}

BOOST_AUTO_TEST_CASE(no_step_is_skipped) {
  BOOST_TEST(!may_follow(p::idle, p::stepping));     // no load
  BOOST_TEST(!may_follow(p::loading, p::stepping));  // load not finished
  BOOST_TEST(!may_follow(p::blanking, p::clearing)); // old page not gone
  BOOST_TEST(!may_follow(p::clearing, p::loading));  // data not cleared
  BOOST_TEST(!may_follow(p::idle, p::blanking));     // idle views stay
  BOOST_TEST(!may_follow(p::stepping, p::idle));     // no reset
  BOOST_TEST(!may_follow(p::stepping, p::delaying)); // no going back
}
