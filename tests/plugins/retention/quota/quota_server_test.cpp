// retention.plugin: quota through the real server: the oldest finished
// captures answer 410 once newer ones need their room.

#define BOOST_TEST_MODULE quota_server
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "tests/support/api_client.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole::test;
using json = nlohmann::json;

namespace {

json small(fixture_server& pages, const std::string& path) {
  return small_capture(pages.url(path));
}

} // namespace

BOOST_AUTO_TEST_CASE(the_oldest_captures_expire_when_the_quota_is_full) {
  fixture_server pages;
  auto server = start_test_server(
    "quota", {"--retention.plugin", "quota", "--retention.quota.max_captures",
              "2", "--retention.quota.max_bytes", "0",
              "--capture.max_concurrent", "2", "--renderer.wpe.views", "2"});
  api_client client{server->base_url(), alice_key};
  // A slow capture (10 s delay before its picture) keeps running while
  // three quick ones finish: it is never expired, however full the quota.
  auto slow_request = small(pages, "/color/ffffff");
  slow_request["delay"] = 10000;
  auto slow_id =
    json::parse(client.submit(slow_request).body)["data"]["captureId"]
      .get<std::string>();
  std::vector<json> done;
  for (auto color : {"ff0000", "00ff00", "0000ff"}) {
    done.push_back(
      client.capture(small(pages, std::string{"/color/"} + color)));
    BOOST_REQUIRE_EQUAL(done.back()["state"], "COMPLETED");
    BOOST_TEST(!done.back().contains("expiresAt")); // not known in advance
  }
  auto id = [&](int i) { return done[i]["captureId"].get<std::string>(); };
  // Three finished, room for two: the oldest answers 410, image too.
  BOOST_REQUIRE(client.wait_status(id(0), 410));
  auto gone = client.status(id(0));
  BOOST_TEST(json::parse(gone.body)["error"]["code"] == "CAPTURE_EXPIRED");
  BOOST_TEST(client.image(id(0)).status == 410);
  BOOST_TEST(client.image(id(1)).status == 200);
  BOOST_TEST(client.image(id(2)).status == 200);
  // The slow one finishes; now the second oldest makes room for it.
  auto slow = client.wait_done(slow_id);
  BOOST_TEST(slow["state"] == "COMPLETED");
  BOOST_TEST(client.image(slow_id).status == 200);
  BOOST_TEST(client.wait_status(id(1), 410));
  BOOST_TEST(client.image(id(2)).status == 200);
  // Another key never sees them: 404, not 410.
  BOOST_TEST(api_client(server->base_url(), bob_key).status(id(0)).status ==
             404);
}

BOOST_AUTO_TEST_CASE(a_smaller_quota_at_restart_expires_the_oldest) {
  fixture_server pages;
  auto dir = make_temp_dir("quota-restart");
  std::vector<std::string> flags{"--storage.dir", dir + "/data",
                                 "--retention.plugin", "quota"};
  auto server = start_test_server("quota-restart-1", flags);
  api_client client{server->base_url(), alice_key};
  std::vector<std::string> ids;
  for (auto color : {"ff0000", "00ff00", "0000ff"})
    ids.push_back(
      client.capture(small(pages, std::string{"/color/"} + color))["captureId"]
        .get<std::string>());
  auto image_file = dir + "/data/images/" + ids[0] + ".png";
  BOOST_TEST(std::filesystem::exists(image_file));
  server.reset();
  flags.insert(flags.end(), {"--retention.quota.max_captures", "1"});
  server = start_test_server("quota-restart-2", flags);
  api_client again{server->base_url(), alice_key};
  BOOST_TEST(again.wait_status(ids[0], 410));
  BOOST_TEST(again.wait_status(ids[1], 410));
  BOOST_TEST(again.image(ids[2]).status == 200);
}
