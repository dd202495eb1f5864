#pragma once

#include "actors/capture_types.hpp"
#include "plugins/common/imaging/bgra_image.hpp"

namespace pinhole {

/// The size a `width` x `height` picture gets for `target` (see
/// image_scaling and image_fit): never 0 on either side.
struct scaled_size {
  int32_t width = 0;
  int32_t height = 0;
  /// The picture scaled to this size before `cover` cuts it to `width` x
  /// `height` (the same as width/height for the other fits).
  int32_t scaled_width = 0;
  int32_t scaled_height = 0;
};
scaled_size size_for(int32_t width, int32_t height,
                     const image_scaling& target);

/// `picture` scaled for `target` with pixman: when it shrinks, each pixel
/// is the average of the area it covers (a box filter: no aliasing, text
/// stays legible), bilinear when it grows. `cover` keeps the top of the page
/// and cuts the sides evenly. `target` must not be empty.
bgra_image scale_image(const bgra_image& picture, const image_scaling& target);

} // namespace pinhole
