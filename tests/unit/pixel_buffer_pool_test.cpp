// Frame-sized pixel buffers kept for reuse
// (plugins/common/imaging/pixel_buffer_pool.hpp).
#define BOOST_TEST_MODULE pixel_buffer_pool
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "plugins/common/imaging/pixel_buffer_pool.hpp"

using pinhole::pixel_buffer_pool;

namespace {

constexpr size_t frame = 1280 * 800 * 4;

/// The VmFlags line of the mapping in /proc/self/smaps that holds `address`
/// (empty when none does).
std::string vm_flags_at(const void* address) {
  auto at = reinterpret_cast<uintptr_t>(address);
  std::ifstream smaps{"/proc/self/smaps"};
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range{line};
    if (range >> std::hex >> begin >> dash >> end && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = begin <= at && at < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0)
      return line;
  }
  return {};
}

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

BOOST_AUTO_TEST_CASE(new_full_page_buffers_ask_for_huge_pages) {
  // A fresh mapping faults per 4 KiB page on its first write (~7500 for a
  // 1280x6000 frame); the pool asks the kernel for 2 MiB pages instead.
  pixel_buffer_pool buffers;
  auto full_page = buffers.take(1280 * 6000 * 4);
  BOOST_TEST(full_page.size() == size_t{1280 * 6000 * 4});
  BOOST_TEST(full_page.front() == 0);
  BOOST_TEST(full_page.back() == 0);
  auto flags = vm_flags_at(full_page.data() + full_page.size() / 2);
  BOOST_TEST_INFO("VmFlags: " << flags);
  BOOST_TEST(flags.find(" hg") != std::string::npos);
}
