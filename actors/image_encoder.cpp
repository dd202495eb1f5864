#include "actors/image_encoder.hpp"

#include <png.h>

namespace pinhole {

namespace {

void append_to_vector(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

void no_flush(png_structp) {
  // Writing to memory: nothing to flush.
}

/// PNG via libpng at zlib level 1: screenshots compress well already, and
/// level 1 is several times faster than the default with files ~20 % larger.
std::vector<uint8_t> encode_png(const bgra_image& image, std::string& error) {
  std::vector<uint8_t> out;
  png_structp png =
    png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_write_struct(&png, nullptr);
    error = "out of memory creating the PNG encoder";
    return {};
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    error = "PNG encoding failed";
    return {};
  }
  out.reserve(image.pixels.size() / 4);
  png_set_write_fn(png, &out, append_to_vector, no_flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
               static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 1);
  png_set_filter(png, 0, PNG_FILTER_SUB);
  png_write_info(png, info);
  png_set_bgr(png);                         // input is B,G,R,...
  png_set_filler(png, 0, PNG_FILLER_AFTER); // ...,A: strip the 4th byte
  auto stride = static_cast<size_t>(image.width) * 4;
  auto* row = const_cast<uint8_t*>(image.pixels.data());
  for (int32_t y = 0; y < image.height; ++y, row += stride)
    png_write_row(png, row);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

} // namespace

std::vector<uint8_t> encode_image(const bgra_image& image, image_format format,
                                  int /*quality*/, std::string& error) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() !=
        static_cast<size_t>(image.width) * image.height * 4) {
    error = "renderer returned an image with inconsistent dimensions";
    return {};
  }
  switch (format) {
    case image_format::png:
      return encode_png(image, error);
    default:
      error = std::string{"image format '"} + to_string(format) +
              "' is not supported yet";
      return {};
  }
}

} // namespace pinhole
