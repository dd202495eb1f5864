// The network policy through the real server: a "forbidden" page server on
// 127.0.0.2 (loopback too, never a real private address) must receive zero
// requests, whatever the URL spelling; only the fixture's 127.0.0.1:port is
// allowed.

#define BOOST_TEST_MODULE network_policy
#include <boost/test/unit_test.hpp>

#include <netdb.h>
#include <netinet/in.h>
#include <thread>
#include <unistd.h>

#include "tests/support/api_client.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/image_reader.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace pinhole::test;
using json = nlohmann::json;

namespace {

/// This machine's host name when it resolves to a 127.x address (it does on
/// Debian's usual /etc/hosts), else "".
std::string loopback_host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof(name) - 1);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  bool loopback =
    ::getaddrinfo(name, nullptr, &hints, &found) == 0 &&
    (ntohl(reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr.s_addr) >>
     24) == 127;
  if (found)
    ::freeaddrinfo(found);
  return loopback ? name : "";
}

server_process policy_server(const std::string& allow_flag,
                             const std::string& allow_value) {
  return server_process{{"serve", "--server.listen", "127.0.0.1:0",
                         "--storage.dir", make_temp_dir("network-policy"),
                         "--auth.keys", "alice=" + alice_key, allow_flag,
                         allow_value, "--renderer.wpe.views", "1"}};
}

/// A pixel near the bottom right corner of a completed capture (clear of
/// the embedded image and frame on /embed).
rgb corner_pixel(const api_client& client, const json& data) {
  auto image = decode_png(client.image(data["captureId"]).body);
  return image.at(image.width - 10, image.height - 10);
}

/// Waits up to 3 s for the requests a page makes after its load (fetch,
/// WebSocket) to arrive, so "zero requests" is not read too early.
void let_late_requests_arrive() {
  std::this_thread::sleep_for(std::chrono::seconds(3));
}

} // namespace

BOOST_AUTO_TEST_CASE(forbidden_addresses_are_never_contacted) {
  fixture_server allowed;
  fixture_server forbidden{"127.0.0.2"};
  webhook_receiver receiver;
  auto allow = "127.0.0.1:" + std::to_string(allowed.port());
  auto server = policy_server("--network.allow", allow);
  api_client client{server.base_url(), alice_key};
  auto p = std::to_string(forbidden.port());
  for (auto url :
       {"http://127.0.0.2:" + p + "/color/ff0000",
        "http://2130706434:" + p + "/", "http://0x7f.0.0.2:" + p + "/",
        "http://0177.0.0.2:" + p + "/", "http://127.0.2:" + p + "/",
        "http://0x7f000002:" + p + "/", "http://[::ffff:127.0.0.2]:" + p + "/",
        "http://localhost:" + p + "/", "http://127.0.0.1:" + p + "/"}) {
    BOOST_TEST_CONTEXT(url) {
      auto res = client.submit({{"url", url}});
      BOOST_TEST(res.status == 403);
      auto error = json::parse(res.body)["error"];
      BOOST_TEST(error["code"] == "URL_BLOCKED");
      BOOST_TEST(error["message"].get<std::string>().rfind("url: ", 0) == 0);
    }
  }
  // A literal forbidden callback is refused at submit, naming the field.
  auto hook = client.submit({{"url", allowed.url("/color/00ff00")},
                             {"callbackUrl", forbidden.url("/hook")}});
  BOOST_TEST(hook.status == 403);
  BOOST_TEST(
    json::parse(hook.body)["error"]["message"].get<std::string>().rfind(
      "callbackUrl: ", 0) == 0);
  // The allowed fixture works...
  auto ok = client.capture({{"url", allowed.url("/color/00ff00")},
                            {"viewportWidth", 40},
                            {"viewportHeight", 30}});
  BOOST_TEST(ok["state"] == "COMPLETED");
  BOOST_TEST(forbidden.total_hits() == 0);
  // ...and a callback by a name (this machine's host name, which resolves
  // to loopback) is checked when connecting: never contacted, the delivery
  // fails at once with the reason.
  auto name = loopback_host_name();
  BOOST_REQUIRE_MESSAGE(!name.empty(),
                        "this machine's host name must resolve to 127.x "
                        "(/etc/hosts) for the check by name");
  auto receiver_url = receiver.url();
  receiver_url.replace(receiver_url.find("127.0.0.1"), 9, name);
  auto data = client.capture({{"url", allowed.url("/color/00ff00")},
                              {"viewportWidth", 40},
                              {"viewportHeight", 30},
                              {"callbackUrl", receiver_url}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  json status;
  for (int i = 0; i < 300; ++i) {
    status = json::parse(client.status(data["captureId"]).body)["data"];
    if (status["webhook"]["state"] == "failed")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(status["webhook"]["state"] == "failed");
  BOOST_TEST(status["webhook"]["attempts"] == 1);
  BOOST_TEST(status["webhook"]["lastError"].get<std::string>().find(
               "URL_BLOCKED") != std::string::npos);
  BOOST_TEST(receiver.calls().empty());
  BOOST_TEST(forbidden.total_hits() == 0);
}

// The engine side: redirects, subresources, frames, fetch/XHR and
// WebSocket all go through the egress proxy, which checks the address it
// connects to.
BOOST_AUTO_TEST_CASE(engine_never_contacts_forbidden_addresses) {
  fixture_server allowed;
  fixture_server forbidden{"127.0.0.2"};
  fixture_server forbidden_by_name; // 127.0.0.1, another port
  auto server = policy_server("--network.allow",
                              "127.0.0.1:" + std::to_string(allowed.port()));
  api_client client{server.base_url(), alice_key};
  auto p = std::to_string(forbidden.port());
  // Every spelling of 127.0.0.2 as the base of an allowed page's
  // subresources: the page itself renders, its subresources just fail.
  for (auto base :
       {"http://127.0.0.2:" + p, "http://2130706434:" + p,
        "http://0x7f.0.0.2:" + p, "http://0177.0.0.2:" + p,
        "http://127.0.2:" + p, "http://[::ffff:127.0.0.2]:" + p,
        "http://localhost:" + std::to_string(forbidden_by_name.port())}) {
    BOOST_TEST_CONTEXT(base) {
      auto data = client.capture({{"url", allowed.url("/embed?base=" + base)},
                                  {"viewportWidth", 600},
                                  {"viewportHeight", 400}});
      BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
      BOOST_TEST(near(corner_pixel(client, data), rgb{0, 255, 0}));
    }
  }
  // A redirect from an allowed page to a forbidden one: the capture fails
  // with URL_BLOCKED (its host was a literal only after the redirect).
  auto redirected =
    client.capture({{"url", allowed.url("/redirect?to=http://127.0.0.2:" + p +
                                        "/color/ff0000")}});
  BOOST_TEST(redirected["state"] == "FAILED");
  BOOST_TEST(redirected["error"]["code"] == "URL_BLOCKED");
  BOOST_TEST(redirected["error"]["message"].get<std::string>().find(
               "loopback") != std::string::npos);
  // A page URL whose host is a name resolving to loopback passes the
  // submit check (names are not resolved there) and fails at connect.
  auto name = loopback_host_name();
  BOOST_REQUIRE_MESSAGE(!name.empty(),
                        "this machine's host name must resolve to 127.x "
                        "(/etc/hosts) for the check by name");
  {
    // http:// goes to the proxy as one request, https:// as a CONNECT
    // tunnel: both are refused before any connection.
    for (auto scheme : {"http://", "https://"}) {
      BOOST_TEST_CONTEXT(scheme) {
        auto by_name =
          client.capture({{"url", scheme + name + ":" +
                                    std::to_string(forbidden_by_name.port()) +
                                    "/color/ff0000"}});
        BOOST_TEST(by_name["state"] == "FAILED");
        BOOST_TEST(by_name["error"]["code"] == "URL_BLOCKED");
        BOOST_TEST_MESSAGE(by_name["error"].dump());
      }
    }
  }
  let_late_requests_arrive();
  BOOST_TEST(forbidden.total_hits() == 0);
  BOOST_TEST(forbidden_by_name.total_hits() == 0);
}

// The same pages with the guard off reach the "forbidden" servers with
// every kind of request: the test above would see a leak.
BOOST_AUTO_TEST_CASE(with_the_guard_off_the_same_pages_reach_them) {
  fixture_server allowed;
  fixture_server forbidden{"127.0.0.2"};
  auto server = policy_server("--network.allow_private", "true");
  api_client client{server.base_url(), alice_key};
  auto base = "http://127.0.0.2:" + std::to_string(forbidden.port());
  auto data = client.capture({{"url", allowed.url("/embed?base=" + base)},
                              {"viewportWidth", 200},
                              {"viewportHeight", 100}});
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  auto redirected = client.capture(
    {{"url", allowed.url("/redirect?to=" + base + "/color/ff0000")},
     {"viewportWidth", 200},
     {"viewportHeight", 100}});
  BOOST_REQUIRE_EQUAL(redirected["state"], "COMPLETED");
  BOOST_TEST(near(corner_pixel(client, redirected), rgb{255, 0, 0}));
  let_late_requests_arrive();
  auto seen = forbidden.requested_paths();
  for (auto path :
       {"/img", "/frame", "/css", "/fetch", "/xhr", "/ws", "/color/ff0000"})
    BOOST_TEST(seen.count(path) == 1, path << " was requested");
}
