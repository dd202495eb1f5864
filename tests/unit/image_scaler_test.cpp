// Thumbnails (plugins/common/imaging/image_scaler.hpp): the sizes each fit
// gives, and pixels a good filter gives (no aliasing, colours kept, the
// page's top kept by cover).
#define BOOST_TEST_MODULE image_scaler
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdlib>
#include <functional>

#include "plugins/common/imaging/image_scaler.hpp"

using namespace pinhole;

namespace {

/// An opaque `width` x `height` picture; `colour(x, y)` gives B, G, R.
bgra_image
picture(int width, int height,
        const std::function<std::array<uint8_t, 3>(int, int)>& colour) {
  bgra_image image{
    width, height,
    std::vector<uint8_t>(static_cast<size_t>(width) * height * 4)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      auto* p = &image.pixels[(static_cast<size_t>(y) * width + x) * 4];
      auto c = colour(x, y);
      p[0] = c[0];
      p[1] = c[1];
      p[2] = c[2];
      p[3] = 255;
    }
  return image;
}

/// B, G, R of one pixel.
std::array<int, 3> at(const bgra_image& image, int x, int y) {
  const auto* p = &image.pixels[(static_cast<size_t>(y) * image.width + x) * 4];
  return {p[0], p[1], p[2]};
}

bool near(std::array<int, 3> a, std::array<int, 3> b, int tolerance = 6) {
  for (int i = 0; i < 3; ++i)
    if (std::abs(a[i] - b[i]) > tolerance)
      return false;
  return true;
}

image_scaling target(int width, int height,
                     image_fit fit = image_fit::contain) {
  return image_scaling{width, height, fit};
}

} // namespace

BOOST_AUTO_TEST_CASE(sizes_for_each_fit) {
  auto size = size_for(1280, 800, target(400, 0));
  BOOST_TEST(size.width == 400);
  BOOST_TEST(size.height == 250);
  size = size_for(1280, 800, target(0, 100));
  BOOST_TEST(size.width == 160);
  BOOST_TEST(size.height == 100);
  // A tall full page into 400 x 300: contain keeps it whole (narrow),
  // cover keeps the top, fill stretches.
  size = size_for(1280, 8000, target(400, 300, image_fit::contain));
  BOOST_TEST(size.width == 48);
  BOOST_TEST(size.height == 300);
  size = size_for(1280, 8000, target(400, 300, image_fit::cover));
  BOOST_TEST(size.width == 400);
  BOOST_TEST(size.height == 300);
  BOOST_TEST(size.scaled_width == 400);
  BOOST_TEST(size.scaled_height == 2500);
  size = size_for(1280, 8000, target(400, 300, image_fit::fill));
  BOOST_TEST(size.width == 400);
  BOOST_TEST(size.height == 300);
  // Never 0 on a side.
  size = size_for(4000, 10, target(100, 0));
  BOOST_TEST(size.height == 1);
}

BOOST_AUTO_TEST_CASE(a_shrunk_picture_keeps_its_colours_where_they_are) {
  // Left half red, right half blue.
  auto image = picture(1280, 800, [](int x, int) {
    return x < 640 ? std::array<uint8_t, 3>{0, 0, 200}
                   : std::array<uint8_t, 3>{200, 0, 0};
  });
  auto small = scale_image(image, target(400, 0));
  BOOST_REQUIRE(small.width == 400);
  BOOST_REQUIRE(small.height == 250);
  BOOST_TEST(small.pixels.size() == 400u * 250 * 4);
  BOOST_TEST(near(at(small, 100, 125), {0, 0, 200}));
  BOOST_TEST(near(at(small, 300, 125), {200, 0, 0}));
  // The image's edges are its own colours (no dark border from sampling
  // outside it).
  BOOST_TEST(near(at(small, 0, 0), {0, 0, 200}));
  BOOST_TEST(near(at(small, 399, 249), {200, 0, 0}));
}

BOOST_AUTO_TEST_CASE(fine_detail_is_averaged_not_aliased) {
  // One-pixel black and white stripes: shrunk to a quarter, every pixel
  // covers two of each and is mid grey with a real filter; point sampling
  // would give black or white.
  auto stripes = picture(900, 90, [](int x, int) {
    uint8_t v = x % 2 ? 255 : 0;
    return std::array<uint8_t, 3>{v, v, v};
  });
  auto small = scale_image(stripes, target(225, 0));
  for (int x = 10; x < 215; x += 7) {
    auto grey = at(small, x, 15)[0];
    BOOST_TEST(grey > 100);
    BOOST_TEST(grey < 155);
  }
}

BOOST_AUTO_TEST_CASE(cover_keeps_the_top_and_the_middle) {
  // 1000 x 3000: a 100 px green band on top, a 200 px wide red column in
  // the middle, white elsewhere. Covered into 200 x 200 (scale 0.2: 200 x
  // 600, the top 200 rows kept).
  auto page = picture(1000, 3000, [](int x, int y) {
    if (y < 100)
      return std::array<uint8_t, 3>{0, 200, 0};
    if (x >= 400 && x < 600)
      return std::array<uint8_t, 3>{0, 0, 200};
    return std::array<uint8_t, 3>{255, 255, 255};
  });
  auto thumb = scale_image(page, target(200, 200, image_fit::cover));
  BOOST_REQUIRE(thumb.width == 200);
  BOOST_REQUIRE(thumb.height == 200);
  BOOST_TEST(near(at(thumb, 100, 5), {0, 200, 0}));
  BOOST_TEST(near(at(thumb, 100, 150), {0, 0, 200}));
  BOOST_TEST(near(at(thumb, 20, 150), {255, 255, 255}));
  // Cover of a wide picture cuts its sides evenly: the red column of a
  // 3000 x 1000 page with it in the middle stays in the middle.
  auto wide = picture(3000, 1000, [](int x, int) {
    return x >= 1400 && x < 1600 ? std::array<uint8_t, 3>{0, 0, 200}
                                 : std::array<uint8_t, 3>{255, 255, 255};
  });
  thumb = scale_image(wide, target(100, 100, image_fit::cover));
  BOOST_TEST(near(at(thumb, 50, 50), {0, 0, 200}));
  BOOST_TEST(near(at(thumb, 10, 50), {255, 255, 255}));
  BOOST_TEST(near(at(thumb, 90, 50), {255, 255, 255}));
}

BOOST_AUTO_TEST_CASE(a_grown_picture_is_smooth) {
  auto tiny = picture(2, 1, [](int x, int) {
    return x == 0 ? std::array<uint8_t, 3>{0, 0, 0}
                  : std::array<uint8_t, 3>{255, 255, 255};
  });
  auto big = scale_image(tiny, target(100, 50, image_fit::fill));
  BOOST_REQUIRE(big.width == 100);
  BOOST_TEST(at(big, 2, 25)[0] < 30);
  BOOST_TEST(at(big, 97, 25)[0] > 225);
  auto middle = at(big, 50, 25)[0];
  BOOST_TEST(middle > 60);
  BOOST_TEST(middle < 195);
}
