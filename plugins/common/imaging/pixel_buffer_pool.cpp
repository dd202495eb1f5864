#include "plugins/common/imaging/pixel_buffer_pool.hpp"

#include <algorithm>
#include <cstdint>
#include <sys/mman.h>

namespace pinhole {

namespace {

constexpr uintptr_t huge_page = 2 * 1024 * 1024;

/// A new buffer of `size` bytes, zeroed. Large ones are their own mapping
/// (the service's mmap threshold), and a fresh mapping costs a page fault
/// per 4 KiB on its first write: ~7500 for a 1280x6000 frame, tens of ms
/// of CPU per full page. Asking for transparent huge pages before the
/// first write makes that a few faults of 2 MiB (where the kernel allows
/// them: /sys/kernel/mm/transparent_hugepage/enabled).
std::vector<uint8_t> new_buffer(size_t size) {
  std::vector<uint8_t> buffer;
  buffer.reserve(size);
  auto begin = reinterpret_cast<uintptr_t>(buffer.data());
  auto first = (begin + huge_page - 1) & ~(huge_page - 1);
  auto last = (begin + size) & ~(huge_page - 1);
  if (last > first)
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  buffer.resize(size);
  return buffer;
}

} // namespace

std::vector<uint8_t> pixel_buffer_pool::take(size_t size) {
  std::vector<uint8_t> found;
  std::vector<std::vector<uint8_t>> dropped; // freed after the unlock
  {
    std::lock_guard<std::mutex> lock{mutex_};
    auto match =
      std::find_if(spares_.begin(), spares_.end(), [size](const auto& buffer) {
        return buffer.size() == size;
      });
    if (match != spares_.end()) {
      found = std::move(*match);
      spares_.erase(match);
    } else
      dropped.swap(spares_);
  }
  if (found.size() != size)
    found = new_buffer(size);
  return found;
}

void pixel_buffer_pool::give_back(std::vector<uint8_t>&& buffer) {
  if (buffer.empty() || buffer.size() > max_kept_bytes)
    return;
  std::vector<uint8_t> dropped; // freed after the unlock
  std::lock_guard<std::mutex> lock{mutex_};
  if (spares_.size() >= max_kept) {
    dropped = std::move(spares_.front());
    spares_.erase(spares_.begin());
  }
  spares_.push_back(std::move(buffer));
}

size_t pixel_buffer_pool::kept() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return spares_.size();
}

} // namespace pinhole
