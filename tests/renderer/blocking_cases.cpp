// Conformance cases for blockAds and blockTrackers: WebKit content filters
// compiled from Debian's EasyList and EasyPrivacy, on the fixture page
// "/ads" whose ads and trackers come from another loopback port
// (tests/support/fixture_ad_routes.hpp has its columns).

#include <boost/test/unit_test.hpp>

#include "tests/renderer/conformance.hpp"

using namespace pinhole;
using namespace pinhole::conformance;
using pinhole::test::near;
using pinhole::test::rgb;

namespace {

const rgb green{0, 255, 0};
const rgb red{255, 0, 0};
const rgb blue{0, 0, 255};

/// The ad page with its ads and trackers on the shared fixture server
/// (another port than the page's).
render_job ad_page_job(bool block_ads, bool block_trackers) {
  auto job = job_for("/ads?base=" + test::shared_pages().url(""), 1280, 400);
  job.page.block_ads = block_ads;
  job.page.block_trackers = block_trackers;
  return job;
}

/// The colour of each column of the ad page (x = 100, 300, ... 1100).
std::vector<rgb> columns(const render_outcome& out) {
  std::vector<rgb> colours;
  for (int x = 100; x < 1200; x += 200)
    colours.push_back(pixel(out.image, x, 100));
  return colours;
}

/// Checks the columns against `expected` (true: red, an ad or tracker that
/// loaded), the last column always the page's own blue content.
void expect_columns(const render_outcome& out, std::vector<bool> loaded,
                    const std::string& name) {
  auto colours = columns(out);
  bool all = true;
  for (size_t i = 0; i < loaded.size(); ++i) {
    bool ok = near(colours[i], loaded[i] ? red : green);
    BOOST_TEST(ok, "column " << i << " of " << name);
    all = all && ok;
  }
  bool content = near(colours.back(), blue);
  BOOST_TEST(content, "the page's own content of " << name);
  if (!all || !content)
    keep_failure(out.image, name);
}

} // namespace

BOOST_AUTO_TEST_SUITE(blocking)

BOOST_AUTO_TEST_CASE(without_blocking_every_ad_and_tracker_shows) {
  auto out = render(ad_page_job(false, false));
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  expect_columns(out, {true, true, true, true, true}, "ads-unblocked");
  BOOST_TEST(out.blocked_requests == 0);
}

BOOST_AUTO_TEST_CASE(block_ads_stops_ad_requests_and_hides_ad_containers) {
  auto& ad_server = test::shared_pages();
  int banner_hits = ad_server.hits("/ads/banners/top.svg");
  auto out = render(ad_page_job(true, false));
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  expect_columns(out, {false, false, false, true, true}, "ads-blocked");
  // The banner image and the ad script; hiding is not a request.
  BOOST_TEST(out.blocked_requests == 2);
  BOOST_TEST(ad_server.hits("/ads/banners/top.svg") == banner_hits);
}

BOOST_AUTO_TEST_CASE(block_trackers_stops_tracker_requests) {
  auto out = render(ad_page_job(false, true));
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  expect_columns(out, {true, true, true, false, false}, "trackers-blocked");
  BOOST_TEST(out.blocked_requests == 2);
}

BOOST_AUTO_TEST_CASE(both_block_everything_and_the_next_jobs_block_nothing) {
  auto both = render(ad_page_job(true, true));
  BOOST_REQUIRE_MESSAGE(both.error.ok(), both.error.message);
  expect_columns(both, {false, false, false, false, false}, "all-blocked");
  BOOST_TEST(both.blocked_requests == 4);
  // The filters belong to the job: on both views, the next jobs without
  // blocking see every ad again.
  for (const auto& out : render_in_parallel(ad_page_job(false, false), 2)) {
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    expect_columns(out, {true, true, true, true, true}, "after-blocking");
    BOOST_TEST(out.blocked_requests == 0);
  }
}

BOOST_AUTO_TEST_CASE(the_page_asked_for_is_never_blocked_by_its_own_url) {
  // EasyList lists "/ads/acctid=" for every request type, documents too.
  auto job = job_for("/color/0000ff?ref=/ads/acctid=1");
  job.page.block_ads = true;
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(near(pixel(out.image, 200, 150), blue));
}

BOOST_AUTO_TEST_SUITE_END()
