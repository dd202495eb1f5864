// What a thumbnail costs (README "Thumbnails", benchmarks/RESULTS.md):
// scaling a 1280x800 picture to 400 px wide, and encoding the thumbnail
// against encoding the full picture.
// The picture is page-like and synthetic: a header band, text lines, a
// photo-like area, white space.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "plugins/common/imaging/image_encoder.hpp"
#include "plugins/common/imaging/image_scaler.hpp"

using namespace pinhole;
using clock_type = std::chrono::steady_clock;

namespace {

bgra_image page_like() {
  bgra_image image{1280, 800, std::vector<uint8_t>(1280 * 800 * 4)};
  for (int y = 0; y < 800; ++y)
    for (int x = 0; x < 1280; ++x) {
      auto* p = &image.pixels[(static_cast<size_t>(y) * 1280 + x) * 4];
      uint8_t b = 255, g = 255, r = 255;
      if (y < 80) {
        b = 0x50, g = 0x30, r = 0x20;  // header band
      } else if (x > 800 && y < 500) { // photo
        b = static_cast<uint8_t>(x * 7 % 256);
        g = static_cast<uint8_t>(128 + 100 * std::sin(x * y / 5000.0));
        r = static_cast<uint8_t>(y % 256);
      } else if ((y / 24) % 2 == 0 && x > 60 && x < 760 &&
                 (x * 13 + y * 7) % 11 < 5) { // text lines
        b = g = r = 30;
      }
      p[0] = b, p[1] = g, p[2] = r, p[3] = 255;
    }
  return image;
}

/// The median of `runs` timings of `work`, in ms.
template<class Work>
double median_ms(int runs, Work work) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto begin = clock_type::now();
    work();
    ms.push_back(
      std::chrono::duration<double, std::milli>(clock_type::now() - begin)
        .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

} // namespace

int main() {
  auto picture = page_like();
  image_scaling target{400, 0, image_fit::contain};
  bgra_image thumbnail;
  auto scale =
    median_ms(101, [&] { thumbnail = scale_image(picture, target); });
  std::string error;
  size_t full_bytes = 0, thumb_bytes = 0;
  auto encode_full = median_ms(21, [&] {
    full_bytes = encode_image(picture, image_format::png, 80, error).size();
  });
  auto encode_thumb = median_ms(101, [&] {
    thumb_bytes = encode_image(thumbnail, image_format::png, 80, error).size();
  });
  std::printf("picture %dx%d -> thumbnail %dx%d\n", picture.width,
              picture.height, thumbnail.width, thumbnail.height);
  std::printf("scale: %.2f ms (median of 101)\n", scale);
  std::printf("png of the picture: %.2f ms, %zu bytes\n", encode_full,
              full_bytes);
  std::printf("png of the thumbnail: %.2f ms, %zu bytes\n", encode_thumb,
              thumb_bytes);
  std::printf("scale + png of the thumbnail: %.2f ms (vs %.2f ms for the "
              "picture's png)\n",
              scale + encode_thumb, encode_full);
  return 0;
}
