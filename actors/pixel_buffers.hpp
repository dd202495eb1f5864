#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

/// Frame-sized pixel buffers used again instead of allocated for every
/// frame. A 1280 x 800 frame is 4 MB; malloc maps a fresh buffer of that
/// size for each allocation, and writing it first costs ~1000 page faults
/// (a visible share of the service's CPU: benchmarks/RESULTS.md). The
/// renderer takes a buffer for each frame it copies; whoever is done with a
/// picture (the encoder) gives its pixels back. Thread-safe.
namespace pinhole::pixel_buffers {

/// The largest buffer kept for later (bigger ones are full pages: rare,
/// and their memory should go back at once).
constexpr size_t max_kept_bytes = 16 * 1024 * 1024;
/// How many buffers are kept at most.
constexpr size_t max_kept = 4;

/// A buffer of `size` bytes; its contents are undefined. A kept buffer of
/// that size if there is one; kept buffers of another size are dropped
/// (the frames have changed size, the old ones will not be asked for soon).
std::vector<uint8_t> take(size_t size);

/// Keeps `buffer` for a later take() when it is small enough and there is
/// room, else frees it.
void give_back(std::vector<uint8_t>&& buffer);

/// How many buffers are kept now (for tests).
size_t kept();

} // namespace pinhole::pixel_buffers
