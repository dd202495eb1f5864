// The egress proxy on its own: how it reads the engine's requests, and what
// it does with real connections (libcurl as the engine, fixture servers on
// 127.0.0.1 as the allowed target and on 127.0.0.2 as the forbidden one).

#define BOOST_TEST_MODULE egress_proxy
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "network/address_policy.hpp"
#include "network/egress_proxy.hpp"
#include "network/proxy_request.hpp"
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

/// One libcurl handle for requests through the proxy, kept for several as
/// the engine keeps its connections to the proxy; as absolute form or
/// through a CONNECT tunnel.
class proxy_client {
public:
  explicit proxy_client(const egress_proxy& proxy, bool tunnel = false)
    : curl_{curl_easy_init()} {
    curl_easy_setopt(curl_, CURLOPT_PROXY, proxy.url().c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPPROXYTUNNEL, tunnel ? 1L : 0L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, append);
  }
  ~proxy_client() { curl_easy_cleanup(curl_); }

  /// GETs `url`; `new_connection` says whether curl had to open a new
  /// connection to the proxy for it.
  proxied_response get(const std::string& url, bool& new_connection) {
    proxied_response out;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &out.headers);
    out.result = curl_easy_perform(curl_);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &out.status);
    long connects = 0;
    curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &connects);
    new_connection = connects > 0;
    return out;
  }

private:
  CURL* curl_;
};

/// GET `url` through the proxy on a connection of its own.
proxied_response get_via(const egress_proxy& proxy, const std::string& url,
                         bool tunnel = false) {
  bool new_connection = false;
  return proxy_client{proxy, tunnel}.get(url, new_connection);
}

/// A plain HTTP/1.1 server on 127.0.0.1 that counts the connections it
/// accepts and the requests it answers, keeping connections open:
///   /len/N        N bytes of 'x' with Content-Length
///   /chunked      "hello" in two chunks
///   /eof          "bye", no length: the body ends when it closes
///   /then-close   "x" with Content-Length, then it closes the connection
///                 without saying so (as a server's idle timeout does)
class counting_server {
public:
  counting_server() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), size);
    ::listen(listener_, 16);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread{[this] { accept_all(); }};
  }

  ~counting_server() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    for (auto& t : connections_)
      t.join();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  int connections() const { return connections_accepted_; }
  int requests() const { return requests_; }

private:
  void accept_all() {
    for (;;) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0)
        return;
      ++connections_accepted_;
      connections_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string buffer;
    char chunk[4096];
    for (;;) {
      auto end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) {
        auto n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0)
          break;
        buffer.append(chunk, static_cast<size_t>(n));
        continue;
      }
      auto request = buffer.substr(0, end);
      buffer.erase(0, end + 4);
      ++requests_;
      auto path = request.substr(4, request.find(' ', 4) - 4);
      std::string answer;
      bool close_after = false;
      if (path.rfind("/len/", 0) == 0) {
        auto n = std::stoul(path.substr(5));
        answer = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(n) +
                 "\r\n\r\n" + std::string(n, 'x');
      } else if (path == "/chunked")
        answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";
      else if (path == "/eof") {
        answer = "HTTP/1.1 200 OK\r\n\r\nbye";
        close_after = true;
      } else {
        answer = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
        close_after = true;
      }
      if (::write(fd, answer.data(), answer.size()) < 0 || close_after)
        break;
    }
    ::close(fd);
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
  std::atomic<int> connections_accepted_{0};
  std::atomic<int> requests_{0};
};

std::shared_ptr<const address_policy> allowing(std::vector<int> ports) {
  std::vector<std::string> allow;
  for (auto port : ports)
    allow.push_back("127.0.0.1:" + std::to_string(port));
  return std::make_shared<const address_policy>(network_settings{false, allow});
}

} // namespace

BOOST_AUTO_TEST_CASE(absolute_form_becomes_origin_form) {
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
  // A bodiless HTTP/1.1 GET: the upstream connection may be kept.
  BOOST_TEST(request.keep_alive);
  BOOST_TEST(request.upstream_header ==
             "GET /a/b?c=d HTTP/1.1\r\nHost: 2130706434:8080\r\n"
             "Accept: */*\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(requests_with_a_body_or_asking_to_close_are_not_kept) {
  for (const char* header :
       {"POST http://a/ HTTP/1.1\r\nContent-Length: 3\r\n\r\n",
        "POST http://a/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET http://a/ HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET http://a/ HTTP/1.1\r\nProxy-Connection: Close\r\n\r\n",
        "GET http://a/ HTTP/1.0\r\n\r\n"}) {
    proxy_request request;
    BOOST_TEST(parse_proxy_request(header, request) == "");
    BOOST_TEST(!request.keep_alive, header);
    BOOST_TEST(contains(request.upstream_header, "Connection: close\r\n"),
               header);
  }
  proxy_request empty_post;
  BOOST_TEST(
    parse_proxy_request("POST http://a/ HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                        empty_post) == "");
  BOOST_TEST(empty_post.keep_alive);
}

BOOST_AUTO_TEST_CASE(the_end_of_an_answer_is_read_from_its_header) {
  auto sized =
    frame_response("HTTP/1.1 200 OK\r\nContent-Length:  42 \r\n\r\n", false);
  BOOST_TEST(sized.body_length == 42);
  BOOST_TEST(sized.server_keeps_alive);
  BOOST_TEST(frame_response("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n",
                            true)
               .body_length == 0); // HEAD
  BOOST_TEST(
    frame_response("HTTP/1.1 304 Not Modified\r\n\r\n", false).body_length ==
    0);
  BOOST_TEST(
    !frame_response(
       "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n",
       false)
       .server_keeps_alive);
  BOOST_TEST(
    !frame_response("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", false)
       .server_keeps_alive);
  // Unknown ends: read until the server closes.
  for (const char* header :
       {"HTTP/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"}) {
    auto framing = frame_response(header, false);
    BOOST_TEST(framing.body_length == -1, header);
    BOOST_TEST(!framing.server_keeps_alive, header);
  }
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
  const std::string upstream =
    "HTTP/1.1 200 OK\r\nX-Pinhole-Blocked: fake\r\nConnection: keep-alive\r\n"
    "Keep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\n";
  BOOST_TEST(rewrite_response_header(upstream) ==
             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
             "Connection: close\r\n\r\n");
  BOOST_TEST(rewrite_response_header(upstream, true) ==
             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
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
  // A renderer reads a refused tunnel (a bare 403) through the proxy's
  // egress access, which finds the reason in the proxy's refusal log.
  auto access = proxy.access();
  auto no_header = [](const char*) -> const char* { return nullptr; };
  auto bare = access.classify(forbidden.url("/x"), 403, no_header);
  BOOST_TEST((bare.what == egress_refusal::kind::blocked));
  BOOST_TEST(contains(bare.reason, "is loopback"));
  BOOST_TEST((access.classify(allowed.url("/x"), 403, no_header).what ==
              egress_refusal::kind::none));
  BOOST_TEST((access.classify(forbidden.url("/x"), 200, no_header).what ==
              egress_refusal::kind::none));
  auto header = [](const char* name) -> const char* {
    return std::string{name} == "X-Pinhole-Proxy-Error" ? "connection refused"
                                                        : nullptr;
  };
  auto failed = access.classify(allowed.url("/x"), 502, header);
  BOOST_TEST((failed.what == egress_refusal::kind::failed));
  BOOST_TEST(failed.reason == "connection refused");
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

BOOST_AUTO_TEST_CASE(kept_connections_carry_the_next_requests_on_both_sides) {
  counting_server server;
  egress_proxy proxy{allowing({server.port()}), egress_settings{}};
  proxy_client client{proxy};
  bool new_connection = false;
  // 40000 bytes: more than the proxy's 16 KB relay buffer.
  for (size_t length : {5, 40000, 0, 7}) {
    auto answer =
      client.get(server.url("/len/" + std::to_string(length)), new_connection);
    BOOST_TEST(answer.status == 200);
    BOOST_TEST(answer.body == std::string(length, 'x'));
    BOOST_TEST(new_connection == (length == 5), "length " << length);
  }
  BOOST_TEST(server.requests() == 4);
  BOOST_TEST(server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(
  a_request_for_another_host_gets_its_own_checked_connection) {
  counting_server first, second;
  fixture_server forbidden{"127.0.0.2"};
  egress_proxy proxy{allowing({first.port(), second.port()}),
                     egress_settings{}};
  proxy_client client{proxy};
  bool new_connection = false;
  BOOST_TEST(client.get(first.url("/len/3"), new_connection).body == "xxx");
  BOOST_TEST(client.get(second.url("/len/4"), new_connection).body == "xxxx");
  BOOST_TEST(!new_connection);       // the engine's connection is kept ...
  BOOST_TEST(first.requests() == 1); // ... but not the first host's
  BOOST_TEST(second.connections() == 1);
  auto refused = client.get(forbidden.url("/color/ff0000"), new_connection);
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(forbidden.total_hits() == 0);
  BOOST_TEST(proxy.refused_count() == 1u);
  BOOST_TEST(client.get(first.url("/len/2"), new_connection).body == "xx");
  BOOST_TEST(first.connections() == 2); // a new, checked connection
}

BOOST_AUTO_TEST_CASE(
  answers_that_end_when_the_server_closes_close_the_connection) {
  counting_server server;
  egress_proxy proxy{allowing({server.port()}), egress_settings{}};
  proxy_client client{proxy};
  bool new_connection = false;
  BOOST_TEST(client.get(server.url("/chunked"), new_connection).body ==
             "hello");
  auto eof = client.get(server.url("/eof"), new_connection);
  BOOST_TEST(new_connection); // the chunked answer closed the last one
  BOOST_TEST(eof.body == "bye");
  BOOST_TEST(client.get(server.url("/len/1"), new_connection).body == "x");
  BOOST_TEST(new_connection);
  BOOST_TEST(server.connections() == 3);
}

BOOST_AUTO_TEST_CASE(a_kept_connection_its_server_closed_is_replaced) {
  counting_server server;
  egress_proxy proxy{allowing({server.port()}), egress_settings{}};
  proxy_client client{proxy};
  bool new_connection = false;
  BOOST_TEST(client.get(server.url("/then-close"), new_connection).body == "x");
  // The proxy still holds the upstream connection the server has closed.
  auto next = client.get(server.url("/len/3"), new_connection);
  BOOST_TEST(next.result == CURLE_OK);
  BOOST_TEST(next.body == "xxx");
  BOOST_TEST(!new_connection);
  BOOST_TEST(server.connections() == 2);
}
