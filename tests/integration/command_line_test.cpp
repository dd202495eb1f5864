// The command line through the real binary: `pinhole capture` (the same
// renderer plugin and the same field checks as the API) and start-up
// refusals of `pinhole serve`.

#define BOOST_TEST_MODULE command_line
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <tuple>

#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"
#include "tests/support/server_process.hpp"

using namespace pinhole::test;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, {}};
}

} // namespace

BOOST_AUTO_TEST_CASE(capture_writes_the_picture_of_a_page) {
  fixture_server pages;
  auto out = make_temp_dir("cli-capture") + "/red.png";
  auto [code, printed] =
    run_pinhole({"capture", pages.url("/color/ff0000"), "-o", out, "--width",
                 "64", "--height", "48", "--renderer.wpe.views", "1"});
  BOOST_TEST_REQUIRE(code == 0, printed);
  auto image = decode_image(read_file(out));
  BOOST_TEST(image.width == 64);
  BOOST_TEST(image.height == 48);
  BOOST_TEST(near(image.at(32, 24), {255, 0, 0}));
}

BOOST_AUTO_TEST_CASE(capture_takes_the_page_controls_and_thumbnails) {
  fixture_server pages;
  auto out = make_temp_dir("cli-controls") + "/card.png";
  auto [code, printed] = run_pinhole(
    {"capture", pages.url("/pages/shop"), "-o", out, "--selector", "#card",
     "--hide", ".consent", "--css", "#card { background: #0000ff; }", "--js",
     "nope();", "--image-width", "160", "--renderer.wpe.views", "1"});
  BOOST_TEST_REQUIRE(code == 0, printed);
  BOOST_TEST(contains(printed, "--js threw"), printed);
  auto image = decode_image(read_file(out));
  BOOST_TEST(image.width == 160); // the 320x220 card, halved
  BOOST_TEST(image.height == 110);
  BOOST_TEST(near(image.at(80, 55), {0, 0, 255}));
  auto clipped = make_temp_dir("cli-clip") + "/clip.png";
  std::tie(code, printed) =
    run_pinhole({"capture", pages.url("/quadrants"), "-o", clipped, "--width",
                 "640", "--height", "480", "--clip", "320,0,320,240",
                 "--renderer.wpe.views", "1"});
  BOOST_TEST_REQUIRE(code == 0, printed);
  image = decode_image(read_file(clipped));
  BOOST_TEST(image.width == 320);
  BOOST_TEST(near(image.at(160, 120), {0, 255, 0}));
}

BOOST_AUTO_TEST_CASE(capture_takes_headers_cookies_a_login_and_blocking) {
  fixture_server pages;
  auto dir = make_temp_dir("cli-secrets");
  struct row {
    std::string path;
    std::vector<std::string> flags;
    rgb expected; // at (150, 120)
  };
  const rgb green{0, 255, 0};
  std::vector<row> rows{
    {"/gate", {"-H", "X-Gate: open"}, green},
    {"/cookie/show",
     {"--cookie", "flavour=oat", "--cookie", "hidden=yes"},
     green},
    {"/auth", {"--user", "u:p"}, green},
    // the page's own green where the consent dialog was
    {"/pages/consent", {"--block-cookie-banners"}, {48, 160, 80}},
  };
  for (const auto& r : rows) {
    auto out = dir + "/secret.png";
    std::vector<std::string> args{"capture",
                                  pages.url(r.path),
                                  "-o",
                                  out,
                                  "--width",
                                  "200",
                                  "--height",
                                  "150",
                                  "--renderer.wpe.views",
                                  "1"};
    args.insert(args.end(), r.flags.begin(), r.flags.end());
    auto [code, printed] = run_pinhole(args);
    BOOST_TEST_REQUIRE(code == 0, printed);
    BOOST_TEST(near(decode_image(read_file(out)).at(150, 120), r.expected),
               r.path);
  }
}

BOOST_AUTO_TEST_CASE(capture_blocks_ads_and_trackers_and_says_how_many) {
  // The ad page of tests/support/fixture_ad_routes.hpp, its ads on another
  // port; without a storage dir the lists are compiled on first use.
  fixture_server pages;
  fixture_server ad_server;
  auto out = make_temp_dir("cli-blocking") + "/ads.png";
  auto [code, printed] =
    run_pinhole({"capture", pages.url("/ads?base=" + ad_server.url("")), "-o",
                 out, "--width", "1280", "--height", "400", "--block-ads",
                 "--block-trackers", "--renderer.wpe.views", "1"});
  BOOST_TEST_REQUIRE(code == 0, printed);
  BOOST_TEST(contains(printed, "blocked 4 requests"), printed);
  auto image = decode_image(read_file(out));
  for (int x = 100; x < 1000; x += 200)
    BOOST_TEST(near(image.at(x, 100), {0, 255, 0}), "column at " << x);
  BOOST_TEST(ad_server.hits("/ads/banners/top.svg") == 0);
}

BOOST_AUTO_TEST_CASE(capture_omits_the_background) {
  fixture_server pages;
  auto out = make_temp_dir("cli-transparent") + "/page.png";
  auto [code, printed] = run_pinhole(
    {"capture", pages.url("/pages/transparent"), "-o", out, "--width", "400",
     "--height", "200", "--omit-background", "--renderer.wpe.views", "1"});
  BOOST_TEST_REQUIRE(code == 0, printed);
  auto image = decode_image(read_file(out));
  BOOST_TEST(image.alpha_at(350, 150) == 0);
  BOOST_TEST(image.alpha_at(50, 50) == 255);
  std::tie(code, printed) =
    run_pinhole({"capture", pages.url("/pages/transparent"), "-o", out,
                 "--format", "jpeg", "--omit-background"});
  BOOST_TEST(code != 0);
  BOOST_TEST(contains(printed, "omitBackground needs format png or webp"),
             printed);
}

BOOST_AUTO_TEST_CASE(capture_flags_are_checked_like_the_api_fields) {
  struct row {
    std::vector<std::string> flags;
    const char* must_mention;
  };
  std::vector<row> rows{
    {{"--quality", "0"}, "quality must be between 1 and 100"},
    {{"--width", "0"}, "viewportWidth must be between 1 and 3840"},
    {{"--scale", "9"}, "deviceScaleFactor"},
    {{"--format", "gif"}, "format"},
    {{"--timeout", "10"}, "timeout"},
    {{"--renderer.plugin", "chromium"},
     "renderer.plugin 'chromium' is unknown (available: wpe)"},
    {{"--renderer.wpe.views", "0"}, "renderer.wpe.views"},
    {{"--selector", "div["}, "selector is not a valid CSS selector"},
    {{"--clip", "1,2,3"}, "--clip must be X,Y,WIDTH,HEIGHT"},
    {{"--clip", "1,2x,3,4,5,6"}, "--clip must be X,Y,WIDTH,HEIGHT"},
    {{"--clip", "0,0,10,10", "--selector", "#a"}, "selector and clip"},
    {{"--fit", "cover", "--image-width", "10"}, "fit needs both"},
    {{"-H", "X-Gate open"}, "--header must be 'Name: value'"},
    {{"-H", "Host: b.example"}, "headers.Host cannot be set"},
    {{"--cookie", "flavour"}, "--cookie must be 'name=value'"},
    {{"--user", "alice"}, "--user must be 'username:password'"},
  };
  for (const auto& r : rows) {
    std::vector<std::string> args{"capture", "http://127.0.0.1:9/", "-o",
                                  "/dev/null"};
    args.insert(args.end(), r.flags.begin(), r.flags.end());
    auto [code, printed] = run_pinhole(args);
    BOOST_TEST(code == 2, r.flags[0]);
    BOOST_TEST(contains(printed, r.must_mention), printed);
  }
  auto [code, printed] =
    run_pinhole({"capture", "ftp://x/", "-o", "/dev/null"});
  BOOST_TEST(code == 2);
  BOOST_TEST(contains(printed, "url must use http or https"), printed);
}

BOOST_AUTO_TEST_CASE(serve_refuses_unknown_plugins_naming_the_key) {
  auto dir = make_temp_dir("cli-plugins");
  struct row {
    const char* key;
    const char* available;
  };
  for (auto r : {row{"renderer", "wpe"}, row{"store", "sqlite"},
                 row{"webhook", "http"}, row{"retention", "ttl, quota"}}) {
    auto key = std::string{r.key} + ".plugin";
    auto [code, printed] =
      run_pinhole({"serve", "--storage.dir", dir, "--" + key, "nope"});
    BOOST_TEST(code == 2, key);
    BOOST_TEST(contains(printed, key + " 'nope' is unknown (available: " +
                                   r.available + ")"),
               printed);
  }
}
