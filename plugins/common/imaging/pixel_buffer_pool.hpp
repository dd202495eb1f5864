#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace pinhole {

/// Frame-sized pixel buffers used again instead of allocated for every
/// frame: malloc maps a fresh buffer for each large allocation, and writing
/// it first costs a page fault per 4 KiB (a visible share of the service's
/// CPU: benchmarks/HISTORY.md). A renderer owns one pool: it takes a buffer
/// for each frame it copies, and gives the pixels back once the picture is
/// encoded. Thread-safe (frames are copied on the engine's thread, encoded
/// on another).
class pixel_buffer_pool {
public:
  /// The largest buffer kept for later (bigger ones are full pages: rare,
  /// and their memory should go back at once).
  static constexpr size_t max_kept_bytes = 16 * 1024 * 1024;
  /// How many buffers are kept at most.
  static constexpr size_t max_kept = 4;

  /// A buffer of `size` bytes; its contents are undefined. A kept buffer of
  /// that size if there is one; kept buffers of another size are dropped
  /// (the frames have changed size, the old ones will not be asked for
  /// soon).
  std::vector<uint8_t> take(size_t size);

  /// Keeps `buffer` for a later take() when it is small enough and there is
  /// room, else frees it.
  void give_back(std::vector<uint8_t>&& buffer);

  /// How many buffers are kept now.
  size_t kept() const;

private:
  mutable std::mutex mutex_;
  std::vector<std::vector<uint8_t>> spares_;
};

} // namespace pinhole
