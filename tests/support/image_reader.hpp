#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pinhole::test {

struct rgb {
  int r = 0, g = 0, b = 0;
};

/// A decoded image, 3 bytes per pixel.
struct decoded_image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb_bytes;
  std::string error;

  rgb at(int x, int y) const;
};

decoded_image decode_png(const std::string& bytes);  // libpng
decoded_image decode_jpeg(const std::string& bytes); // libjpeg-turbo
decoded_image decode_webp(const std::string& bytes); // libwebp

/// Decodes whichever of the three `bytes` is (by its signature).
decoded_image decode_image(const std::string& bytes);

/// True when every channel differs by at most `tolerance`.
bool near(rgb a, rgb b, int tolerance = 8);

} // namespace pinhole::test
