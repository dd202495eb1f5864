#include "plugins/common/imaging/pixel_buffer_pool.hpp"

#include <algorithm>

namespace pinhole {

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
    found = std::vector<uint8_t>(size);
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
