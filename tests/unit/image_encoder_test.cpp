// The image encoders (plugins/common/imaging/image_encoder.hpp): exact PNGs
// whatever filter each row gets, and files that stay small for flat pages and
// photos alike.
#define BOOST_TEST_MODULE image_encoder
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "plugins/common/imaging/image_encoder.hpp"
#include "tests/support/image_reader.hpp"

using namespace pinhole;

namespace {

/// 256 x 256: the top half flat bands with a few "text" pixels (rows of
/// runs), the bottom half a smooth two-way gradient (no runs at all).
bgra_image flat_over_gradient() {
  bgra_image image{256, 256, std::vector<uint8_t>(256 * 256 * 4)};
  for (int y = 0; y < 256; ++y)
    for (int x = 0; x < 256; ++x) {
      auto* p = &image.pixels[(static_cast<size_t>(y) * 256 + x) * 4];
      if (y < 128) {
        bool ink = (x % 37 == 0) && (y % 5 != 0);
        uint8_t v = ink ? 20 : static_cast<uint8_t>(200 + y / 16);
        p[0] = p[1] = p[2] = v;
      } else {
        p[0] = static_cast<uint8_t>(x);
        p[1] = static_cast<uint8_t>((x + y) / 2);
        p[2] = static_cast<uint8_t>(128 + 100 * std::sin((x * y) / 900.0));
      }
      p[3] = 255;
    }
  return image;
}

std::string encode_png(const bgra_image& image) {
  std::string error;
  auto bytes = encode_image(image, image_format::png, 80, error);
  BOOST_REQUIRE_MESSAGE(error.empty(), error);
  return {bytes.begin(), bytes.end()};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_png_holds_exactly_the_pixels_whatever_each_row_gets) {
  auto image = flat_over_gradient();
  auto decoded = test::decode_png(encode_png(image));
  BOOST_REQUIRE_MESSAGE(decoded.error.empty(), decoded.error);
  BOOST_REQUIRE_EQUAL(decoded.width, 256);
  BOOST_REQUIRE_EQUAL(decoded.height, 256);
  size_t wrong = 0;
  for (size_t i = 0; i < 256 * 256; ++i)
    for (int c = 0; c < 3; ++c) // B,G,R in, R,G,B out
      wrong += decoded.rgb_bytes[i * 3 + c] != image.pixels[i * 4 + 2 - c];
  BOOST_TEST(wrong == 0u);
}

BOOST_AUTO_TEST_CASE(rows_of_runs_are_stored_unfiltered_the_others_with_sub) {
  auto image = flat_over_gradient();
  auto row = [&](int y) {
    return &image.pixels[static_cast<size_t>(y) * 256 * 4];
  };
  for (int y : {0, 5, 7, 64, 127})
    BOOST_TEST((png_filter_for_row(row(y), 256) == png_row_filter::none),
               "row " << y);
  for (int y : {128, 200, 255})
    BOOST_TEST((png_filter_for_row(row(y), 256) == png_row_filter::sub),
               "row " << y);
  // One pixel: no runs. Eight in pairs (0 0 2 2 4 4 6 6): 4 of 8 repeat
  // their left neighbour, half the row: none; one pair fewer: SUB.
  BOOST_TEST((png_filter_for_row(row(0), 1) == png_row_filter::sub));
  std::vector<uint8_t> pairs(8 * 4, 255);
  for (int x = 0; x < 8; ++x)
    pairs[x * 4] = static_cast<uint8_t>(x - x % 2);
  BOOST_TEST((png_filter_for_row(pairs.data(), 8) == png_row_filter::none));
  pairs[7 * 4] = 99;
  BOOST_TEST((png_filter_for_row(pairs.data(), 8) == png_row_filter::sub));
}

BOOST_AUTO_TEST_CASE(flat_pages_and_gradients_both_compress_well) {
  // Either filter alone blows one half up (none for every row: 3x larger
  // on gradients; SUB for every row: larger on flat pages).
  auto image = flat_over_gradient();
  auto raw = static_cast<size_t>(256 * 256 * 3);
  BOOST_TEST(encode_png(image).size() < raw / 4);
}
