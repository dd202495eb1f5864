// Renderer features through the real HTTP API: formats, full pages,
// concurrency and a killed WebProcess, against the real `pinhole serve`.

#define BOOST_TEST_MODULE render_http
#include <boost/test/unit_test.hpp>

#include <future>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"
#include "tests/support/process_tree.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole::test;
using json = nlohmann::json;

namespace {

struct environment {
  environment() {
    server = start_test_server("render-http", {"--capture.max_concurrent", "2",
                                               "--renderer.wpe.views", "2"});
    current = this;
  }
  fixture_server pages;
  std::unique_ptr<server_process> server;
  static inline environment* current = nullptr;
};

BOOST_TEST_GLOBAL_FIXTURE(environment);

api_client alice() {
  return api_client{environment::current->server->base_url(), alice_key};
}

std::string page(const std::string& path) {
  return environment::current->pages.url(path);
}

rgb band(int i) {
  auto c = fixture_server::band_color(i);
  return {c[0], c[1], c[2]};
}

decoded_image download(const std::string& id, std::string* type = nullptr,
                       std::string* disposition = nullptr) {
  auto res = alice().image(id);
  BOOST_REQUIRE_EQUAL(res.status, 200);
  if (type)
    *type = res.headers["content-type"];
  if (disposition)
    *disposition = res.headers["content-disposition"];
  auto image = decode_image(res.body);
  BOOST_REQUIRE_MESSAGE(image.error.empty(), image.error);
  return image;
}

} // namespace

BOOST_AUTO_TEST_CASE(jpeg_and_webp_with_quality) {
  struct row {
    const char* format;
    const char* mime;
  };
  for (auto r : {row{"jpeg", "image/jpeg"}, row{"webp", "image/webp"}}) {
    BOOST_TEST_CONTEXT(r.format) {
      auto data = alice().capture({{"url", page("/quadrants")},
                                   {"viewportWidth", 400},
                                   {"viewportHeight", 300},
                                   {"format", r.format},
                                   {"quality", 90}});
      BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
      BOOST_TEST(data["format"] == r.format);
      std::string type, disposition;
      auto image = download(data["captureId"], &type, &disposition);
      BOOST_TEST(type == r.mime);
      BOOST_TEST(disposition.find(std::string{"."} + r.format + "\"") !=
                 std::string::npos);
      BOOST_TEST(image.width == 400);
      BOOST_TEST(image.height == 300);
      BOOST_TEST(near(image.at(100, 75), {255, 0, 0}, 24));
      BOOST_TEST(near(image.at(300, 225), {255, 255, 0}, 24));
      // Lower quality, smaller file.
      int64_t sizes[2];
      int qualities[2] = {10, 95};
      for (int i = 0; i < 2; ++i) {
        auto q = alice().capture({{"url", page("/gradient")},
                                  {"viewportWidth", 400},
                                  {"viewportHeight", 300},
                                  {"format", r.format},
                                  {"quality", qualities[i]}});
        BOOST_REQUIRE_EQUAL(q["state"], "COMPLETED");
        BOOST_REQUIRE_EQUAL(q["httpStatus"], 200);
        sizes[i] = q["fileSize"].get<int64_t>();
      }
      BOOST_TEST(sizes[0] < sizes[1]);
    }
  }
}

BOOST_AUTO_TEST_CASE(full_page_of_24000_px_through_http) {
  auto data = alice().capture({{"url", page("/bands/24")},
                               {"viewportWidth", 300},
                               {"viewportHeight", 200},
                               {"fullPage", true}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["width"] == 300);
  BOOST_TEST(data["height"] == 24000);
  BOOST_TEST(data["truncated"] == false);
  auto image = download(data["captureId"]);
  BOOST_TEST(image.height == 24000);
  for (int i = 0; i < 24; ++i)
    for (int y : {i * 1000, i * 1000 + 999})
      BOOST_TEST(near(image.at(200, y), band(i), 0),
                 "band " << i << " row " << y);
}

BOOST_AUTO_TEST_CASE(full_page_beyond_the_maximum_is_truncated) {
  // 40 000 px page, capture.max_page_height is 32768 by default.
  auto data = alice().capture({{"url", page("/bands/40")},
                               {"viewportWidth", 100},
                               {"viewportHeight", 100},
                               {"fullPage", true}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(data["height"] == 32768);
  BOOST_TEST(data["truncated"] == true);
  auto image = download(data["captureId"]);
  BOOST_TEST(image.height == 32768);
  BOOST_TEST(near(image.at(50, 32767), band(32), 0));
}

BOOST_AUTO_TEST_CASE(twelve_concurrent_captures_each_show_their_colour) {
  std::vector<int> colors;
  for (int i = 0; i < 12; ++i)
    colors.push_back(((i * 20) << 16) | ((255 - i * 20) << 8) | (i * 17));
  std::vector<std::future<json>> results;
  for (auto c : colors)
    results.push_back(std::async(std::launch::async, [c] {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "%06x", c);
      return alice().capture({{"url", page(std::string{"/color/"} + hex)},
                              {"viewportWidth", 120},
                              {"viewportHeight", 90}});
    }));
  for (size_t i = 0; i < colors.size(); ++i) {
    auto data = results[i].get();
    BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
    auto image = download(data["captureId"]);
    auto c = colors[i];
    BOOST_TEST(
      near(image.at(60, 45), {(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff}, 2),
      "capture " << i);
  }
}

BOOST_AUTO_TEST_CASE(a_killed_web_process_does_not_lose_the_capture) {
  auto client = alice();
  auto before = environment::current->pages.hits("/slow");
  auto res = client.submit(
    {{"url", page("/slow")}, {"viewportWidth", 100}, {"viewportHeight", 100}});
  BOOST_REQUIRE_EQUAL(res.status, 202);
  for (int i = 0;
       i < 500 && environment::current->pages.hits("/slow") == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto victims =
    child_processes(environment::current->server->pid(), "WPEWebProcess");
  BOOST_REQUIRE_GE(kill_all(victims), 1u);
  auto data = client.wait_done(json::parse(res.body)["data"]["captureId"]);
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_TEST(near(download(data["captureId"]).at(50, 50), {0, 255, 0}));
  // And the service keeps serving.
  auto next = client.capture({{"url", page("/color/0000ff")},
                              {"viewportWidth", 100},
                              {"viewportHeight", 100}});
  BOOST_TEST(next["state"] == "COMPLETED");
}
