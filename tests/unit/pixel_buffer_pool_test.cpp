// Frame-sized pixel buffers kept for reuse
// (plugins/common/imaging/pixel_buffer_pool.hpp).
#define BOOST_TEST_MODULE pixel_buffer_pool
#include <boost/test/unit_test.hpp>

#include "plugins/common/imaging/pixel_buffer_pool.hpp"

using pinhole::pixel_buffer_pool;

namespace {

constexpr size_t frame = 1280 * 800 * 4;

} // namespace

BOOST_AUTO_TEST_CASE(a_buffer_given_back_is_taken_again) {
  pixel_buffer_pool buffers;
  auto first = buffers.take(frame);
  BOOST_TEST(first.size() == frame);
  const auto* memory = first.data();
  buffers.give_back(std::move(first));
  BOOST_TEST(buffers.kept() == 1u);
  auto second = buffers.take(frame);
  BOOST_TEST(second.size() == frame);
  BOOST_TEST(second.data() == memory); // the same memory, no new mapping
  BOOST_TEST(buffers.kept() == 0u);
}

BOOST_AUTO_TEST_CASE(frames_of_another_size_drop_what_is_kept) {
  pixel_buffer_pool buffers;
  buffers.give_back(buffers.take(frame));
  buffers.give_back(buffers.take(frame));
  BOOST_TEST(buffers.kept() == 1u); // the second take reused the first
  auto other = buffers.take(frame / 2);
  BOOST_TEST(other.size() == frame / 2);
  BOOST_TEST(buffers.kept() == 0u);
}

BOOST_AUTO_TEST_CASE(full_page_buffers_are_freed_not_kept) {
  pixel_buffer_pool buffers;
  buffers.give_back(
    std::vector<uint8_t>(pixel_buffer_pool::max_kept_bytes + 4, uint8_t{1}));
  BOOST_TEST(buffers.kept() == 0u);
  buffers.give_back(std::vector<uint8_t>{});
  BOOST_TEST(buffers.kept() == 0u);
}

BOOST_AUTO_TEST_CASE(only_a_few_buffers_are_kept) {
  pixel_buffer_pool buffers;
  for (size_t i = 0; i < pixel_buffer_pool::max_kept + 3; ++i)
    buffers.give_back(std::vector<uint8_t>(frame));
  BOOST_TEST(buffers.kept() == pixel_buffer_pool::max_kept);
}

BOOST_AUTO_TEST_CASE(two_pools_keep_their_own_buffers) {
  pixel_buffer_pool one;
  pixel_buffer_pool other;
  one.give_back(one.take(frame));
  BOOST_TEST(one.kept() == 1u);
  BOOST_TEST(other.kept() == 0u);
}
