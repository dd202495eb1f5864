#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pistache/endpoint.h>
#include <pistache/router.h>

namespace pinhole::test {

/// Test pages served on 127.0.0.1 (port 0) from the test process itself:
///   /color/RRGGBB  a page filled with one colour
///   /quadrants     red | green over blue | yellow, each a quarter
///   /timer         red, turns green 1500 ms after the script runs
///   /ua            green when navigator.userAgent contains "PinholeUA",
///                  else red; remembers the User-Agent header it got
///   /missing       404 status with a blue page
///   /hang          never answers
class fixture_server {
public:
  fixture_server();
  ~fixture_server();

  std::string url(const std::string& path) const;
  uint16_t port() const { return port_; }

  /// The User-Agent header of the last request to /ua.
  std::string last_user_agent();

private:
  Pistache::Rest::Router router_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::string last_user_agent_;
  std::vector<std::shared_ptr<Pistache::Http::ResponseWriter>> hanging_;
};

} // namespace pinhole::test
