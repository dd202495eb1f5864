// Conformance cases for the request's page controls (render_job::page):
// an element's picture, a clip, hidden elements, a style sheet, a script
// and waiting for an element. Pages: tests/fixtures/pages (shop.html has
// the layout these cases read pixels from).

#include <boost/test/unit_test.hpp>

#include "tests/renderer/conformance.hpp"

using namespace pinhole;
using namespace pinhole::conformance;
using pinhole::test::near;
using pinhole::test::rgb;

namespace {

const rgb blue{0x30, 0x50, 0xd0};
const rgb green{0x30, 0xa0, 0x50};
const rgb red{0xd0, 0x30, 0x30};
const rgb dark{0x20, 0x20, 0x20};
const rgb magenta{0xc0, 0x40, 0xc0};
const rgb white{255, 255, 255};

/// shop.html at 1280x800.
render_job shop() {
  return job_for("/pages/shop", 1280, 800);
}

/// The render worked; returns the picture decoded.
test::decoded_image require_picture(const render_outcome& out) {
  BOOST_REQUIRE_MESSAGE(out.error.ok(), to_string(out.error.code)
                                          << ": " << out.error.message);
  return decoded(out.image);
}

} // namespace

BOOST_AUTO_TEST_SUITE(page_controls)

BOOST_AUTO_TEST_CASE(an_element_below_the_fold_is_its_border_box) {
  auto job = shop();
  job.page.selector = "#card";
  auto out = render(job);
  auto picture = require_picture(out);
  // 300x200 plus a 10 px border on each side.
  BOOST_TEST(out.image.width == 320);
  BOOST_TEST(out.image.height == 220);
  BOOST_TEST(near(picture.at(3, 3), red));
  BOOST_TEST(near(picture.at(316, 216), red));
  BOOST_TEST(near(picture.at(160, 110), green));
  if (!near(picture.at(160, 110), green))
    keep_failure(out.image, "selector-card");
}

BOOST_AUTO_TEST_CASE(an_element_taller_than_the_viewport_is_whole) {
  auto job = shop();
  job.page.selector = "#article";
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(out.image.width == 500);
  BOOST_TEST(out.image.height == 1800);
  BOOST_TEST(near(picture.at(250, 5), red));
  BOOST_TEST(near(picture.at(250, 995), red));
  BOOST_TEST(near(picture.at(250, 1005), blue));
  BOOST_TEST(near(picture.at(250, 1795), blue));
  // The consent banner is fixed to the viewport, not part of the article.
  BOOST_TEST(!out.truncated);
}

BOOST_AUTO_TEST_CASE(an_element_picture_at_scale_2_has_device_pixels) {
  auto job = shop();
  job.page.selector = "#card";
  job.device_scale_factor = 2;
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(out.image.width == 640);
  BOOST_TEST(out.image.height == 440);
  BOOST_TEST(near(picture.at(320, 220), green));
  BOOST_TEST(near(picture.at(5, 5), red));
}

BOOST_AUTO_TEST_CASE(a_selector_without_an_element_fails_clearly) {
  for (std::string selector : {"#nothing-here", "#ghost"})
    BOOST_TEST_CONTEXT(selector) {
      auto job = shop();
      job.page.selector = selector;
      auto out = render(job);
      BOOST_TEST(out.error.code == error_code::selector_not_found,
                 to_string(out.error.code) << ": " << out.error.message);
      BOOST_TEST(out.error.message.find(selector) != std::string::npos);
    }
  // A selector the engine refuses (an unknown pseudo-class passes the
  // request parser's shape check).
  auto job = shop();
  job.page.selector = "div:no-such-pseudo-class";
  BOOST_TEST(render(job).error.code == error_code::selector_invalid);
  job = shop();
  job.page.wait_for_selector = "div:no-such-pseudo-class";
  BOOST_TEST(render(job).error.code == error_code::selector_invalid);
}

BOOST_AUTO_TEST_CASE(a_clip_of_the_viewport) {
  auto job = job_for("/quadrants", 640, 480);
  job.page.clip = css_rect{300, 220, 40, 40};
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(out.image.width == 40);
  BOOST_TEST(out.image.height == 40);
  BOOST_TEST(near(picture.at(5, 5), {255, 0, 0}));
  BOOST_TEST(near(picture.at(35, 5), {0, 255, 0}));
  BOOST_TEST(near(picture.at(5, 35), {0, 0, 255}));
  BOOST_TEST(near(picture.at(35, 35), {255, 255, 0}));
}

BOOST_AUTO_TEST_CASE(a_clip_of_the_full_page) {
  auto job = shop();
  job.full_page = true;
  // Across the article's two bands, far below the first screen.
  job.page.clip = css_rect{100, 2150, 200, 100};
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(out.image.width == 200);
  BOOST_TEST(out.image.height == 100);
  BOOST_TEST(near(picture.at(100, 25), red));
  BOOST_TEST(near(picture.at(100, 75), blue));
  // Past the page's end (3000 px): cut there; wholly past it: a failure.
  job.page.clip = css_rect{0, 2900, 100, 500};
  out = render(job);
  require_picture(out);
  BOOST_TEST(out.image.height == 100);
  job.page.clip = css_rect{0, 5000, 100, 100};
  out = render(job);
  BOOST_TEST(out.error.code == error_code::clip_outside_page,
             to_string(out.error.code) << ": " << out.error.message);
}

BOOST_AUTO_TEST_CASE(hidden_elements_leave_their_space_empty) {
  auto job = shop();
  job.page.hide_selectors = {".consent", ".hero"};
  auto picture = require_picture(render(job));
  BOOST_TEST(near(picture.at(640, 760), white)); // the banner's place
  BOOST_TEST(near(picture.at(640, 400), white)); // the hero's
  // Without them the page is as it is, also on the view that just hid
  // them (nothing of one job's controls reaches the next).
  for (auto& out : render_in_parallel(shop(), 2)) {
    auto plain = require_picture(out);
    BOOST_TEST(near(plain.at(640, 760), dark));
    BOOST_TEST(near(plain.at(640, 400), blue));
  }
}

BOOST_AUTO_TEST_CASE(a_style_sheet_overrides_the_page) {
  auto job = shop();
  // Same specificity as the page's rule: the added sheet comes after it.
  job.page.css = ".hero { background: #c040c0; }";
  auto picture = require_picture(render(job));
  BOOST_TEST(near(picture.at(640, 400), magenta));
  for (auto& out : render_in_parallel(shop(), 2))
    BOOST_TEST(near(require_picture(out).at(640, 400), blue));
}

BOOST_AUTO_TEST_CASE(a_script_runs_before_the_picture) {
  auto job = shop();
  job.page.js = "document.querySelector('.hero').style.background = "
                "'rgb(48, 160, 80)';";
  auto out = render(job);
  BOOST_TEST(near(require_picture(out).at(640, 400), green));
  BOOST_TEST(out.script_error.empty(), out.script_error);
}

BOOST_AUTO_TEST_CASE(a_script_that_throws_is_reported_and_the_picture_taken) {
  for (std::string js : {"document.body.style.background = 'red'; nope();",
                         "this is not javascript"})
    BOOST_TEST_CONTEXT(js) {
      auto job = shop();
      job.page.js = js;
      auto out = render(job);
      require_picture(out);
      BOOST_TEST(!out.script_error.empty());
      BOOST_TEST_MESSAGE("scriptError: " << out.script_error);
    }
  auto job = shop();
  job.page.js = "nope();";
  BOOST_TEST(render(job).script_error.find("nope") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(waiting_for_an_element_the_page_adds_late) {
  auto job = shop();
  job.page.wait_for_selector = "#promo";
  auto picture = require_picture(render(job));
  BOOST_TEST(near(picture.at(200, 150), magenta));
  // Also as the element's own picture.
  job.page.selector = "#promo";
  auto out = render(job);
  BOOST_TEST(near(require_picture(out).at(100, 50), magenta));
  BOOST_TEST(out.image.width == 200);
}

BOOST_AUTO_TEST_CASE(an_element_that_never_comes_is_a_selector_timeout) {
  auto job = shop();
  job.page.wait_for_selector = "#ghost"; // there, never visible
  job.timeout_ms = 2000;
  auto out = render(job);
  BOOST_TEST(out.error.code == error_code::selector_timeout,
             to_string(out.error.code) << ": " << out.error.message);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(thumbnails)

BOOST_AUTO_TEST_CASE(the_picture_is_scaled_before_it_is_encoded) {
  auto job = job_for("/quadrants", 640, 480);
  job.scaling = image_scaling{320, 0, image_fit::contain};
  for (auto format : {image_format::png, image_format::webp})
    BOOST_TEST_CONTEXT(to_string(format)) {
      job.format = format;
      auto out = render(job);
      auto picture = require_picture(out);
      BOOST_TEST(out.image.width == 320);
      BOOST_TEST(out.image.height == 240);
      BOOST_TEST(picture.width == 320);
      BOOST_TEST(near(picture.at(80, 60), {255, 0, 0}, 12));
      BOOST_TEST(near(picture.at(240, 180), {255, 255, 0}, 12));
    }
  // cover of a full page: the top of the page, exactly that size.
  job = shop();
  job.full_page = true;
  job.scaling = image_scaling{400, 300, image_fit::cover};
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(out.image.width == 400);
  BOOST_TEST(out.image.height == 300);
  BOOST_TEST(near(picture.at(200, 100), blue, 12)); // the hero
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cookie_banners)

BOOST_AUTO_TEST_CASE(without_blocking_the_consent_dialog_covers_the_page) {
  auto out = render(job_for("/pages/consent", 1280, 800));
  auto picture = require_picture(out);
  BOOST_TEST(near(picture.at(640, 400), red));
}

BOOST_AUTO_TEST_CASE(blocking_hides_the_dialog_and_lifts_the_scroll_lock) {
  auto job = job_for("/pages/consent", 1280, 800);
  job.page.block_cookie_banners = true;
  auto out = render(job);
  auto picture = require_picture(out);
  BOOST_TEST(near(picture.at(640, 400), green));
  BOOST_TEST(near(picture.at(100, 60), blue)); // content named "cookie"
  if (!near(picture.at(640, 400), green))
    keep_failure(out.image, "cookie-banner");
  // The whole page, below the dialog too.
  job.full_page = true;
  auto full = render(job);
  BOOST_REQUIRE_MESSAGE(full.error.ok(), full.error.message);
  BOOST_TEST(full.image.height == 2400);
  BOOST_TEST(near(pixel(full.image, 640, 2000), green));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(omit_background)

// tests/fixtures/pages/transparent.html: no background of its own.
BOOST_AUTO_TEST_CASE(what_the_page_leaves_unpainted_is_transparent) {
  for (auto format : {image_format::png, image_format::webp}) {
    auto job = job_for("/pages/transparent", 400, 200);
    job.page.omit_background = true;
    job.format = format;
    job.quality = 100;
    auto out = render(job);
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    auto picture = decoded(out.image);
    BOOST_REQUIRE(picture.error.empty());
    auto name = to_string(format);
    BOOST_TEST(picture.alpha_at(350, 150) == 0, name);
    BOOST_TEST(picture.alpha_at(50, 50) == 255, name);
    BOOST_TEST(near(picture.at(50, 50), {255, 0, 0}), name);
    // Half transparent blue stays half transparent blue (not blue on
    // white nor on black).
    BOOST_TEST(std::abs(picture.alpha_at(250, 50) - 128) <= 8, name);
    BOOST_TEST(near(picture.at(250, 50), {0, 0, 255}, 12), name);
    if (picture.alpha_at(350, 150) != 0)
      keep_failure(out.image, "omit-background");
  }
}

BOOST_AUTO_TEST_CASE(without_it_the_base_is_white_and_the_next_job_too) {
  auto job = job_for("/pages/transparent", 400, 200);
  job.page.omit_background = true;
  BOOST_REQUIRE(decoded(render(job).image).alpha_at(350, 150) == 0);
  // Both views: whichever took the job above is white again.
  job.page.omit_background = false;
  for (const auto& out : render_in_parallel(job, 2)) {
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    auto picture = decoded(out.image);
    BOOST_TEST(picture.alpha.empty()); // opaque, no alpha channel
    BOOST_TEST(near(picture.at(350, 150), {255, 255, 255}));
    BOOST_TEST(near(picture.at(250, 50), {127, 127, 255}));
  }
}

BOOST_AUTO_TEST_CASE(a_page_with_its_own_background_keeps_it) {
  auto job = job_for("/color/00ff00", 200, 100);
  job.page.omit_background = true;
  auto picture = decoded(render(job).image);
  BOOST_TEST(picture.alpha.empty());
  BOOST_TEST(near(picture.at(100, 50), {0, 255, 0}));
}

BOOST_AUTO_TEST_CASE(full_pages_and_thumbnails_keep_the_transparency) {
  auto job = job_for("/pages/transparent", 400, 200);
  job.page.omit_background = true;
  job.full_page = true;
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  auto picture = decoded(out.image);
  BOOST_TEST(picture.height == 1500);
  BOOST_TEST(picture.alpha_at(60, 1400) == 255);
  BOOST_TEST(near(picture.at(60, 1400), {0, 255, 0}));
  BOOST_TEST(picture.alpha_at(300, 1000) == 0);
  job.full_page = false;
  job.scaling.width = 200; // half size
  auto thumbnail = decoded(render(job).image);
  BOOST_TEST(thumbnail.width == 200);
  BOOST_TEST(thumbnail.alpha_at(25, 25) == 255);
  BOOST_TEST(near(thumbnail.at(25, 25), {255, 0, 0}));
  BOOST_TEST(thumbnail.alpha_at(175, 75) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
