#include "plugins/common/imaging/image_scaler.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>

#include <pixman.h>

namespace pinhole {

namespace {

int32_t at_least_one(double size) {
  return std::max<int32_t>(1, static_cast<int32_t>(std::lround(size)));
}

using pixman_ptr =
  std::unique_ptr<pixman_image_t, decltype(&pixman_image_unref)>;

/// A pixman view of `pixels` (B, G, R, A bytes = PIXMAN_a8r8g8b8 on a
/// little-endian machine, premultiplied like the engine's frames).
pixman_ptr wrap(int32_t width, int32_t height, uint8_t* pixels) {
  return {pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height,
                                   reinterpret_cast<uint32_t*>(pixels),
                                   width * 4),
          pixman_image_unref};
}

} // namespace

scaled_size size_for(int32_t width, int32_t height,
                     const image_scaling& target) {
  scaled_size out;
  double w = std::max(1, width);
  double h = std::max(1, height);
  if (target.width > 0 && target.height <= 0) {
    out.width = target.width;
    out.height = at_least_one(h * target.width / w);
  } else if (target.height > 0 && target.width <= 0) {
    out.height = target.height;
    out.width = at_least_one(w * target.height / h);
  } else if (target.fit == image_fit::fill) {
    out.width = target.width;
    out.height = target.height;
  } else if (target.fit == image_fit::contain) {
    auto scale = std::min(target.width / w, target.height / h);
    out.width = std::min(target.width, at_least_one(w * scale));
    out.height = std::min(target.height, at_least_one(h * scale));
  } else { // cover
    auto scale = std::max(target.width / w, target.height / h);
    out.width = target.width;
    out.height = target.height;
    out.scaled_width = std::max(target.width, at_least_one(w * scale));
    out.scaled_height = std::max(target.height, at_least_one(h * scale));
    return out;
  }
  out.scaled_width = out.width;
  out.scaled_height = out.height;
  return out;
}

bgra_image scale_image(const bgra_image& picture, const image_scaling& target) {
  auto size = size_for(picture.width, picture.height, target);
  // pixman only reads a source image.
  auto source = wrap(picture.width, picture.height,
                     const_cast<uint8_t*>(picture.pixels.data()));
  // Destination pixel (x, y) samples the source at (x * sx, y * sy).
  double sx = static_cast<double>(picture.width) / size.scaled_width;
  double sy = static_cast<double>(picture.height) / size.scaled_height;
  pixman_transform_t transform;
  pixman_transform_init_scale(&transform, pixman_double_to_fixed(sx),
                              pixman_double_to_fixed(sy));
  pixman_image_set_transform(source.get(), &transform);
  // Edges repeat the picture's own border pixels, not black.
  pixman_image_set_repeat(source.get(), PIXMAN_REPEAT_PAD);
  if (sx > 1 || sy > 1) {
    // Box over box: every thumbnail pixel is the average of the source
    // area it covers (what cairo calls GOOD). A cubic sampling kernel is
    // sharper but 8x slower here (benchmarks/HISTORY.md).
    int n = 0;
    pixman_fixed_t* params = pixman_filter_create_separable_convolution(
      &n, pixman_double_to_fixed(std::max(sx, 1.0)),
      pixman_double_to_fixed(std::max(sy, 1.0)), PIXMAN_KERNEL_BOX,
      PIXMAN_KERNEL_BOX, PIXMAN_KERNEL_BOX, PIXMAN_KERNEL_BOX, 4, 4);
    pixman_image_set_filter(source.get(), PIXMAN_FILTER_SEPARABLE_CONVOLUTION,
                            params, n);
    std::free(params);
  } else {
    pixman_image_set_filter(source.get(), PIXMAN_FILTER_BILINEAR, nullptr, 0);
  }
  bgra_image scaled;
  scaled.width = size.width;
  scaled.height = size.height;
  scaled.pixels.resize(static_cast<size_t>(size.width) * size.height * 4);
  auto destination = wrap(size.width, size.height, scaled.pixels.data());
  // cover: the middle of the scaled width, the top of the scaled height.
  auto left = (size.scaled_width - size.width) / 2;
  pixman_image_composite32(PIXMAN_OP_SRC, source.get(), nullptr,
                           destination.get(), left, 0, 0, 0, 0, 0, size.width,
                           size.height);
  return scaled;
}

} // namespace pinhole
