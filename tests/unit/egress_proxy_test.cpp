// The egress proxy on its own: how it reads the engine's requests, and what
// it does with real connections (libcurl as the engine, fixture servers on
// 127.0.0.1 as the allowed target and on 127.0.0.2 as the forbidden one).

#define BOOST_TEST_MODULE egress_proxy
#include <boost/test/unit_test.hpp>

#include <curl/curl.h>

#include "plugins/network/address_policy.hpp"
#include "plugins/network/egress_proxy.hpp"
#include "plugins/network/proxy_request.hpp"
#include "plugins/network/refusal_log.hpp"
#include "tests/support/closed_port.hpp"
#include "tests/support/fixture_server.hpp"

using namespace pinhole::network;
using pinhole::test::closed_port;
using pinhole::test::fixture_server;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct proxied_response {
  long status = 0;
  std::string headers;
  std::string body;
  CURLcode result = CURLE_OK;
};

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

/// GET `url` through the proxy, as absolute form or through a CONNECT
/// tunnel.
proxied_response get_via(const egress_proxy& proxy, const std::string& url,
                         bool tunnel = false) {
  proxied_response out;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.url().c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPPROXYTUNNEL, tunnel ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.headers);
  out.result = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  curl_easy_cleanup(curl);
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(absolute_form_becomes_origin_form_with_connection_close) {
  proxy_request request;
  auto why = parse_proxy_request(
    "GET http://2130706434:8080/a/b?c=d#frag HTTP/1.1\r\n"
    "Host: 2130706434:8080\r\nProxy-Connection: keep-alive\r\n"
    "Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\n"
    "Accept: */*\r\n\r\n",
    request);
  BOOST_TEST(why == "");
  BOOST_TEST(!request.is_connect);
  BOOST_TEST(request.host == "127.0.0.2"); // numeric form normalised
  BOOST_TEST(request.port == 8080);
  BOOST_TEST(request.upstream_header ==
             "GET /a/b?c=d HTTP/1.1\r\nHost: 2130706434:8080\r\n"
             "Accept: */*\r\nConnection: close\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(connect_and_websocket_targets_are_read) {
  proxy_request tunnel;
  BOOST_TEST(
    parse_proxy_request("CONNECT [::ffff:127.0.0.2]:443 HTTP/1.1\r\n\r\n",
                        tunnel) == "");
  BOOST_TEST(tunnel.is_connect);
  BOOST_TEST(tunnel.port == 443);
  BOOST_TEST(
    (contains(tunnel.host, "127.0.0.2") || contains(tunnel.host, "7f00:2")));
  proxy_request socket;
  BOOST_TEST(parse_proxy_request("GET ws://example.com/ws HTTP/1.1\r\n"
                                 "Upgrade: websocket\r\n"
                                 "Connection: Upgrade\r\n\r\n",
                                 socket) == "");
  BOOST_TEST(socket.is_upgrade);
  BOOST_TEST(socket.port == 80);
  // An upgrade keeps its Connection header.
  BOOST_TEST(contains(socket.upstream_header, "Connection: Upgrade\r\n"));
  BOOST_TEST(!contains(socket.upstream_header, "Connection: close"));
}

BOOST_AUTO_TEST_CASE(requests_it_cannot_proxy_are_named) {
  proxy_request request;
  BOOST_TEST(parse_proxy_request("GET /relative HTTP/1.1\r\n\r\n", request) !=
             "");
  BOOST_TEST(parse_proxy_request("GET ftp://x/ HTTP/1.1\r\n\r\n", request) !=
             "");
  BOOST_TEST(parse_proxy_request("CONNECT a/b:443 HTTP/1.1\r\n\r\n", request) !=
             "");
  BOOST_TEST(parse_proxy_request("garbage\r\n\r\n", request) != "");
  BOOST_TEST(parse_proxy_request("", request) != "");
}

BOOST_AUTO_TEST_CASE(a_server_cannot_pretend_to_be_the_proxy) {
  auto header = rewrite_response_header(
    "HTTP/1.1 200 OK\r\nX-Pinhole-Blocked: fake\r\nConnection: keep-alive\r\n"
    "Keep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\n");
  BOOST_TEST(header == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                       "Connection: close\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(allowed_targets_are_relayed_and_forbidden_never_reached) {
  fixture_server allowed;
  fixture_server forbidden{"127.0.0.2"};
  auto policy = std::make_shared<const address_policy>(
    network_settings{false, {"127.0.0.1:" + std::to_string(allowed.port())}});
  egress_proxy proxy{policy, egress_settings{}};
  auto page = get_via(proxy, allowed.url("/color/123456"));
  BOOST_TEST(page.status == 200);
  BOOST_TEST(contains(page.body, "#123456"));
  auto tunnelled = get_via(proxy, allowed.url("/color/654321"), true);
  BOOST_TEST(tunnelled.status == 200);
  BOOST_TEST(contains(tunnelled.body, "#654321"));

  auto refused = get_via(proxy, forbidden.url("/color/ff0000"));
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(contains(refused.headers,
                      "X-Pinhole-Blocked: address 127.0.0.2 is loopback"));
  auto refused_tunnel = get_via(proxy, forbidden.url("/color/ff0000"), true);
  BOOST_TEST(refused_tunnel.result != CURLE_OK);
  // The renderer finds the reason for a refused tunnel here.
  BOOST_TEST(
    contains(recent_refusal("127.0.0.2", forbidden.port()), "is loopback"));
  BOOST_TEST(recent_refusal("127.0.0.1", allowed.port()) == "");
  auto numeric = get_via(
    proxy, "http://0x7f000002:" + std::to_string(forbidden.port()) + "/");
  BOOST_TEST(numeric.status == 403);
  BOOST_TEST(proxy.refused_count() == 3u);
  BOOST_TEST(forbidden.total_hits() == 0);
}

BOOST_AUTO_TEST_CASE(an_unreachable_target_is_a_502_naming_it) {
  auto port = closed_port();
  auto policy = std::make_shared<const address_policy>(
    network_settings{false, {"127.0.0.1:" + std::to_string(port)}});
  egress_proxy proxy{policy, egress_settings{}};
  auto answer =
    get_via(proxy, "http://127.0.0.1:" + std::to_string(port) + "/");
  BOOST_TEST(answer.status == 502);
  BOOST_TEST(contains(answer.headers, "X-Pinhole-Proxy-Error: cannot connect "
                                      "to 127.0.0.1:" +
                                        std::to_string(port)));
  BOOST_TEST(proxy.refused_count() == 0u);
}
