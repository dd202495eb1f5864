// Conformance cases for what a job gives the page to be let in
// (render_job::secrets): request headers, cookies, HTTP authentication;
// and that none of it reaches the next job on the same views.

#include <boost/test/unit_test.hpp>

#include "tests/renderer/conformance.hpp"

using namespace pinhole;
using namespace pinhole::conformance;
using pinhole::test::near;
using pinhole::test::rgb;

namespace {

const rgb green{0, 255, 0};
const rgb red{255, 0, 0};

test::fixture_server& pages() {
  return environment::current->pages;
}

/// Every view of the renderer (two) takes one job like `job`: whatever
/// view the previous case used is among them.
std::vector<render_outcome> on_every_view(const render_job& job) {
  return render_in_parallel(job, 2);
}

page_cookie cookie(const std::string& name, const std::string& value) {
  page_cookie c;
  c.name = name;
  c.value = value;
  return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(page_secrets)

BOOST_AUTO_TEST_CASE(headers_reach_the_page_and_its_own_origin_only) {
  // The image comes from another origin (another port).
  auto& other = test::shared_pages();
  auto job = job_for("/gate?third=" + other.url(""));
  job.secrets.headers = {{"X-Gate", "open"}};
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(near(pixel(out.image, 300, 200), green)); // the document
  BOOST_TEST(near(pixel(out.image, 50, 50), green));   // its style sheet
  BOOST_TEST(pages().gate_header("/gate.css") == "open");
  BOOST_TEST(other.requested_paths().count("/swatch.svg") == 1u);
  BOOST_TEST(other.gate_header("/swatch.svg") == "");
  if (!near(pixel(out.image, 50, 50), green))
    keep_failure(out.image, "headers");
}

BOOST_AUTO_TEST_CASE(the_next_jobs_on_the_views_get_no_headers) {
  auto job = job_for("/gate");
  job.secrets.headers = {{"X-Gate", "open"}};
  BOOST_REQUIRE(near(pixel(render(job).image, 300, 200), green));
  job.secrets.headers.clear();
  for (const auto& out : on_every_view(job)) {
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    BOOST_TEST(near(pixel(out.image, 300, 200), red));
    BOOST_TEST(near(pixel(out.image, 50, 50), red));
  }
  BOOST_TEST(pages().gate_header("/gate.css") == "");
}

BOOST_AUTO_TEST_CASE(cookies_are_sent_and_http_only_ones_hidden_from_scripts) {
  auto job = job_for("/cookie/show");
  auto hidden = cookie("hidden", "yes");
  hidden.http_only = true;
  hidden.same_site = "Lax";
  auto flavour = cookie("flavour", "oat");
  flavour.expires = 4102444800; // 2100: a persistent cookie
  job.secrets.cookies = {flavour, hidden};
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(near(pixel(out.image, 300, 200), green)); // the server saw both
  BOOST_TEST(near(pixel(out.image, 50, 50), green));   // the script one
  // Cookies of another path are not sent to this one.
  auto elsewhere = cookie("flavour", "oat");
  elsewhere.path = "/somewhere-else";
  job.secrets.cookies = {elsewhere};
  BOOST_TEST(near(pixel(render(job).image, 300, 200), red));
}

BOOST_AUTO_TEST_CASE(the_next_jobs_on_the_views_get_no_cookies) {
  auto job = job_for("/cookie/show");
  auto hidden = cookie("hidden", "yes");
  hidden.http_only = true;
  job.secrets.cookies = {cookie("flavour", "oat"), hidden};
  BOOST_REQUIRE(near(pixel(render(job).image, 300, 200), green));
  job.secrets.cookies.clear();
  for (const auto& out : on_every_view(job)) {
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    BOOST_TEST(near(pixel(out.image, 300, 200), red));
  }
}

BOOST_AUTO_TEST_CASE(http_auth_answers_the_page_challenge) {
  auto job = job_for("/auth");
  job.secrets.http_auth = {"u", "p"};
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(out.http_status == 200);
  BOOST_TEST(near(pixel(out.image, 200, 150), green));
  // Wrong credentials are offered once; the page's 401 is the picture.
  job.secrets.http_auth = {"u", "wrong"};
  out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(out.http_status == 401);
  BOOST_TEST(near(pixel(out.image, 200, 150), red));
}

BOOST_AUTO_TEST_CASE(http_auth_is_not_offered_to_another_host) {
  // The page's frame comes from another origin that asks for credentials.
  auto& other = test::shared_pages();
  auto before = other.authorized_requests();
  auto job = job_for("/embed-auth?base=" + other.url(""));
  job.secrets.http_auth = {"u", "p"};
  auto out = render(job);
  BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
  BOOST_TEST(other.requested_paths().count("/auth") == 1u);
  BOOST_TEST(other.authorized_requests() == before);
}

BOOST_AUTO_TEST_CASE(the_next_jobs_on_the_views_are_not_logged_in) {
  auto job = job_for("/auth");
  job.secrets.http_auth = {"u", "p"};
  BOOST_REQUIRE_EQUAL(render(job).http_status, 200);
  job.secrets.http_auth = {};
  for (const auto& out : on_every_view(job)) {
    BOOST_REQUIRE_MESSAGE(out.error.ok(), out.error.message);
    BOOST_TEST(out.http_status == 401);
  }
}

BOOST_AUTO_TEST_SUITE_END()
