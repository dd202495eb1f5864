// Durability through the real server: SIGKILL and restart, retention,
// delete, idempotency, graceful shutdown and bad storage conditions.

#define BOOST_TEST_MODULE durability
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole::test;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string page(const std::string& path) {
  return shared_pages().url(path);
}

/// A one-view server on `dir` (kept across restarts) with extra flags.
std::unique_ptr<server_process> serve(const std::string& dir,
                                      std::vector<std::string> flags = {}) {
  flags.insert(flags.begin(),
               {"--renderer.wpe.views", "1", "--capture.max_concurrent", "1"});
  return serve_on(dir, flags);
}

std::string id_of(const http_response& res) {
  return json::parse(res.body)["data"]["captureId"].get<std::string>();
}

std::string code_of(const http_response& res) {
  return json::parse(res.body)["error"]["code"].get<std::string>();
}

json small(const std::string& path) {
  return small_capture(page(path));
}

} // namespace

BOOST_AUTO_TEST_CASE(sigkill_and_restart_loses_nothing) {
  auto dir = make_temp_dir("kill-restart");
  auto server = serve(dir);
  api_client client{server->base_url(), alice_key};
  // A finished capture whose image must survive byte for byte.
  auto done = client.capture(small("/quadrants"));
  BOOST_REQUIRE_EQUAL(done["state"], "COMPLETED");
  auto before = client.image(done["captureId"]).body;
  // One running (slow page), three queued.
  std::vector<std::string> ids;
  ids.push_back(id_of(client.submit(small("/slow"))));
  for (auto color : {"ff0000", "00ff00", "0000ff"})
    ids.push_back(id_of(client.submit(small(std::string{"/color/"} + color))));
  BOOST_TEST(json::parse(client.status(ids[0]).body)["data"]["state"] ==
             "PROCESSING");
  BOOST_TEST(server->stop(SIGKILL) == 128 + SIGKILL);
  server.reset();

  server = serve(dir);
  api_client again{server->base_url(), alice_key};
  for (const auto& id : ids) {
    auto data = again.wait_done(id);
    BOOST_TEST(data["state"] == "COMPLETED", id << ": " << data.dump());
  }
  BOOST_TEST(json::parse(again.status(ids[0]).body)["data"]["state"] ==
             "COMPLETED");
  auto after = again.image(done["captureId"]);
  BOOST_REQUIRE_EQUAL(after.status, 200);
  BOOST_TEST((after.body == before));
  auto blue = decode_image(again.image(ids[3]).body);
  BOOST_TEST(near(blue.at(32, 24), {0, 0, 255}));
}

/// Every byte under `dir` (the database, its WAL, images, logs).
std::string bytes_under(const std::string& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) {
      std::ifstream in{entry.path(), std::ios::binary};
      all += std::string{std::istreambuf_iterator<char>{in}, {}};
    }
  return all;
}

BOOST_AUTO_TEST_CASE(secrets_wait_sealed_survive_a_kill_and_never_show) {
  auto dir = make_temp_dir("secrets-restart");
  auto server = serve(dir);
  api_client client{server->base_url(), alice_key};
  const std::string secret = "open-hunter2-" + std::to_string(::getpid());
  auto running = id_of(client.submit(small("/slow")));
  auto body = small("/gate");
  body["headers"] = {{"X-Gate", secret}};
  body["cookies"] = {{{"name", "flavour"}, {"value", secret}}};
  body["httpAuth"] = {{"username", "u"}, {"password", secret}};
  auto waiting = id_of(client.submit(body));
  BOOST_TEST(bytes_under(dir).find(secret) == std::string::npos,
             "a secret is stored in the clear");
  BOOST_TEST(server->stop(SIGKILL) == 128 + SIGKILL);
  server.reset();

  // After the restart the capture runs with its headers: the page and its
  // style sheet are green only when X-Gate reached both.
  server = serve(dir);
  api_client again{server->base_url(), alice_key};
  BOOST_TEST(again.wait_done(running)["state"] == "COMPLETED");
  auto done = again.wait_done(waiting);
  BOOST_REQUIRE_EQUAL(done["state"], "COMPLETED");
  auto picture = decode_image(again.image(waiting).body);
  BOOST_TEST(near(picture.at(32, 24), {0, 255, 0})); // #box, from gate.css
  BOOST_TEST(done.dump().find(secret) == std::string::npos);
  BOOST_TEST(again.status(waiting).body.find(secret) == std::string::npos);
  BOOST_TEST(
    http_request("GET", server->base_url() + "/metrics").body.find(secret) ==
    std::string::npos);
  server->stop(SIGTERM);
  BOOST_TEST(server->output().find(secret) == std::string::npos);
  // Nor afterwards (unit_sqlite_store checks the sealed copy is erased).
  BOOST_TEST(bytes_under(dir).find(secret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(retention_expires_captures_and_orphans) {
  auto dir = make_temp_dir("retention");
  fs::create_directories(dir + "/images");
  auto orphan = dir + "/images/cap_0000deadbeef.png";
  std::ofstream{orphan} << "left over from a crash";
  auto server = serve(
    dir, {"--retention.ttl", "2s", "--retention.sweep_interval", "200ms"});
  api_client client{server->base_url(), alice_key};
  auto data = client.capture(small("/color/00ff00"));
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  auto id = data["captureId"].get<std::string>();
  BOOST_TEST(data.contains("expiresAt"));
  auto image_file = dir + "/images/" + id + ".png";
  BOOST_TEST(fs::exists(image_file));
  // The first sweeps (every 200 ms) remove the orphan; the capture lives
  // its 2 s.
  BOOST_TEST(eventually([&] { return !fs::exists(orphan); }));
  BOOST_TEST(client.status(id).status == 200);
  BOOST_REQUIRE(client.wait_status(id, 410, 5000));
  auto gone = client.status(id);
  BOOST_TEST(gone.status == 410);
  BOOST_TEST(code_of(gone) == "CAPTURE_EXPIRED");
  BOOST_TEST(client.image(id).status == 410);
  BOOST_TEST(!fs::exists(image_file));
  // Other keys and never-existing ids still get 404.
  BOOST_TEST(api_client(server->base_url(), bob_key).status(id).status == 404);
  BOOST_TEST(client.status("cap_123412341234").status == 404);
  // The tombstone survives a restart.
  server.reset();
  server = serve(dir, {"--retention.ttl", "2s"});
  BOOST_TEST(api_client(server->base_url(), alice_key).status(id).status ==
             410);
}

BOOST_AUTO_TEST_CASE(delete_removes_and_cancels) {
  auto dir = make_temp_dir("delete");
  auto server = serve(dir);
  api_client client{server->base_url(), alice_key};
  auto data = client.capture(small("/color/00ff00"));
  auto id = data["captureId"].get<std::string>();
  auto image_file = dir + "/images/" + id + ".png";
  BOOST_REQUIRE(fs::exists(image_file));
  auto url = server->base_url() + "/api/screenshot/capture/" + id;
  auto by_bob = http_request("DELETE", url, {"X-API-KEY: " + bob_key});
  BOOST_TEST(by_bob.status == 404);
  auto del = client.remove(id);
  BOOST_TEST(del.status == 200);
  BOOST_TEST(json::parse(del.body)["data"]["deleted"] == true);
  BOOST_TEST(client.status(id).status == 404);
  BOOST_TEST(!fs::exists(image_file));
  BOOST_TEST(client.remove(id).status == 404);
  // Running and queued captures are cancelled.
  auto running = id_of(client.submit({{"url", page("/hang")}}));
  auto queued = id_of(client.submit(small("/color/ff0000")));
  for (const auto& victim : {queued, running}) {
    BOOST_TEST(client.remove(victim).status == 200);
    BOOST_TEST(client.status(victim).status == 404);
  }
  // The slot is free: the next capture runs at once.
  auto next = client.capture(small("/color/0000ff"), 20000);
  BOOST_TEST(next["state"] == "COMPLETED", next.dump());
  // Deleted stays deleted after a restart.
  server.reset();
  server = serve(dir);
  BOOST_TEST(api_client(server->base_url(), alice_key).status(id).status ==
             404);
}

BOOST_AUTO_TEST_CASE(idempotency_key_returns_the_first_capture) {
  auto dir = make_temp_dir("idempotency");
  auto server = serve(dir);
  auto post = [&](const std::string& key, const std::string& api_key,
                  const std::string& path) {
    return http_request("POST", server->base_url() + "/api/screenshot/capture",
                        {"X-API-KEY: " + api_key,
                         "Content-Type: application/json",
                         "Idempotency-Key: " + key},
                        small(path).dump());
  };
  auto first = post("order-42", alice_key, "/color/00ff00");
  auto second = post("order-42", alice_key, "/color/ff0000");
  BOOST_REQUIRE_EQUAL(first.status, 202);
  BOOST_TEST(second.status == 202);
  BOOST_TEST(second.body == first.body);
  BOOST_TEST(second.headers["location"] == first.headers["location"]);
  auto bobs = post("order-42", bob_key, "/color/00ff00");
  BOOST_TEST(id_of(bobs) != id_of(first));
  auto too_long = post(std::string(129, 'k'), alice_key, "/color/00ff00");
  BOOST_TEST(too_long.status == 400);
  BOOST_TEST(
    json::parse(too_long.body)["error"]["message"].get<std::string>().find(
      "Idempotency-Key") != std::string::npos);
  // Also after a restart.
  server.reset();
  server = serve(dir);
  auto third = post("order-42", alice_key, "/color/0000ff");
  BOOST_TEST(third.body == first.body);
}

BOOST_AUTO_TEST_CASE(sigterm_drains_then_the_rest_runs_after_restart) {
  auto dir = make_temp_dir("drain");
  auto server = serve(dir, {"--server.shutdown_grace", "10s"});
  api_client client{server->base_url(), alice_key};
  // Ready first (a service may still be compiling the block lists, which
  // also answers 503), so that the 503 below is the drain's.
  BOOST_TEST_REQUIRE(eventually(
    [&] {
      return http_request("GET", server->base_url() + "/readyz").status == 200;
    },
    std::chrono::seconds(60)));
  auto running = id_of(client.submit(small("/slow")));
  auto queued = id_of(client.submit(small("/color/0000ff")));
  for (int i = 0; i < 200; ++i) {
    if (json::parse(client.status(running).body)["data"]["state"] ==
        "PROCESSING")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(server->pid(), SIGTERM);
  // From the moment the drain begins /readyz answers 503.
  BOOST_TEST(eventually([&] {
    return http_request("GET", server->base_url() + "/readyz").status == 503;
  }));
  auto refused = client.submit(small("/color/00ff00"));
  BOOST_TEST(refused.status == 503);
  BOOST_TEST(code_of(refused) == "SHUTTING_DOWN");
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST(server->stop(0, 15000) == 0); // signal 0: just wait for exit
  BOOST_TEST(
    (std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
  BOOST_TEST(server->output().find("all running captures finished") !=
             std::string::npos);
  server.reset();
  server = serve(dir);
  api_client again{server->base_url(), alice_key};
  auto finished = again.wait_done(running);
  BOOST_TEST(finished["state"] == "COMPLETED");
  BOOST_TEST(finished["attempts"].is_null()); // not part of the API
  BOOST_TEST(again.wait_done(queued)["state"] == "COMPLETED");
}

BOOST_AUTO_TEST_CASE(a_corrupt_database_stops_start_up_naming_the_file) {
  auto dir = make_temp_dir("corrupt");
  std::ofstream{dir + "/pinhole.db"} << std::string(8192, 'x');
  auto [code, output] =
    run_pinhole({"serve", "--server.listen", "127.0.0.1:0", "--storage.dir",
                 dir, "--auth.keys", "alice=" + alice_key});
  BOOST_TEST(code != 0);
  BOOST_TEST(output.find(dir + "/pinhole.db") != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(an_unusable_storage_dir_stops_start_up_naming_it) {
  auto dir = make_temp_dir("unusable");
  auto file = dir + "/plain-file";
  std::ofstream{file} << "not a folder";
  auto [code, output] =
    run_pinhole({"serve", "--server.listen", "127.0.0.1:0", "--storage.dir",
                 file + "/data", "--auth.keys", "alice=" + alice_key});
  BOOST_TEST(code != 0);
  BOOST_TEST(output.find("storage.dir") != std::string::npos, output);
}
