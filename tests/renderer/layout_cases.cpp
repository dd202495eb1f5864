// Conformance cases for pages laid out from the viewport (heroes, sticky
// sidebars, fixed headers and backdrops, script-sized sections, vw units):
// a full page shows the document laid out for the requested viewport, top
// to bottom, as a reader scrolling it sees it; a viewport capture is its
// first screen. Each expectation is what Debian's Chromium shows for the
// same page at 1280x800 (page.screenshot({fullPage})), written down as
// colour bands; the last case takes Chromium's pictures afresh and compares.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/renderer/conformance.hpp"
#include "tests/support/server_process.hpp"

using namespace pinhole;
using namespace pinhole::conformance;
using pinhole::test::decoded_image;
using pinhole::test::near;
using pinhole::test::rgb;

namespace {

constexpr int width = 1280;
constexpr int height = 800;

/// Rows [from, to] of a column are one colour.
struct band {
  int from;
  int to;
  int colour; // 0xRRGGBB
};

/// The bands of the column at x.
struct column {
  int x;
  std::vector<band> bands;
};

/// A fixture page (/layout/NAME) and its full-page picture in Chromium.
struct layout_fixture {
  const char* name;
  int page_height;
  std::vector<column> columns;
};

rgb colour_of(int hex) {
  return {(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff};
}

/// The same bands in every column we look at.
std::vector<column> everywhere(std::vector<band> bands) {
  return {{10, bands}, {150, bands}, {640, bands}, {1200, bands}};
}

const std::vector<layout_fixture>& fixtures() {
  static const std::vector<layout_fixture> all = {
    {"hero", 2300, everywhere({{0, 799, 0xd03030}, {800, 2299, 0x3050d0}})},
    {"footer-short", 800,
     everywhere(
       {{0, 299, 0x30a050}, {300, 699, 0xffffff}, {700, 799, 0x404040}})},
    {"footer-long", 2100,
     everywhere({{0, 1999, 0x30a050}, {2000, 2099, 0x404040}})},
    {"sticky-sidebar",
     3000,
     {{10, {{0, 799, 0xff8000}, {800, 2999, 0xffffff}}},
      {150, {{0, 799, 0xc040c0}, {800, 2999, 0xffffff}}},
      {640, {{0, 2999, 0x20b0b0}}},
      {1200, {{0, 2999, 0x20b0b0}}}}},
    {"fixed-header", 4080,
     everywhere({{0, 79, 0x202020},
                 {80, 1079, 0x3050d0},
                 {1080, 2079, 0x30a050},
                 {2080, 3079, 0x3050d0},
                 {3080, 4079, 0x30a050}})},
    {"fixed-background", 3000,
     everywhere({{0, 499, 0xf0f0f0},
                 {500, 799, 0x208020},
                 {800, 999, 0xffffff},
                 {1000, 1499, 0xf0f0f0},
                 {1500, 1999, 0xffffff},
                 {2000, 2499, 0xf0f0f0},
                 {2500, 2999, 0xffffff}})},
    {"consent-dialog",
     3000,
     {{10,
       {{0, 999, 0x3050d0}, {1000, 1999, 0x30a050}, {2000, 2999, 0x3050d0}}},
      {640,
       {{0, 299, 0x3050d0},
        {300, 499, 0xf0c000},
        {500, 999, 0x3050d0},
        {1000, 1999, 0x30a050},
        {2000, 2999, 0x3050d0}}}}},
    {"inner-height", 2400,
     everywhere(
       {{0, 799, 0xd03030}, {800, 1599, 0x30a050}, {1600, 2399, 0x3050d0}})},
    {"resize", 2400,
     everywhere(
       {{0, 799, 0xd03030}, {800, 1599, 0x30a050}, {1600, 2399, 0x3050d0}})},
    {"vw",
     1820,
     {{10, {{0, 319, 0xd03030}, {320, 1819, 0x3050d0}}},
      {150, {{0, 319, 0xd03030}, {320, 1819, 0x3050d0}}},
      {640, {{0, 319, 0xffffff}, {320, 1819, 0x3050d0}}},
      {1200, {{0, 1819, 0xffffff}}}}},
  };
  return all;
}

const layout_fixture& fixture(const std::string& name) {
  for (const auto& f : fixtures())
    if (name == f.name)
      return f;
  throw std::logic_error("no layout fixture " + name);
}

/// Renders /layout/NAME at 1280x800; a picture that fails a check below is
/// written to layout-NAME[-full]-failure.png (in the working directory).
encoded_image render_layout(const std::string& name, bool full_page) {
  auto job = job_for("/layout/" + name, width, height);
  job.full_page = full_page;
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), to_string(out.error.code)
                                          << ": " << out.error.message);
  BOOST_REQUIRE_EQUAL(out.http_status, 200);
  return std::move(out.image);
}

/// Every row of every band (cut at `rows`) has the band's colour; false
/// (with the differences reported) when not.
bool expect_bands(const decoded_image& image, const layout_fixture& f,
                  int rows) {
  BOOST_TEST(image.width == width);
  BOOST_TEST(image.height == rows);
  if (image.width != width || image.height != rows)
    return false;
  bool all_right = true;
  for (const auto& c : f.columns)
    for (const auto& b : c.bands) {
      int wrong = 0;
      int first_wrong = -1;
      rgb seen;
      for (int y = b.from; y <= std::min(b.to, rows - 1); ++y)
        if (!near(image.at(c.x, y), colour_of(b.colour), 2) && wrong++ == 0) {
          first_wrong = y;
          seen = image.at(c.x, y);
        }
      BOOST_TEST(wrong == 0, f.name << " x=" << c.x << " rows " << b.from << "-"
                                    << b.to << " should be #" << std::hex
                                    << b.colour << std::dec << ": " << wrong
                                    << " rows differ, first at " << first_wrong
                                    << " (" << seen.r << ", " << seen.g << ", "
                                    << seen.b << ")");
      all_right = all_right && wrong == 0;
    }
  return all_right;
}

/// The full page has the fixture's bands, the viewport capture is its
/// first screen.
void check_layout_fixture(const std::string& name) {
  const auto& f = fixture(name);
  for (bool full_page : {true, false}) {
    BOOST_TEST_CONTEXT((full_page ? "full page" : "viewport")) {
      auto image = render_layout(name, full_page);
      if (!expect_bands(decoded(image), f, full_page ? f.page_height : height))
        keep_failure(image, "layout-" + name + (full_page ? "-full" : ""));
    }
  }
}

/// Where a column of `reference` changes colour within `margin` rows of y
/// (anti-aliased edges may fall a row either way).
bool near_an_edge(const decoded_image& reference, int x, int y, int margin) {
  auto here = reference.at(x, y);
  for (int d = -margin; d <= margin; ++d) {
    int other = y + d;
    if (other >= 0 && other < reference.height &&
        !near(reference.at(x, other), here, 8))
      return true;
  }
  return false;
}

/// Same size (height within 2 px) and the same colours down each column,
/// but for rows next to a colour edge of Chromium's picture; false (with
/// the differences reported) when not.
bool expect_like(const decoded_image& ours, const decoded_image& chromium) {
  BOOST_TEST(ours.width == chromium.width);
  BOOST_TEST(std::abs(ours.height - chromium.height) <= 2,
             "height " << ours.height << ", Chromium's " << chromium.height);
  if (ours.width != chromium.width)
    return false;
  bool all_right = std::abs(ours.height - chromium.height) <= 2;
  int rows = std::min(ours.height, chromium.height);
  for (int x : {10, 150, 640, 1200}) {
    int wrong = 0;
    int first_wrong = -1;
    rgb seen;
    for (int y = 0; y < rows; ++y)
      if (!near(ours.at(x, y), chromium.at(x, y), 8) &&
          !near_an_edge(chromium, x, y, 2) && wrong++ == 0) {
        first_wrong = y;
        seen = ours.at(x, y);
      }
    BOOST_TEST(wrong == 0, "x=" << x << ": " << wrong
                                << " rows differ from Chromium's, first at "
                                << first_wrong << " (" << seen.r << ", "
                                << seen.g << ", " << seen.b << ")");
    all_right = all_right && wrong == 0;
  }
  return all_right;
}

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string{"'\\''"} : std::string{c};
  return out + "'";
}

} // namespace

BOOST_AUTO_TEST_SUITE(viewport_layouts)

BOOST_AUTO_TEST_CASE(a_hero_one_viewport_tall_stays_one_viewport_tall) {
  check_layout_fixture("hero");
}

BOOST_AUTO_TEST_CASE(a_footer_pushed_down_a_short_page_ends_the_viewport) {
  check_layout_fixture("footer-short");
}

BOOST_AUTO_TEST_CASE(a_footer_pushed_down_a_long_page_follows_its_content) {
  check_layout_fixture("footer-long");
}

BOOST_AUTO_TEST_CASE(a_sticky_sidebar_is_no_taller_than_the_viewport) {
  check_layout_fixture("sticky-sidebar");
}

BOOST_AUTO_TEST_CASE(a_fixed_header_appears_once_at_the_top) {
  check_layout_fixture("fixed-header");
}

BOOST_AUTO_TEST_CASE(a_fixed_backdrop_covers_the_first_screen_only) {
  check_layout_fixture("fixed-background");
}

BOOST_AUTO_TEST_CASE(a_centred_consent_dialog_stays_on_the_first_screen) {
  // Nothing on this page says "viewport height" at sight (no vh unit, no
  // box as tall as the viewport): only the layout check after the grow
  // finds that the dialog moved.
  check_layout_fixture("consent-dialog");
}

BOOST_AUTO_TEST_CASE(sections_sized_from_inner_height_keep_that_size) {
  check_layout_fixture("inner-height");
}

BOOST_AUTO_TEST_CASE(a_page_that_resizes_itself_keeps_the_viewport_size) {
  check_layout_fixture("resize");
}

BOOST_AUTO_TEST_CASE(vw_units_are_unchanged) {
  check_layout_fixture("vw");
}

BOOST_AUTO_TEST_CASE(every_layout_fixture_looks_as_in_chromium) {
  // Chromium's pictures of every fixture (full page and first screen),
  // taken now by tests/browser/chromium_reference.mjs.
  auto dir = test::make_temp_dir("chromium-layouts");
  std::string shots = "[";
  for (const auto& f : fixtures())
    for (bool full : {true, false}) {
      if (shots.size() > 1)
        shots += ",";
      shots +=
        "{\"url\":\"" +
        environment::current->pages.url(std::string{"/layout/"} + f.name) +
        "\",\"fullPage\":" + (full ? "true" : "false") + ",\"out\":\"" + dir +
        "/" + f.name + (full ? "-full" : "") + ".png\"}";
    }
  shots += "]";
  std::ofstream{dir + "/shots.json"} << shots;
  auto command = "node " +
                 shell_quoted(std::string{PINHOLE_SOURCE_DIR} +
                              "/tests/browser/chromium_reference.mjs") +
                 " " + std::to_string(width) + " " + std::to_string(height) +
                 " < " + shell_quoted(dir + "/shots.json");
  BOOST_REQUIRE_MESSAGE(
    std::system(command.c_str()) == 0,
    "Chromium could not take the reference pictures: " << command);
  for (const auto& f : fixtures())
    for (bool full : {true, false}) {
      std::string name = f.name;
      auto reference = test::decode_png(
        read_file(dir + "/" + name + (full ? "-full" : "") + ".png"));
      BOOST_REQUIRE_MESSAGE(reference.error.empty(), reference.error);
      BOOST_TEST_CONTEXT(name << (full ? " full page" : " viewport")) {
        auto image = render_layout(name, full);
        if (!expect_like(decoded(image), reference))
          keep_failure(image, "layout-" + name + (full ? "-full" : ""));
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()
