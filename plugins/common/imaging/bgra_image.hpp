#pragma once

#include <cstdint>
#include <vector>

namespace pinhole {

/// A frame as an engine painted it: `width` x `height` pixels, 4 bytes each
/// in B, G, R, A order (native-endian ARGB8888), premultiplied alpha,
/// top-down, no row padding. The encoders take this layout directly so no
/// pixel is copied or converted on the way to the image file. Stays inside
/// a renderer plugin: what leaves it is an encoded_image.
struct bgra_image {
  int32_t width = 0;
  int32_t height = 0;
  std::vector<uint8_t> pixels;
  /// The pixels have been made straight (not premultiplied) and their
  /// alpha means transparency (omitBackground): the encoders keep it. Else
  /// the picture is opaque and alpha is dropped.
  bool straight_alpha = false;
};

} // namespace pinhole
