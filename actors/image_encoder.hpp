#pragma once

#include <string>
#include <vector>

#include "actors/capture_types.hpp"
#include "actors/renderer_protocol.hpp"

namespace pinhole {

/// Encodes an engine frame. Screenshots are opaque (the engine paints a white
/// base under every page), so the alpha channel is dropped: smaller files,
/// faster encoding. Returns an empty vector and sets `error` on failure.
std::vector<uint8_t> encode_image(const bgra_image& image, image_format format,
                                  int quality, std::string& error);

} // namespace pinhole
