#pragma once

#include <string>
#include <vector>

#include "actors/capture_types.hpp"
#include "plugins/common/imaging/bgra_image.hpp"

namespace pinhole {

/// Encodes an engine frame. Screenshots are opaque (the engine paints a white
/// base under every page), so the alpha channel is dropped: smaller files,
/// faster encoding; a picture with straight_alpha keeps it (PNG RGBA, WebP
/// with alpha; JPEG has none). Returns an empty vector and sets `error` on
/// failure.
std::vector<uint8_t> encode_image(const bgra_image& image, image_format format,
                                  int quality, std::string& error);

/// The PNG filter a row of `width` B,G,R,A pixels is stored with: `none`
/// for a row that is mostly runs of one colour (text, flat backgrounds:
/// zlib finds the runs itself, and SUB would turn every edge into noise),
/// `sub` for the others (photos, gradients: the small differences compress
/// far better than the values). Faster and smaller than either filter for
/// every row on the benchmark corpus (benchmarks/HISTORY.md).
enum class png_row_filter { none, sub };
png_row_filter png_filter_for_row(const uint8_t* row, int32_t width);

} // namespace pinhole
