// Frame-sized pixel buffers kept for reuse (actors/pixel_buffers.hpp).
#define BOOST_TEST_MODULE pixel_buffers
#include <boost/test/unit_test.hpp>

#include "actors/pixel_buffers.hpp"

namespace buffers = pinhole::pixel_buffers;

namespace {

constexpr size_t frame = 1280 * 800 * 4;

/// Starts each case with nothing kept (a take of another size drops all).
void drain() {
  buffers::take(1);
  BOOST_REQUIRE_EQUAL(buffers::kept(), 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_buffer_given_back_is_taken_again) {
  drain();
  auto first = buffers::take(frame);
  BOOST_TEST(first.size() == frame);
  const auto* memory = first.data();
  buffers::give_back(std::move(first));
  BOOST_TEST(buffers::kept() == 1u);
  auto second = buffers::take(frame);
  BOOST_TEST(second.size() == frame);
  BOOST_TEST(second.data() == memory); // the same memory, no new mapping
  BOOST_TEST(buffers::kept() == 0u);
}

BOOST_AUTO_TEST_CASE(frames_of_another_size_drop_what_is_kept) {
  drain();
  buffers::give_back(buffers::take(frame));
  buffers::give_back(buffers::take(frame));
  BOOST_TEST(buffers::kept() == 1u); // the second take reused the first
  auto other = buffers::take(frame / 2);
  BOOST_TEST(other.size() == frame / 2);
  BOOST_TEST(buffers::kept() == 0u);
}

BOOST_AUTO_TEST_CASE(full_page_buffers_are_freed_not_kept) {
  drain();
  buffers::give_back(
    std::vector<uint8_t>(buffers::max_kept_bytes + 4, uint8_t{1}));
  BOOST_TEST(buffers::kept() == 0u);
  buffers::give_back(std::vector<uint8_t>{});
  BOOST_TEST(buffers::kept() == 0u);
}

BOOST_AUTO_TEST_CASE(only_a_few_buffers_are_kept) {
  drain();
  for (size_t i = 0; i < buffers::max_kept + 3; ++i)
    buffers::give_back(std::vector<uint8_t>(frame));
  BOOST_TEST(buffers::kept() == buffers::max_kept);
}
