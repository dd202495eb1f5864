// The rule that decides, from frame counts and times, when a view's latest
// frame may be the picture (plugins/renderer/wpe/frame_rule.hpp).
#define BOOST_TEST_MODULE frame_rule
#include <boost/test/unit_test.hpp>

#include <vector>

#include "plugins/renderer/wpe/frame_rule.hpp"

using namespace std::chrono_literals;
using pinhole::wpe::frame_rule;

BOOST_AUTO_TEST_CASE(two_frames_since_the_step_began_are_taken_at_once) {
  frame_rule rule;
  BOOST_TEST(rule.timing_ok(2, 0ms, 30ms));
  BOOST_TEST(rule.timing_ok(5, 0ms, 500ms));
}

BOOST_AUTO_TEST_CASE(one_frame_waits_a_little_for_a_second) {
  // The frame may predate the page's update, with the page's own frame
  // still on its way: wait twice as long as it took to come.
  frame_rule rule;
  BOOST_TEST(!rule.timing_ok(1, 0ms, 20ms));
  BOOST_TEST(!rule.timing_ok(1, 39ms, 20ms));
  BOOST_TEST(rule.timing_ok(1, 40ms, 20ms));
  // ... and at least second_frame_wait, however fast the first came.
  BOOST_TEST(!rule.timing_ok(1, 19ms, 1ms));
  BOOST_TEST(rule.timing_ok(1, 20ms, 1ms));
}

BOOST_AUTO_TEST_CASE(slow_frames_are_waited_for_twice_as_long_as_the_first) {
  // A tall page takes hundreds of ms per frame: the frame on its way takes
  // about as long as the first one did.
  frame_rule rule;
  BOOST_TEST(!rule.timing_ok(1, 500ms, 300ms));
  BOOST_TEST(!rule.timing_ok(1, 599ms, 300ms));
  BOOST_TEST(rule.timing_ok(1, 600ms, 300ms));
}

BOOST_AUTO_TEST_CASE(no_new_frame_takes_the_old_one_only_after_patience) {
  frame_rule rule;
  BOOST_TEST(!rule.timing_ok(0, 0ms, 0ms));
  BOOST_TEST(!rule.timing_ok(0, 999ms, 0ms));
  BOOST_TEST(rule.timing_ok(0, 1000ms, 0ms));
}

BOOST_AUTO_TEST_CASE(
  a_frame_with_unpainted_tiles_is_copied_only_after_patience) {
  // Before, the engine still paints the missing tiles and sends the frame
  // that has them: copying this one would be thrown away.
  frame_rule rule;
  BOOST_TEST(rule.worth_copying(false, false, 0ms));
  BOOST_TEST(rule.worth_copying(false, true, 0ms));
  BOOST_TEST(
    !rule.worth_copying(true, false, 5000ms)); // the page has not answered
  BOOST_TEST(!rule.worth_copying(true, true, 999ms));
  BOOST_TEST(rule.worth_copying(true, true, 1000ms));
}

namespace {

/// A row of `width` opaque pixels (B,G,R,A), all channels `value`.
std::vector<uint8_t> opaque_row(size_t width, uint8_t value = 255) {
  std::vector<uint8_t> row(width * 4, value);
  for (size_t i = 3; i < row.size(); i += 4)
    row[i] = value == 0 ? 1 : value;
  return row;
}

bool transparent(const std::vector<uint8_t>& row) {
  return pinhole::wpe::row_has_transparent_pixel(row.data(), row.size());
}

} // namespace

BOOST_AUTO_TEST_CASE(a_row_with_a_transparent_pixel_anywhere_is_unpainted) {
  for (size_t width : {1, 2, 3, 7, 1280, 1281}) {
    BOOST_TEST_CONTEXT("width " << width) {
      BOOST_TEST(!transparent(opaque_row(width)));
      for (size_t x : {size_t{0}, width / 2, width - 1}) {
        auto row = opaque_row(width);
        row[x * 4 + 3] = 0;
        BOOST_TEST(transparent(row), "pixel " << x);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(black_or_faint_pixels_are_not_unpainted) {
  // Zero colour bytes are black, not missing; alpha 1 is still painted.
  BOOST_TEST(!transparent(opaque_row(9, 0)));
  auto row = opaque_row(9);
  for (size_t i = 3; i < row.size(); i += 4)
    row[i] = 1;
  BOOST_TEST(!transparent(row));
  row[4 * 4 + 3] = 0x80;
  BOOST_TEST(!transparent(row));
}

BOOST_AUTO_TEST_CASE(a_lone_white_frame_on_a_view_just_shown_waits_longer) {
  // It may be the about:blank the view showed before it was hidden; the
  // page's own frame is waited for up to patience.
  frame_rule rule;
  BOOST_TEST(!rule.timing_ok(1, 20ms, 5ms, true));
  BOOST_TEST(!rule.timing_ok(1, 999ms, 5ms, true));
  BOOST_TEST(rule.timing_ok(1, 1000ms, 5ms, true));
  // Two frames: the second is the page's, taken at once.
  BOOST_TEST(rule.timing_ok(2, 0ms, 5ms, true));
  // Not white, or not just shown: the short wait as before.
  BOOST_TEST(rule.timing_ok(1, 20ms, 5ms, false));
}
