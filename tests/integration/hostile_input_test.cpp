// Garbage and slow HTTP input against the real server: it must keep
// answering, never crash, never hang, and not grow threads.

#define BOOST_TEST_MODULE hostile_input
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole::test;

namespace {

int port_of(const std::string& base_url) {
  return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

/// A raw TCP connection to the server (closed by the destructor).
struct raw_connection {
  explicit raw_connection(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    connected =
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~raw_connection() { ::close(fd); }
  void send(const std::string& bytes) {
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  /// The status line of whatever comes back ("" when nothing does).
  std::string status_line() {
    char buf[512];
    auto n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0)
      return "";
    std::string text(buf, static_cast<size_t>(n));
    return text.substr(0, text.find("\r\n"));
  }
  int fd = -1;
  bool connected = false;
};

int thread_count(pid_t pid) {
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0)
      return std::stoi(line.substr(8));
  return -1;
}

bool healthy(const std::string& base) {
  return http_request("GET", base + "/healthz", {}, "", 5000).status == 200;
}

} // namespace

BOOST_AUTO_TEST_CASE(garbage_and_slow_input_does_no_harm) {
  auto server = start_test_server("hostile", {"--server.header_timeout", "1s"});
  auto base = server->base_url();
  auto port = port_of(base);
  BOOST_REQUIRE(healthy(base));
  auto threads_before = thread_count(server->pid());

  // 50 connections that stop in the middle of a header and stay open.
  std::vector<std::unique_ptr<raw_connection>> half;
  for (int i = 0; i < 50; ++i) {
    half.push_back(std::make_unique<raw_connection>(port));
    half.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Partial: ");
  }
  BOOST_TEST(healthy(base));

  // Headers far over the request size limit.
  {
    raw_connection c{port};
    c.send("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(200000, 'a') +
           "\r\n\r\n");
    BOOST_TEST(c.status_line().find(" 413 ") != std::string::npos);
  }
  // A Content-Length that promises more than ever comes.
  raw_connection liar{port};
  liar.send("POST /api/screenshot/capture HTTP/1.1\r\nHost: x\r\nX-API-KEY: " +
            alice_key +
            "\r\nContent-Type: application/json\r\nContent-Length: "
            "100000\r\n\r\n{\"url\":");
  BOOST_TEST(healthy(base));
  // A Content-Length shorter than the body: the cut body is bad JSON.
  {
    raw_connection c{port};
    c.send("POST /api/screenshot/capture HTTP/1.1\r\nHost: x\r\nX-API-KEY: " +
           alice_key +
           "\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n"
           "{\"url\":\"http://127.0.0.1:1/\"}");
    BOOST_TEST(c.status_line().find(" 400 ") != std::string::npos);
  }
  // Binary noise, and nonsense request lines.
  std::mt19937 random{42};
  for (int i = 0; i < 30; ++i) {
    raw_connection c{port};
    std::string noise(4096, '\0');
    for (auto& ch : noise)
      ch = static_cast<char>(random());
    c.send(noise);
    c.status_line();
  }
  for (auto junk : {"\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                    "POST /api/screenshot/capture HTTP/1.1\r\n"
                    "Content-Length: -5\r\n\r\n"}) {
    raw_connection c{port};
    c.send(junk);
    c.status_line();
  }
  BOOST_TEST(healthy(base));
  // Still a working service, with no thread per bad connection.
  auto ok =
    http_request("POST", base + "/api/screenshot/capture",
                 {"X-API-KEY: " + alice_key, "Content-Type: application/json"},
                 "{\"url\": 1}");
  BOOST_TEST(ok.status == 400);
  BOOST_TEST(thread_count(server->pid()) <= threads_before + 2);
  // Slow clients are cut off after server.header_timeout (1 s here).
  auto cut_off = std::chrono::steady_clock::now();
  auto answer = half.front()->status_line();
  BOOST_TEST(
    (std::chrono::steady_clock::now() - cut_off < std::chrono::seconds(4)));
  BOOST_TEST((answer.empty() || answer.find(" 408 ") != std::string::npos),
             answer);
  half.clear();
  BOOST_TEST(healthy(base));
}

// HTTP/1.1 means keep-alive unless the client says otherwise (Pistache
// 0.0.5 closed such connections; benchmarks and proxies depend on it).
BOOST_AUTO_TEST_CASE(http_1_1_connections_stay_open_by_default) {
  auto server = start_test_server("keepalive");
  auto port = port_of(server->base_url());
  raw_connection c{port};
  BOOST_REQUIRE(c.connected);
  for (int i = 0; i < 3; ++i) {
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(c.status_line() == "HTTP/1.1 200 OK", "request " << i);
  }
  // Asked to close, or HTTP/1.0: closed after the answer.
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_TEST(c.status_line() == "HTTP/1.1 200 OK");
  BOOST_TEST(c.status_line() == ""); // end of stream
  raw_connection old{port};
  old.send("GET /healthz HTTP/1.0\r\n\r\n");
  BOOST_TEST(old.status_line().find(" 200 ") != std::string::npos);
  BOOST_TEST(old.status_line() == "");
}
