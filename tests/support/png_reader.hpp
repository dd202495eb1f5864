#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pinhole::test {

struct rgb {
  int r = 0, g = 0, b = 0;
};

/// A decoded image (libpng), 3 bytes per pixel.
struct decoded_image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb_bytes;
  std::string error;

  rgb at(int x, int y) const;
};

decoded_image decode_png(const std::string& bytes);

/// True when every channel differs by at most `tolerance`.
bool near(rgb a, rgb b, int tolerance = 8);

} // namespace pinhole::test
