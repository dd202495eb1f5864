// Webhooks through the real server and a real receiver on 127.0.0.1:
// signatures, retries with backoff, giving up, failed captures and a
// delivery that survives SIGKILL.

#define BOOST_TEST_MODULE webhook
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tests/support/api_client.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace pinhole::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string secret = "whsec-test-0123456789";

std::unique_ptr<server_process> serve(const std::string& dir,
                                      const std::string& retry_base,
                                      const std::string& timeout = "2s") {
  return serve_on(dir, {"--renderer.wpe.views", "1", "--webhook.secret", secret,
                        "--webhook.retry_base", retry_base, "--webhook.timeout",
                        timeout, "--webhook.max_attempts", "4"});
}

json capture_with_hook(api_client& client, const std::string& page,
                       const std::string& hook) {
  return client.capture({{"url", shared_pages().url(page)},
                         {"viewportWidth", 64},
                         {"viewportHeight", 48},
                         {"callbackUrl", hook}});
}

/// The signature as a receiver computes it (independent of the server).
std::string expected_signature(const std::string& t, const std::string& body) {
  auto message = t + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &length);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < length; ++i)
    std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return std::string(hex, 2 * length);
}

/// Waits until the status shows the webhook `state`.
json wait_webhook(api_client& client, const std::string& id,
                  const std::string& state, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  json data;
  while (std::chrono::steady_clock::now() < deadline) {
    data = json::parse(client.status(id).body)["data"];
    if (data.contains("webhook") && data["webhook"]["state"] == state)
      return data;
    std::this_thread::sleep_for(20ms);
  }
  return data;
}

} // namespace

BOOST_AUTO_TEST_CASE(signed_delivery_of_a_completed_capture) {
  webhook_receiver receiver;
  auto server = serve(make_temp_dir("hook-signed"), "200ms");
  api_client client{server->base_url(), alice_key};
  auto data = capture_with_hook(client, "/color/00ff00", receiver.url());
  BOOST_REQUIRE_EQUAL(data["state"], "COMPLETED");
  BOOST_REQUIRE(receiver.wait_calls(1, 10s));
  auto call = receiver.calls()[0];
  BOOST_TEST(call.event == "capture.completed");
  BOOST_TEST(call.delivery.rfind("dlv_", 0) == 0);
  auto body = json::parse(call.body);
  BOOST_TEST(body["event"] == "capture.completed");
  BOOST_TEST(body["captureId"] == data["captureId"]);
  BOOST_TEST(body["state"] == "COMPLETED");
  BOOST_TEST(body["imageUrl"] == data["imageUrl"]);
  BOOST_TEST(body["width"] == 64);
  // t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">
  auto comma = call.signature.find(',');
  BOOST_REQUIRE(call.signature.rfind("t=", 0) == 0);
  auto t = call.signature.substr(2, comma - 2);
  BOOST_TEST(call.signature.substr(comma + 1) ==
             "v1=" + expected_signature(t, call.body));
  BOOST_TEST(std::abs(std::stoll(t) - std::time(nullptr)) < 60);
  // The README's verification script agrees (and rejects a changed body).
  auto dir = make_temp_dir("hook-verify");
  write_text_file(dir + "/body.json", call.body);
  write_text_file(dir + "/tampered.json", call.body + " ");
  auto script =
    std::string{PINHOLE_SOURCE_DIR} + "/scripts/verify-webhook-signature.py";
  auto run = [&](const std::string& file) {
    auto cmd = "PINHOLE_WEBHOOK_SECRET='" + secret + "' python3 " + script +
               " '" + call.signature + "' " + file + " > /dev/null";
    return std::system(cmd.c_str());
  };
  BOOST_TEST(run(dir + "/body.json") == 0);
  BOOST_TEST(run(dir + "/tampered.json") != 0);
  auto status = wait_webhook(client, data["captureId"], "delivered", 5s);
  BOOST_TEST(status["webhook"]["attempts"] == 1);
  BOOST_TEST(status["webhook"]["lastError"].is_null());
}

BOOST_AUTO_TEST_CASE(retries_back_off_and_keep_the_delivery_id) {
  webhook_receiver receiver;
  receiver.fail_next(3);
  auto server = serve(make_temp_dir("hook-retry"), "300ms");
  api_client client{server->base_url(), alice_key};
  auto data = capture_with_hook(client, "/color/00ff00", receiver.url());
  BOOST_REQUIRE(receiver.wait_calls(4, 20s));
  auto calls = receiver.calls();
  std::vector<double> gaps;
  for (size_t i = 1; i < calls.size(); ++i) {
    BOOST_TEST(calls[i].delivery == calls[0].delivery);
    BOOST_TEST(calls[i].body == calls[0].body);
    gaps.push_back(
      std::chrono::duration<double, std::milli>(calls[i].at - calls[i - 1].at)
        .count());
  }
  // 300 ms, 600 ms, 1200 ms: each gap clearly longer than the one before.
  BOOST_TEST(gaps[0] >= 280);
  BOOST_TEST(gaps[1] > gaps[0] * 1.5);
  BOOST_TEST(gaps[2] > gaps[1] * 1.5);
  auto status = wait_webhook(client, data["captureId"], "delivered", 5s);
  BOOST_TEST(status["webhook"]["state"] == "delivered");
  BOOST_TEST(status["webhook"]["attempts"] == 4);
  // Every attempt is counted in /metrics (a fresh server: these are all).
  auto metrics = http_request("GET", server->base_url() + "/metrics").body;
  BOOST_TEST(
    metric_value(metrics,
                 R"(pinhole_webhook_attempts_total{outcome="failed"})") == 3);
  BOOST_TEST(
    metric_value(
      metrics, R"(pinhole_webhook_attempts_total{outcome="delivered"})") == 1);
}

BOOST_AUTO_TEST_CASE(deleting_a_capture_ends_its_webhook_retries) {
  webhook_receiver receiver;
  receiver.fail_next(100);
  auto server = serve(make_temp_dir("hook-delete"), "300ms");
  api_client client{server->base_url(), alice_key};
  auto data = capture_with_hook(client, "/color/00ff00", receiver.url());
  BOOST_REQUIRE(receiver.wait_calls(1, 10s));
  BOOST_REQUIRE_EQUAL(client.remove(data["captureId"]).status, 200);
  // Retries would come after 300, 600 and 1200 ms.
  std::this_thread::sleep_for(2500ms);
  BOOST_TEST(receiver.calls().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_capture_sends_capture_failed) {
  webhook_receiver receiver;
  auto server = serve(make_temp_dir("hook-failed"), "200ms");
  api_client client{server->base_url(), alice_key};
  auto data = client.capture(
    {{"url", "http://127.0.0.1:9/"}, {"callbackUrl", receiver.url()}});
  BOOST_REQUIRE_EQUAL(data["state"], "FAILED");
  BOOST_REQUIRE(receiver.wait_calls(1, 10s));
  auto call = receiver.calls()[0];
  BOOST_TEST(call.event == "capture.failed");
  auto body = json::parse(call.body);
  BOOST_TEST(body["event"] == "capture.failed");
  BOOST_TEST(body["error"]["code"] == "NAVIGATION_FAILED");
}

BOOST_AUTO_TEST_CASE(a_receiver_that_never_answers_is_given_up) {
  webhook_receiver receiver;
  receiver.never_answer(true);
  auto server = serve(make_temp_dir("hook-hang"), "100ms", "500ms");
  api_client client{server->base_url(), alice_key};
  auto data = capture_with_hook(client, "/color/00ff00", receiver.url());
  auto status = wait_webhook(client, data["captureId"], "failed", 20s);
  BOOST_REQUIRE_EQUAL(status["webhook"]["state"], "failed");
  BOOST_TEST(status["webhook"]["attempts"] == 4);
  auto error = status["webhook"]["lastError"].get<std::string>();
  BOOST_TEST(error.find("imeout") != std::string::npos, error);
  BOOST_TEST(error.find("webhook.max_attempts") != std::string::npos);
  BOOST_TEST(receiver.calls().size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_pending_delivery_survives_sigkill) {
  webhook_receiver receiver;
  receiver.fail_next(1);
  auto dir = make_temp_dir("hook-kill");
  auto server = serve(dir, "3s");
  api_client client{server->base_url(), alice_key};
  auto data = capture_with_hook(client, "/color/00ff00", receiver.url());
  BOOST_REQUIRE(receiver.wait_calls(1, 10s));
  // The first attempt failed; the retry is due in 3 s. Kill now.
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(server->stop(SIGKILL) == 128 + SIGKILL);
  server.reset();
  server = serve(dir, "3s");
  BOOST_REQUIRE(receiver.wait_calls(2, 20s));
  auto calls = receiver.calls();
  BOOST_TEST(calls[1].delivery == calls[0].delivery);
  BOOST_TEST(calls[1].body == calls[0].body);
  api_client again{server->base_url(), alice_key};
  auto status = wait_webhook(again, data["captureId"], "delivered", 10s);
  BOOST_TEST(status["webhook"]["state"] == "delivered");
  BOOST_TEST(status["webhook"]["attempts"] == 2);
}
