#include "tests/support/image_reader.hpp"

#include <cstdlib>
#include <cstring>

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

namespace pinhole::test {

rgb decoded_image::at(int x, int y) const {
  auto i = (static_cast<size_t>(y) * width + x) * 3;
  return {rgb_bytes[i], rgb_bytes[i + 1], rgb_bytes[i + 2]};
}

int decoded_image::alpha_at(int x, int y) const {
  return alpha.empty() ? 255 : alpha[static_cast<size_t>(y) * width + x];
}

void split_alpha(const std::vector<uint8_t>& rgba, decoded_image& out) {
  const size_t count = rgba.size() / 4;
  out.rgb_bytes.resize(count * 3);
  out.alpha.resize(count);
  bool opaque = true;
  for (size_t i = 0; i < count; ++i) {
    std::memcpy(&out.rgb_bytes[i * 3], &rgba[i * 4], 3);
    out.alpha[i] = rgba[i * 4 + 3];
    opaque = opaque && out.alpha[i] == 255;
  }
  if (opaque)
    out.alpha.clear();
}

decoded_image decode_png(const std::string& bytes) {
  decoded_image out;
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    out.error = image.message;
    return out;
  }
  image.format = PNG_FORMAT_RGBA;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  std::vector<uint8_t> rgba(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, rgba.data(), 0, nullptr)) {
    out.error = image.message;
    out.width = out.height = 0;
    return out;
  }
  split_alpha(rgba, out);
  return out;
}

decoded_image decode_jpeg(const std::string& bytes) {
  struct failure {
    jpeg_error_mgr base;
    jmp_buf escape;
  };
  decoded_image out;
  jpeg_decompress_struct cinfo;
  failure jerr;
  cinfo.err = jpeg_std_error(&jerr.base);
  jerr.base.error_exit = [](j_common_ptr c) {
    longjmp(reinterpret_cast<failure*>(c->err)->escape, 1);
  };
  if (setjmp(jerr.escape)) {
    jpeg_destroy_decompress(&cinfo);
    out = decoded_image{};
    out.error = "not a JPEG";
    return out;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()),
               bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  out.width = static_cast<int>(cinfo.output_width);
  out.height = static_cast<int>(cinfo.output_height);
  out.rgb_bytes.resize(static_cast<size_t>(out.width) * out.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    auto* row = out.rgb_bytes.data() +
                static_cast<size_t>(cinfo.output_scanline) * out.width * 3;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return out;
}

decoded_image decode_webp(const std::string& bytes) {
  decoded_image out;
  int w = 0, h = 0;
  auto* data = WebPDecodeRGBA(reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size(), &w, &h);
  if (!data) {
    out.error = "not a WebP image";
    return out;
  }
  out.width = w;
  out.height = h;
  split_alpha({data, data + static_cast<size_t>(w) * h * 4}, out);
  WebPFree(data);
  return out;
}

decoded_image decode_image(const std::string& bytes) {
  if (bytes.size() > 8 && bytes.compare(1, 3, "PNG") == 0)
    return decode_png(bytes);
  if (bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xff &&
      static_cast<unsigned char>(bytes[1]) == 0xd8)
    return decode_jpeg(bytes);
  if (bytes.size() > 12 && bytes.compare(8, 4, "WEBP") == 0)
    return decode_webp(bytes);
  decoded_image out;
  out.error = "unknown image format";
  return out;
}

bool near(rgb a, rgb b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

} // namespace pinhole::test
