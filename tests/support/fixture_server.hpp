#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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
///   /auth          green with Basic auth u:p, else 401 and red; counts
///                  the requests that carried credentials
///   /embed-auth?base=B  a green page with a frame of B/auth
///   /slow          a green page, answered after 1500 ms
///   /bands/N       N bands of 1000 px, band i coloured band_color(i), a
///                  fixed 100x50 black box at the top left and a sticky
///                  60x30 black box at x = 120
///   /font          "MMMM" in black 120 px text, added 200 ms after load,
///                  in a monospace web font that arrives 1 s after it is
///                  asked for (font-display: block: invisible until then;
///                  the fallback font is proportional, about 410 px wide)
///   /tall/N        a green page N px tall
///   /stuck-image   a green page 2000 px tall with a loading=lazy image at
///                  y = 1500 from /hang (never answers)
///   /lazy          5000 px tall: a loading=lazy image (answered 20 ms late)
///                  and a box coloured by an IntersectionObserver, both at
///                  y = 3000
///   /swatch.svg    a 200x200 solid #00ff00 image (?after=MS: answered
///                  MS ms late)
///   /gradient      a diagonal colour gradient with large text
///   /cookie/set    sets a cookie and localStorage, page is white
///   /cookie/check  green when it sees no cookie and no localStorage, else
///                  red; remembers the Cookie header
///   /gate?third=B  green when the request header X-Gate begins with
///                  "open", else red; a
///                  100x100 box at the top left coloured the same way by
///                  /gate.css (by that request's X-Gate); with B, an image
///                  B/swatch.svg at x = 200
///   /cookie/show   green when its request had the cookies flavour=oat and
///                  hidden=yes, else red; a 100x100 box at the top left is
///                  green when the page's script reads flavour=oat and not
///                  hidden (an httpOnly cookie), else red
///   /dialogs       calls alert, confirm, prompt and print, then turns green
///   /spinner       green, with a box that spins for ever (never quiet)
///   /data-first    fetch()es /late-data?xhr (green, 300 ms late) once its
///                  document is parsed (?at=load: at its load event) and
///                  shows it; red if an animation frame ran before that
///   /late          red; after the load fetch()es /late-data (blue, 300 ms
///                  late), then XHRs /late-data?xhr (green, 300 ms late)
///   /redirect?to=U 302 to U (U written unencoded)
///   /embed?base=B  a green page that asks B for /img (<img>), /frame
///                  (<iframe>), /css (CSS background), /fetch (fetch()),
///                  /xhr (XMLHttpRequest) and /ws (WebSocket)
///   /layout/NAME   tests/fixtures/layout/NAME.html: pages laid out from the
///                  viewport the way real sites are (heroes, sticky
///                  sidebars, fixed headers...), see that folder
///   /pages/NAME    tests/fixtures/pages/NAME.html: pages for the request's
///                  page controls (elements, banners, late content)
class fixture_server {
public:
  /// Serves on `host` (a loopback address), port 0.
  explicit fixture_server(const std::string& host = "127.0.0.1");
  ~fixture_server();

  std::string url(const std::string& path) const;
  uint16_t port() const { return port_; }

  /// Requests received so far, on any path.
  int total_hits();

  /// Every path requested so far (routes or not).
  std::set<std::string> requested_paths();

  /// The User-Agent header of the last request to /ua.
  std::string last_user_agent();

  /// The Cookie header of the last request to /cookie/check.
  std::string last_cookie();

  /// The X-Gate header of the last request to `path` ("" when it had
  /// none or the path got no request).
  std::string gate_header(const std::string& path);

  /// Requests to /auth that carried an Authorization header.
  int authorized_requests();

  /// How many requests a path got so far.
  int hits(const std::string& path);

  /// The folder of the /layout/NAME pages.
  static std::string layout_fixture_dir();

  /// The colour of band `i` on /bands/N.
  static std::array<int, 3> band_color(int i);

private:
  void count(const std::string& path);

  Pistache::Rest::Router router_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  std::string host_;
  int total_hits_ = 0;
  std::mutex mutex_;
  std::string last_user_agent_;
  std::string last_cookie_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::string> gate_headers_;
  int authorized_requests_ = 0;
  std::set<std::string> requested_paths_;
  std::vector<std::shared_ptr<Pistache::Http::ResponseWriter>> hanging_;
};

/// One fixture_server on 127.0.0.1 for the whole test process, started
/// on first use (the integration suites share their pages this way).
fixture_server& shared_pages();

} // namespace pinhole::test
