#pragma once

#include "plugins/common/imaging/bgra_image.hpp"

namespace pinhole::wpe {

/// omitBackground: the view paints the page on black at alpha 1/255
/// instead of white. Not fully transparent, so that every pixel the engine
/// painted has alpha >= 1 and an unpainted tile (alpha 0, which the view
/// waits past: wpe_view::frame_has_unpainted_tiles) can still be told
/// from a part of the page that has no background.
constexpr double omitted_background_alpha = 1.0 / 255;

/// Takes that base off a picture painted on it (premultiplied, as the
/// engine paints): alpha a = s + (255 - s) / 255 for the page's own alpha
/// s, so s = 255 (a - 1) / 254, and the colours (the base adds none) are
/// divided by s. The result has straight alpha (bgra_image::
/// straight_alpha): where the page painted nothing it is transparent.
void take_off_omitted_background(bgra_image& picture);

} // namespace pinhole::wpe
