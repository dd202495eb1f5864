#include "plugins/common/imaging/image_encoder.hpp"

#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>

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
/// level 1 is several times faster than the default for somewhat larger
/// files (benchmarks/HISTORY.md).
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
  png_set_IHDR(
    png, info, static_cast<png_uint_32>(image.width),
    static_cast<png_uint_32>(image.height), 8,
    image.straight_alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 1);
  // Both filters the rows choose from, so libpng sets up both; each row
  // then names its own (png_filter_for_row).
  png_set_filter(png, 0, PNG_FILTER_NONE | PNG_FILTER_SUB);
  png_write_info(png, info);
  png_set_bgr(png); // input is B,G,R,...
  if (!image.straight_alpha)
    png_set_filler(png, 0, PNG_FILLER_AFTER); // ...,A: strip the 4th byte
  auto stride = static_cast<size_t>(image.width) * 4;
  auto* row = const_cast<uint8_t*>(image.pixels.data());
  for (int32_t y = 0; y < image.height; ++y, row += stride) {
    png_set_filter(png, 0,
                   png_filter_for_row(row, image.width) == png_row_filter::none
                     ? PNG_FILTER_NONE
                     : PNG_FILTER_SUB);
    png_write_row(png, row);
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

struct jpeg_failure {
  jpeg_error_mgr base; // first member: libjpeg hands us a pointer to it
  jmp_buf escape;
};

/// JPEG via libjpeg-turbo, reading the engine's B,G,R,A rows directly
/// (JCS_EXT_BGRX skips the 4th byte).
std::vector<uint8_t> encode_jpeg(const bgra_image& image, int quality,
                                 std::string& error) {
  if (image.width > JPEG_MAX_DIMENSION || image.height > JPEG_MAX_DIMENSION) {
    error = "JPEG images are limited to " + std::to_string(JPEG_MAX_DIMENSION) +
            " pixels per side; use png";
    return {};
  }
  jpeg_compress_struct cinfo;
  jpeg_failure jerr;
  cinfo.err = jpeg_std_error(&jerr.base);
  // libjpeg's default error_exit() ends the process: jump back instead.
  jerr.base.error_exit = [](j_common_ptr c) {
    longjmp(reinterpret_cast<jpeg_failure*>(c->err)->escape, 1);
  };
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(jerr.escape)) {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
    error = "JPEG encoding failed";
    return {};
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_EXT_BGRX;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_compress(&cinfo, TRUE);
  auto stride = static_cast<size_t>(image.width) * 4;
  while (cinfo.next_scanline < cinfo.image_height) {
    auto* row =
      const_cast<uint8_t*>(image.pixels.data()) + cinfo.next_scanline * stride;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

/// WebP via libwebp (lossy, `quality`); opaque input gives no alpha chunk,
/// straight alpha is kept.
std::vector<uint8_t> encode_webp(const bgra_image& image, int quality,
                                 std::string& error) {
  if (image.width > WEBP_MAX_DIMENSION || image.height > WEBP_MAX_DIMENSION) {
    error = "WebP images are limited to " + std::to_string(WEBP_MAX_DIMENSION) +
            " pixels per side; use png or jpeg";
    return {};
  }
  uint8_t* buffer = nullptr;
  auto size =
    WebPEncodeBGRA(image.pixels.data(), image.width, image.height,
                   image.width * 4, static_cast<float>(quality), &buffer);
  if (size == 0 || !buffer) {
    error = "WebP encoding failed";
    return {};
  }
  std::vector<uint8_t> out(buffer, buffer + size);
  WebPFree(buffer);
  return out;
}

} // namespace

png_row_filter png_filter_for_row(const uint8_t* row, int32_t width) {
  int32_t repeats = 0;
  uint32_t previous = 0;
  for (int32_t x = 0; x < width; ++x) {
    uint32_t pixel;
    std::memcpy(&pixel, row + 4 * static_cast<size_t>(x), 4);
    repeats += x > 0 && pixel == previous;
    previous = pixel;
  }
  return 2 * repeats >= width ? png_row_filter::none : png_row_filter::sub;
}

std::vector<uint8_t> encode_image(const bgra_image& image, image_format format,
                                  int quality, std::string& error) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() !=
        static_cast<size_t>(image.width) * image.height * 4) {
    error = "renderer returned an image with inconsistent dimensions";
    return {};
  }
  switch (format) {
    case image_format::png:
      return encode_png(image, error);
    case image_format::jpeg:
      return encode_jpeg(image, quality, error);
    case image_format::webp:
      return encode_webp(image, quality, error);
  }
  error = "unknown image format";
  return {};
}

} // namespace pinhole
