#include "tests/support/png_reader.hpp"

#include <cstdlib>
#include <cstring>

#include <png.h>

namespace pinhole::test {

rgb decoded_image::at(int x, int y) const {
  auto i = (static_cast<size_t>(y) * width + x) * 3;
  return {rgb_bytes[i], rgb_bytes[i + 1], rgb_bytes[i + 2]};
}

decoded_image decode_png(const std::string& bytes) {
  decoded_image out;
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    out.error = image.message;
    return out;
  }
  image.format = PNG_FORMAT_RGB;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb_bytes.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.rgb_bytes.data(), 0,
                             nullptr)) {
    out.error = image.message;
    out.width = out.height = 0;
  }
  return out;
}

bool near(rgb a, rgb b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

} // namespace pinhole::test
