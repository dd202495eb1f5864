#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pinhole::test {

struct rgb {
  int r = 0, g = 0, b = 0;
};

/// A decoded image, 3 bytes per pixel (straight colours), and its alpha
/// (PNG and WebP; empty for an image without alpha: opaque).
struct decoded_image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb_bytes;
  std::vector<uint8_t> alpha;
  std::string error;

  rgb at(int x, int y) const;
  /// 255 for an image without alpha.
  int alpha_at(int x, int y) const;
};

/// Moves the 4th byte of each RGBA pixel of `rgba` into `out.alpha` (kept
/// only when some pixel is not opaque) and the rest into `out.rgb_bytes`.
void split_alpha(const std::vector<uint8_t>& rgba, decoded_image& out);

decoded_image decode_png(const std::string& bytes);  // libpng
decoded_image decode_jpeg(const std::string& bytes); // libjpeg-turbo
decoded_image decode_webp(const std::string& bytes); // libwebp

/// Decodes whichever of the three `bytes` is (by its signature).
decoded_image decode_image(const std::string& bytes);

/// True when every channel differs by at most `tolerance`.
bool near(rgb a, rgb b, int tolerance = 8);

} // namespace pinhole::test
