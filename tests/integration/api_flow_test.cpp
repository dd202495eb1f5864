// End-to-end tests: the real `pinhole serve` binary with the real WPE
// renderer, fixture pages served on 127.0.0.1, a real HTTP client (libcurl)
// and pixel checks on the PNG it returns.

#define BOOST_TEST_MODULE api_flow
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <regex>
#include <unistd.h>

#include "tests/support/api_client.hpp"
#include "tests/support/closed_port.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole::test;
using json = nlohmann::json;

namespace {

/// One server and one page server for the whole test module.
struct environment {
  environment() {
    server = start_test_server("api-flow", {"--capture.max_concurrent", "2",
                                            "--renderer.wpe.views", "2",
                                            "--server.max_body_bytes", "4096"});
  }
  static inline fixture_server* pages = nullptr;
  std::unique_ptr<server_process> server;
  static inline environment* current = nullptr;
};

struct global_setup {
  global_setup() {
    environment::pages = new fixture_server();
    environment::current = new environment();
  }
  ~global_setup() {
    delete environment::current;
    delete environment::pages;
  }
};

BOOST_TEST_GLOBAL_FIXTURE(global_setup);

api_client alice() {
  return api_client{environment::current->server->base_url(), alice_key};
}

api_client bob() {
  return api_client{environment::current->server->base_url(), bob_key};
}

std::string page(const std::string& path) {
  return environment::pages->url(path);
}

decoded_image download(const api_client& client, const std::string& id) {
  auto res = client.image(id);
  BOOST_REQUIRE_EQUAL(res.status, 200);
  auto image = decode_png(res.body);
  BOOST_REQUIRE_MESSAGE(image.error.empty(), image.error);
  return image;
}

std::string error_code_of(const http_response& res) {
  return json::parse(res.body)["error"]["code"].get<std::string>();
}

std::string error_message_of(const http_response& res) {
  return json::parse(res.body)["error"]["message"].get<std::string>();
}

const std::regex rfc3339{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"};

} // namespace

BOOST_AUTO_TEST_CASE(submit_poll_download_with_pixels) {
  auto client = alice();
  auto res = client.submit({{"url", page("/quadrants")},
                            {"viewportWidth", 640},
                            {"viewportHeight", 480}});
  BOOST_REQUIRE_EQUAL(res.status, 202);
  auto body = json::parse(res.body);
  BOOST_TEST(body["status"] == "OK");
  auto id = body["data"]["captureId"].get<std::string>();
  BOOST_TEST(std::regex_match(id, std::regex{"cap_[0-9a-f]{12}"}));
  BOOST_TEST(body["data"]["state"] == "PENDING");
  BOOST_TEST(
    std::regex_match(body["data"]["createdAt"].get<std::string>(), rfc3339));
  BOOST_TEST(res.headers["location"] == "/api/screenshot/capture/" + id);
  BOOST_TEST(res.headers["content-type"] == "application/json");

  auto data = client.wait_done(id);
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["captureId"] == id);
  BOOST_TEST(data["url"] == page("/quadrants"));
  BOOST_TEST(data["width"] == 640);
  BOOST_TEST(data["height"] == 480);
  BOOST_TEST(data["format"] == "png");
  BOOST_TEST(data["httpStatus"] == 200);
  BOOST_TEST(data["imageUrl"] == "/api/screenshot/capture/" + id + "/image");
  BOOST_TEST(std::regex_match(data["completedAt"].get<std::string>(), rfc3339));
  BOOST_TEST(!data.contains("truncated"));

  auto img = client.image(id);
  BOOST_REQUIRE_EQUAL(img.status, 200);
  BOOST_TEST(img.headers["content-type"] == "image/png");
  BOOST_TEST(img.headers["content-disposition"] ==
             "attachment; filename=\"" + id + ".png\"");
  BOOST_TEST(img.headers["content-length"] == std::to_string(img.body.size()));
  BOOST_TEST(data["fileSize"] == img.body.size());
  BOOST_TEST(!img.headers["etag"].empty());
  auto image = decode_png(img.body);
  BOOST_REQUIRE(image.error.empty());
  BOOST_TEST(image.width == 640);
  BOOST_TEST(image.height == 480);
  BOOST_TEST(near(image.at(160, 120), {255, 0, 0}));
  BOOST_TEST(near(image.at(480, 120), {0, 255, 0}));
  BOOST_TEST(near(image.at(160, 360), {0, 0, 255}));
  BOOST_TEST(near(image.at(480, 360), {255, 255, 0}));
  BOOST_TEST(near(image.at(0, 0), {255, 0, 0}));
  BOOST_TEST(near(image.at(639, 479), {255, 255, 0}));
}

BOOST_AUTO_TEST_CASE(page_controls_through_the_service) {
  // The element's picture, with the page changed by css, js and
  // hideSelectors first; the script's error is in the status answer.
  auto client = alice();
  auto data = client.capture(
    {{"url", page("/pages/shop")},
     {"selector", "#card"},
     {"hideSelectors", json::array({".consent"})},
     {"css", "#card { background: #0000ff; }"},
     {"js", "document.querySelector('#card').style.borderColor = "
            "'rgb(0, 255, 0)'; undefinedFunction();"},
     {"waitForSelector", "#promo"}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["selector"] == "#card");
  BOOST_TEST(data["width"] == 320);
  BOOST_TEST(data["height"] == 220);
  BOOST_TEST(data["scriptError"].get<std::string>().find("undefinedFunction") !=
               std::string::npos,
             data.dump());
  auto image = download(client, data["captureId"]);
  BOOST_TEST(near(image.at(160, 110), {0, 0, 255}));
  BOOST_TEST(near(image.at(3, 3), {0, 255, 0}));
  // A clip of the viewport, echoed.
  data = client.capture(
    {{"url", page("/quadrants")},
     {"viewportWidth", 640},
     {"viewportHeight", 480},
     {"clip", {{"x", 0}, {"y", 0}, {"width", 100}, {"height", 60}}}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["clip"]["width"] == 100);
  BOOST_TEST(data["width"] == 100);
  BOOST_TEST(data["height"] == 60);
  BOOST_TEST(!data.contains("scriptError"));
  // No element: FAILED with its own code.
  data = client.capture({{"url", page("/pages/shop")}, {"selector", "#none"}});
  BOOST_REQUIRE_EQUAL(data["state"], "FAILED");
  BOOST_TEST(data["error"]["code"] == "SELECTOR_NOT_FOUND");
  // Refused at the door, naming the field.
  auto refused = client.submit(
    {{"url", page("/pages/shop")}, {"selector", "#a"}, {"fullPage", true}});
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(error_message_of(refused).find("selector and fullPage") !=
             std::string::npos);
  refused = client.submit({{"url", page("/pages/shop")}, {"selector", "a["}});
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(error_message_of(refused).find("selector") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ads_and_trackers_are_blocked_and_counted) {
  // The fixture's ads and trackers come from another loopback port
  // (tests/support/fixture_ad_routes.hpp); each that loads is a red square.
  auto client = alice();
  json body{{"url", page("/ads?base=" + shared_pages().url(""))},
            {"viewportWidth", 1280},
            {"viewportHeight", 400},
            {"blockAds", true},
            {"blockTrackers", true}};
  auto data = client.capture(body);
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["blockedRequests"] == 4);
  auto image = download(client, data["captureId"]);
  for (int x = 100; x < 1000; x += 200)
    BOOST_TEST(near(image.at(x, 100), {0, 255, 0}), "column at " << x);
  BOOST_TEST(near(image.at(1100, 100), {0, 0, 255}));
  // Without blocking every one shows, and nothing is counted.
  body.erase("blockAds");
  body.erase("blockTrackers");
  data = client.capture(body);
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(!data.contains("blockedRequests"));
  image = download(client, data["captureId"]);
  for (int x = 100; x < 1000; x += 200)
    BOOST_TEST(near(image.at(x, 100), {255, 0, 0}), "column at " << x);
}

BOOST_AUTO_TEST_CASE(an_equal_recent_capture_is_answered_from_the_cache) {
  auto client = alice();
  json body{{"url", page("/quadrants")},
            {"viewportWidth", 320},
            {"viewportHeight", 240}};
  auto first = client.capture(body);
  BOOST_REQUIRE_EQUAL(first["state"], "COMPLETED");
  BOOST_TEST(first["cached"] == false);
  body["cacheTtl"] = 300;
  auto submitted = client.submit(body);
  BOOST_REQUIRE_EQUAL(submitted.status, 202);
  auto answer = json::parse(submitted.body)["data"];
  BOOST_TEST(answer["state"] == "COMPLETED"); // at once
  BOOST_TEST(answer["cached"] == true);
  auto id = answer["captureId"].get<std::string>();
  BOOST_TEST(id != first["captureId"].get<std::string>());
  auto status = json::parse(client.status(id).body)["data"];
  BOOST_TEST(status["cached"] == true);
  BOOST_TEST(status["width"] == 320);
  BOOST_TEST((client.image(id).body == client.image(first["captureId"]).body));
  // Another viewport is another picture: rendered.
  body["viewportWidth"] = 300;
  BOOST_TEST(client.capture(body)["cached"] == false);
}

BOOST_AUTO_TEST_CASE(default_viewport_is_1280_by_800) {
  auto client = alice();
  auto data = client.capture({{"url", page("/color/336699")}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  auto image = download(client, data["captureId"]);
  BOOST_TEST(image.width == 1280);
  BOOST_TEST(image.height == 800);
  BOOST_TEST(near(image.at(640, 400), {0x33, 0x66, 0x99}));
}

BOOST_AUTO_TEST_CASE(device_scale_factor_multiplies_the_image) {
  auto client = alice();
  auto data = client.capture({{"url", page("/quadrants")},
                              {"viewportWidth", 300},
                              {"viewportHeight", 200},
                              {"deviceScaleFactor", 2}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["width"] == 600);
  BOOST_TEST(data["height"] == 400);
  auto image = download(client, data["captureId"]);
  BOOST_TEST(image.width == 600);
  BOOST_TEST(near(image.at(450, 300), {255, 255, 0}));
}

BOOST_AUTO_TEST_CASE(delay_waits_for_a_js_timer) {
  auto client = alice();
  // The page turns green 1.5 s after load: with a 2.5 s delay the picture
  // must be green...
  auto late = client.capture({{"url", page("/timer")},
                              {"viewportWidth", 200},
                              {"viewportHeight", 200},
                              {"delay", 2500}});
  BOOST_REQUIRE_EQUAL(late["state"], "COMPLETED");
  BOOST_TEST(
    near(download(client, late["captureId"]).at(100, 100), {0, 255, 0}));
  // ...and without a delay it is taken before the timer, still red.
  auto early = client.capture(
    {{"url", page("/timer")}, {"viewportWidth", 200}, {"viewportHeight", 200}});
  BOOST_REQUIRE_EQUAL(early["state"], "COMPLETED");
  BOOST_TEST(
    near(download(client, early["captureId"]).at(100, 100), {255, 0, 0}));
}

BOOST_AUTO_TEST_CASE(user_agent_reaches_header_and_javascript) {
  auto client = alice();
  auto data = client.capture({{"url", page("/ua")},
                              {"viewportWidth", 100},
                              {"viewportHeight", 100},
                              {"userAgent", "PinholeUA/1.0 (test)"}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(environment::pages->last_user_agent() == "PinholeUA/1.0 (test)");
  BOOST_TEST(near(download(client, data["captureId"]).at(50, 50), {0, 255, 0}));
  // The next capture on the same view goes back to the engine default.
  auto plain = client.capture(
    {{"url", page("/ua")}, {"viewportWidth", 100}, {"viewportHeight", 100}});
  BOOST_REQUIRE_EQUAL(plain["state"], "COMPLETED");
  BOOST_TEST(environment::pages->last_user_agent().find("PinholeUA") ==
             std::string::npos);
  BOOST_TEST(
    near(download(client, plain["captureId"]).at(50, 50), {255, 0, 0}));
}

BOOST_AUTO_TEST_CASE(a_404_page_still_renders_with_its_status) {
  auto client = alice();
  auto data = client.capture({{"url", page("/missing")},
                              {"viewportWidth", 100},
                              {"viewportHeight", 100}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["httpStatus"] == 404);
  BOOST_TEST(near(download(client, data["captureId"]).at(50, 50), {0, 0, 255}));
}

BOOST_AUTO_TEST_CASE(connection_refused_fails_with_navigation_failed) {
  auto client = alice();
  auto url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
  auto data = client.capture({{"url", url}});
  BOOST_REQUIRE_EQUAL(data["state"], "FAILED");
  BOOST_TEST(data["error"]["code"] == "NAVIGATION_FAILED");
  BOOST_TEST(!data["error"]["message"].get<std::string>().empty());
  BOOST_TEST(std::regex_match(data["completedAt"].get<std::string>(), rfc3339));
  auto img = client.image(data["captureId"]);
  BOOST_TEST(img.status == 409);
  BOOST_TEST(error_code_of(img) == "CAPTURE_FAILED");
}

BOOST_AUTO_TEST_CASE(hanging_page_times_out_and_the_view_recovers) {
  auto client = alice();
  auto res = client.submit({{"url", page("/hang")}, {"timeout", 1500}});
  BOOST_REQUIRE_EQUAL(res.status, 202);
  auto id = json::parse(res.body)["data"]["captureId"].get<std::string>();
  // While it runs: PROCESSING with startedAt, and no image yet.
  auto running = json::parse(client.status(id).body)["data"];
  BOOST_TEST(running["state"] == "PROCESSING");
  BOOST_TEST(
    std::regex_match(running["startedAt"].get<std::string>(), rfc3339));
  auto early = client.image(id);
  BOOST_TEST(early.status == 409);
  BOOST_TEST(error_code_of(early) == "CAPTURE_NOT_READY");
  auto started = std::chrono::steady_clock::now();
  auto data = client.wait_done(id);
  auto waited = std::chrono::steady_clock::now() - started;
  BOOST_REQUIRE_EQUAL(data["state"], "FAILED");
  BOOST_TEST(data["error"]["code"] == "TIMEOUT");
  BOOST_TEST((waited < std::chrono::seconds(5)));
  // Both views still work afterwards.
  for (int i = 0; i < 2; ++i) {
    auto next = client.capture({{"url", page("/color/00ff00")},
                                {"viewportWidth", 100},
                                {"viewportHeight", 100}});
    BOOST_REQUIRE_EQUAL(next["state"], "COMPLETED");
    BOOST_TEST(
      near(download(client, next["captureId"]).at(50, 50), {0, 255, 0}));
  }
}

BOOST_AUTO_TEST_CASE(captures_are_visible_only_to_their_key) {
  auto data = alice().capture({{"url", page("/color/ff00ff")},
                               {"viewportWidth", 50},
                               {"viewportHeight", 50}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  auto id = data["captureId"].get<std::string>();
  auto status = bob().status(id);
  BOOST_TEST(status.status == 404);
  BOOST_TEST(error_code_of(status) == "NOT_FOUND");
  BOOST_TEST(bob().image(id).status == 404);
  // Bob's own captures work (his key is configured as a SHA-256 digest).
  auto own = bob().capture({{"url", page("/color/ff00ff")},
                            {"viewportWidth", 50},
                            {"viewportHeight", 50}});
  BOOST_TEST(own["state"] == "COMPLETED");
  BOOST_TEST(alice().status(own["captureId"]).status == 404);
}

BOOST_AUTO_TEST_CASE(authentication_errors) {
  auto base = environment::current->server->base_url();
  auto url = base + "/api/screenshot/capture";
  auto body = json{{"url", page("/quadrants")}}.dump();
  auto missing =
    http_request("POST", url, {"Content-Type: application/json"}, body);
  BOOST_TEST(missing.status == 401);
  BOOST_TEST(error_code_of(missing) == "UNAUTHORIZED");
  BOOST_TEST(error_message_of(missing).find("X-API-KEY") != std::string::npos);
  auto wrong = http_request(
    "POST", url,
    {"Content-Type: application/json", "X-API-KEY: not-a-key-0123456789"},
    body);
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(error_code_of(wrong) == "UNAUTHORIZED");
  auto status = http_request("GET", url + "/cap_000000000000");
  BOOST_TEST(status.status == 401);
}

struct bad_request_case {
  const char* name;
  std::string body;
  const char* field; // must appear in the message
};

BOOST_AUTO_TEST_CASE(invalid_requests_name_the_field) {
  auto client = alice();
  auto url = page("/quadrants");
  std::vector<bad_request_case> cases{
    {"malformed JSON", "{\"url\": ", "JSON"},
    {"not an object", "[1,2]", "object"},
    {"missing url", "{}", "url"},
    {"unknown field", json{{"url", url}, {"viewportwidth", 5}}.dump(),
     "viewportwidth"},
    {"wrong type", json{{"url", url}, {"viewportWidth", "800"}}.dump(),
     "viewportWidth"},
    {"fraction for int", json{{"url", url}, {"viewportHeight", 10.5}}.dump(),
     "viewportHeight"},
    {"too wide", json{{"url", url}, {"viewportWidth", 5000}}.dump(),
     "viewportWidth"},
    {"zero height", json{{"url", url}, {"viewportHeight", 0}}.dump(),
     "viewportHeight"},
    {"scale too big", json{{"url", url}, {"deviceScaleFactor", 4}}.dump(),
     "deviceScaleFactor"},
    {"negative delay", json{{"url", url}, {"delay", -1}}.dump(), "delay"},
    {"short timeout", json{{"url", url}, {"timeout", 999}}.dump(), "timeout"},
    {"ftp url", json{{"url", "ftp://example.com/x"}}.dump(), "url"},
    {"relative url", json{{"url", "/just/a/path"}}.dump(), "url"},
    {"url not a string", json{{"url", 42}}.dump(), "url"},
    {"bad format", json{{"url", url}, {"format", "gif"}}.dump(), "format"},
    {"quality range", json{{"url", url}, {"quality", 0}}.dump(), "quality"},
    {"bool as string", json{{"url", url}, {"fullPage", "yes"}}.dump(),
     "fullPage"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      auto res = http_request(
        "POST", client.base_url() + "/api/screenshot/capture",
        {"X-API-KEY: " + alice_key, "Content-Type: application/json"}, c.body);
      BOOST_TEST(res.status == 400);
      BOOST_TEST(error_code_of(res) == "INVALID_REQUEST");
      BOOST_TEST(error_message_of(res).find(c.field) != std::string::npos,
                 "message '" << error_message_of(res) << "' names " << c.field);
    }
  }
}

BOOST_AUTO_TEST_CASE(media_type_size_and_unknown_ids) {
  auto client = alice();
  auto url = client.base_url() + "/api/screenshot/capture";
  auto text = http_request(
    "POST", url, {"X-API-KEY: " + alice_key, "Content-Type: text/plain"},
    json{{"url", page("/quadrants")}}.dump());
  BOOST_TEST(text.status == 415);
  BOOST_TEST(error_code_of(text) == "UNSUPPORTED_MEDIA_TYPE");
  // The test server runs with server.max_body_bytes = 4096.
  auto big =
    json{{"url", page("/quadrants")}, {"userAgent", std::string(5000, 'a')}}
      .dump();
  auto large = http_request(
    "POST", url, {"X-API-KEY: " + alice_key, "Content-Type: application/json"},
    big);
  BOOST_TEST(large.status == 413);
  BOOST_TEST(error_code_of(large) == "PAYLOAD_TOO_LARGE");
  auto unknown = client.status("cap_0123456789ab");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(error_code_of(unknown) == "NOT_FOUND");
  BOOST_TEST(client.image("cap_0123456789ab").status == 404);
  auto no_route = http_request("GET", client.base_url() + "/nope");
  BOOST_TEST(no_route.status == 404);
  BOOST_TEST(error_code_of(no_route) == "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(service_routes_answer_without_a_key) {
  auto base = environment::current->server->base_url();
  BOOST_TEST(http_request("GET", base + "/healthz").status == 200);
  BOOST_TEST(http_request("GET", base + "/readyz").status == 200);
}

BOOST_AUTO_TEST_CASE(metrics_count_captures_renders_and_answers) {
  auto base = environment::current->server->base_url();
  const std::string submitted =
    R"(pinhole_http_requests_total{method="POST",route="/api/screenshot/capture",code="202"})";
  const std::string refused =
    R"(pinhole_http_requests_total{method="POST",route="/api/screenshot/capture",code="401"})";
  const std::string scraped =
    R"(pinhole_http_requests_total{method="GET",route="/metrics",code="200"})";
  const std::string completed = R"(pinhole_captures{state="COMPLETED"})";
  const std::string renders = "pinhole_render_duration_seconds_count";
  auto before = http_request("GET", base + "/metrics"); // no key needed
  BOOST_REQUIRE(before.status == 200);
  BOOST_TEST(before.headers["content-type"].find("text/plain") == 0);
  auto done = alice().capture({{"url", page("/quadrants")}});
  BOOST_REQUIRE(done["state"] == "COMPLETED");
  auto wrong = http_request(
    "POST", base + "/api/screenshot/capture",
    {"Content-Type: application/json", "X-API-KEY: not-a-key-0123456789"},
    json{{"url", page("/quadrants")}}.dump());
  BOOST_REQUIRE(wrong.status == 401);
  auto after = http_request("GET", base + "/metrics");
  BOOST_REQUIRE(after.status == 200);
  auto grew = [&](const std::string& series) {
    return metric_value(after.body, series) -
           std::max(0.0, metric_value(before.body, series));
  };
  BOOST_TEST(grew(submitted) == 1);
  BOOST_TEST(grew(refused) == 1);
  BOOST_TEST(grew(scraped) == 1); // each scrape counts itself
  BOOST_TEST(grew(completed) >= 1);
  BOOST_TEST(grew(renders) >= 1);
  BOOST_TEST(metric_value(after.body, "pinhole_queue_depth") >= 0);
  // The histogram is cumulative: +Inf holds every render.
  BOOST_TEST(
    metric_value(after.body,
                 R"(pinhole_render_duration_seconds_bucket{le="+Inf"})") ==
    metric_value(after.body, renders));
  BOOST_TEST(
    metric_value(after.body,
                 R"(pinhole_render_duration_seconds_bucket{le="0.025"})") <=
    metric_value(after.body,
                 R"(pinhole_render_duration_seconds_bucket{le="60"})"));
  for (const char* series :
       {R"(pinhole_renderer_restarts_total{reason="crashed"})",
        R"(pinhole_webhook_attempts_total{outcome="delivered"})",
        R"(pinhole_captures{state="PENDING"})"})
    BOOST_TEST(metric_value(after.body, series) >= 0, series << " is listed");
}

BOOST_AUTO_TEST_CASE(the_openapi_document_describes_the_real_api) {
  auto base = environment::current->server->base_url();
  auto res = http_request("GET", base + "/api/openapi.json"); // no key
  BOOST_REQUIRE_EQUAL(res.status, 200);
  BOOST_TEST(res.headers["content-type"].find("application/json") == 0u);
  auto doc = json::parse(res.body);
  BOOST_TEST(doc["openapi"].get<std::string>().rfind("3.", 0) == 0u);
  // Every route the server has, with its methods.
  std::map<std::string, std::vector<std::string>> routes{
    {"/api/screenshot/capture", {"post"}},
    {"/api/screenshot/capture/{captureId}", {"get", "delete"}},
    {"/api/screenshot/capture/{captureId}/image", {"get"}},
    {"/healthz", {"get"}},
    {"/readyz", {"get"}},
    {"/metrics", {"get"}},
    {"/api/openapi.json", {"get"}},
    {"/", {"get"}}};
  BOOST_TEST(doc["paths"].size() == routes.size());
  for (const auto& [path, methods] : routes)
    for (const auto& method : methods)
      BOOST_TEST(doc["paths"][path].contains(method), path << " " << method);
  // Every documented submit field is one the server accepts: a body with
  // each field at its documented example is taken (unknown fields are
  // refused), and it completes.
  auto fields = doc["components"]["schemas"]["SubmitRequest"]["properties"];
  BOOST_TEST(fields.size() == 28u);
  json body;
  for (const auto& [name, schema] : fields.items())
    body[name] = schema["example"];
  body["url"] = page("/color/00ff00");
  body.erase("callbackUrl"); // an outside address: the policy refuses it
  body.erase("clip");        // not together with selector
  auto submitted = alice().submit(body);
  BOOST_REQUIRE_MESSAGE(submitted.status == 202, submitted.body);
  auto id = json::parse(submitted.body)["data"]["captureId"].get<std::string>();
  auto done = alice().wait_done(id);
  BOOST_TEST(done["state"] == "COMPLETED");
  // A name the document does not have is refused.
  auto typo =
    alice().submit({{"url", page("/color/00ff00")}, {"fulPage", true}});
  BOOST_TEST(typo.status == 400);
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_429_with_retry_after) {
  // A second server: one capture at a time, one waiting.
  auto dir = make_temp_dir("queue-full");
  auto small =
    serve_on(dir, {"--capture.max_concurrent", "1", "--capture.max_queued", "1",
                   "--renderer.wpe.views", "1"});
  api_client client{small->base_url(), alice_key};
  json hang{{"url", page("/hang")}, {"timeout", 1000}};
  auto running = client.submit(hang);
  auto queued = client.submit(hang);
  BOOST_REQUIRE_EQUAL(running.status, 202);
  BOOST_REQUIRE_EQUAL(queued.status, 202);
  auto refused = client.submit(hang);
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(error_code_of(refused) == "QUEUE_FULL");
  BOOST_TEST(!refused.headers["retry-after"].empty());
  // Once the queue drains, submissions are accepted again.
  auto first = json::parse(running.body)["data"]["captureId"];
  auto second = json::parse(queued.body)["data"]["captureId"];
  BOOST_TEST(client.wait_done(first)["error"]["code"] == "TIMEOUT");
  BOOST_TEST(client.wait_done(second)["error"]["code"] == "TIMEOUT");
  auto again = client.capture({{"url", page("/color/00ff00")},
                               {"viewportWidth", 50},
                               {"viewportHeight", 50}});
  BOOST_TEST(again["state"] == "COMPLETED");
  BOOST_TEST(small->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(rate_limited_answers_429_with_retry_after) {
  auto dir = make_temp_dir("rate-limit");
  auto limited = serve_on(
    dir, {"--limits.rate_per_minute", "2", "--renderer.wpe.views", "1"});
  api_client client{limited->base_url(), alice_key};
  json body{{"url", page("/color/00ff00")},
            {"viewportWidth", 50},
            {"viewportHeight", 50}};
  BOOST_TEST(client.submit(body).status == 202);
  BOOST_TEST(client.submit(body).status == 202);
  auto refused = client.submit(body);
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(error_code_of(refused) == "RATE_LIMITED");
  auto retry = std::stoi(refused.headers["retry-after"]);
  BOOST_TEST(retry >= 1);
  BOOST_TEST(retry <= 60);
}
