#include "actors/pixel_buffers.hpp"

#include <algorithm>
#include <mutex>

namespace pinhole::pixel_buffers {

namespace {

std::mutex mutex;
std::vector<std::vector<uint8_t>> spares;

} // namespace

std::vector<uint8_t> take(size_t size) {
  std::vector<uint8_t> found;
  std::vector<std::vector<uint8_t>> dropped; // freed after the unlock
  {
    std::lock_guard<std::mutex> lock{mutex};
    auto match =
      std::find_if(spares.begin(), spares.end(), [size](const auto& buffer) {
        return buffer.size() == size;
      });
    if (match != spares.end()) {
      found = std::move(*match);
      spares.erase(match);
    } else
      dropped.swap(spares);
  }
  if (found.size() != size)
    found = std::vector<uint8_t>(size);
  return found;
}

void give_back(std::vector<uint8_t>&& buffer) {
  if (buffer.empty() || buffer.size() > max_kept_bytes)
    return;
  std::vector<uint8_t> dropped; // freed after the unlock
  std::lock_guard<std::mutex> lock{mutex};
  if (spares.size() >= max_kept) {
    dropped = std::move(spares.front());
    spares.erase(spares.begin());
  }
  spares.push_back(std::move(buffer));
}

size_t kept() {
  std::lock_guard<std::mutex> lock{mutex};
  return spares.size();
}

} // namespace pinhole::pixel_buffers
