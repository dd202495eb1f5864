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
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace pinhole::test;
using json = nlohmann::json;

BOOST_AUTO_TEST_CASE(forbidden_addresses_are_never_contacted) {
  fixture_server allowed;
  fixture_server forbidden{"127.0.0.2"};
  webhook_receiver receiver;
  auto allow = "127.0.0.1:" + std::to_string(allowed.port());
  server_process server{{"serve", "--server.listen", "127.0.0.1:0",
                         "--storage.dir", make_temp_dir("network-policy"),
                         "--auth.keys", "alice=" + alice_key, "--network.allow",
                         allow, "--renderer.wpe.views", "1"}};
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
  char name[256] = {};
  ::gethostname(name, sizeof(name) - 1);
  addrinfo* found = nullptr;
  bool loopback_name =
    ::getaddrinfo(name, nullptr, nullptr, &found) == 0 &&
    found->ai_family == AF_INET &&
    (ntohl(reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr.s_addr) >>
     24) == 127;
  if (found)
    ::freeaddrinfo(found);
  if (!loopback_name) {
    BOOST_TEST_MESSAGE("host name " << name << " does not resolve to "
                                    << "127.x: name check not run here");
    return;
  }
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
