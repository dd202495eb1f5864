#include "plugins/renderer/wpe/omitted_background.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pinhole::wpe {

void take_off_omitted_background(bgra_image& picture) {
  auto* p = picture.pixels.data();
  const size_t count = picture.pixels.size() / 4;
  for (size_t i = 0; i < count; ++i, p += 4) {
    const int a = p[3];
    const int s = a <= 1 ? 0 : (255 * (a - 1) + 127) / 254;
    if (s == 0) {
      p[0] = p[1] = p[2] = p[3] = 0;
      continue;
    }
    for (int c = 0; c < 3; ++c)
      p[c] = static_cast<uint8_t>(std::min(255, (p[c] * 255 + s / 2) / s));
    p[3] = static_cast<uint8_t>(s);
  }
  picture.straight_alpha = true;
}

} // namespace pinhole::wpe
