#include "tests/support/fixture_server.hpp"

#include "tests/support/fixture_ad_routes.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <pistache/cookie.h>

namespace pinhole::test {

using namespace Pistache;

namespace {

class http_www_authenticate : public Http::Header::Header {
public:
  NAME("WWW-Authenticate")
  http_www_authenticate() = default;
  explicit http_www_authenticate(std::string v) : value_(std::move(v)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }

private:
  std::string value_;
};

void send_html(Http::ResponseWriter& res, const std::string& html,
               Http::Code code = Http::Code::Ok) {
  res.headers().add<Http::Header::ContentType>(MIME(Text, Html));
  res.send(code, html);
}

std::string page(const std::string& style, const std::string& body = "",
                 const std::string& script = "") {
  return "<!doctype html><html><head><style>html,body{margin:0;height:100%}" +
         style + "</style></head><body>" + body + "<script>" + script +
         "</script></body></html>";
}

} // namespace

fixture_server::fixture_server(const std::string& host) : host_(host) {
  using Rest::Request;
  using Rest::Route;
  Rest::Routes::Get(router_, "/color/:hex",
                    [](const Request& req, Http::ResponseWriter res) {
                      auto hex = req.param(":hex").as<std::string>();
                      send_html(res, page("body{background:#" + hex + "}"));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/quadrants", [](const Request&, Http::ResponseWriter res) {
      send_html(res, page("div{position:fixed;width:50%;height:50%}"
                          "#a{left:0;top:0;background:#ff0000}"
                          "#b{right:0;top:0;background:#00ff00}"
                          "#c{left:0;bottom:0;background:#0000ff}"
                          "#d{right:0;bottom:0;background:#ffff00}",
                          "<div id=a></div><div id=b></div><div id=c></div>"
                          "<div id=d></div>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/timer",
                    [](const Request&, Http::ResponseWriter res) {
                      send_html(res, page("body{background:#ff0000}", "",
                                          "setTimeout(() => { document.body."
                                          "style.background = '#00ff00'; }, "
                                          "1500);"));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/ua", [this](const Request& req, Http::ResponseWriter res) {
      auto ua = req.headers().tryGet<Http::Header::UserAgent>();
      {
        std::lock_guard<std::mutex> guard{mutex_};
        last_user_agent_ = ua ? ua->agent() : "";
      }
      send_html(res, page("", "",
                          "document.body.style.background = "
                          "navigator.userAgent.includes('PinholeUA')"
                          " ? '#00ff00' : '#ff0000';"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/missing", [](const Request&, Http::ResponseWriter res) {
      send_html(res, page("body{background:#0000ff}"), Http::Code::Not_Found);
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/slow", [this](const Request&, Http::ResponseWriter res) {
      count("/slow");
      auto shared = std::make_shared<Http::ResponseWriter>(std::move(res));
      std::thread{[shared] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        send_html(*shared, page("body{background:#00ff00}"));
      }}.detach();
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/bands/:n", [](const Request& req, Http::ResponseWriter res) {
      auto n = std::stoi(req.param(":n").as<std::string>());
      // A fixed box at x 0..100 and a sticky one at x 120..180 (zero flow
      // height, so the bands start at y = 0).
      std::string bands =
        "<div style='position:fixed;top:0;left:0;width:100px;height:50px;"
        "background:#000'></div>"
        "<div style='position:sticky;top:0;height:0'><div style='position:"
        "absolute;left:120px;width:60px;height:30px;background:#000'>"
        "</div></div>";
      for (int i = 0; i < n; ++i) {
        auto c = band_color(i);
        bands += "<div style='height:1000px;background:rgb(" +
                 std::to_string(c[0]) + "," + std::to_string(c[1]) + "," +
                 std::to_string(c[2]) + ")'></div>";
      }
      send_html(res, page("html,body{height:auto}", bands));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/stuck-image", [](const Request&, Http::ResponseWriter res) {
      // Lazy and out of view: it does not hold up the load, and a full
      // page makes it load.
      send_html(res,
                page("html,body{height:auto}",
                     "<div style='height:2000px;background:#00ff00'></div>"
                     "<img loading='lazy' src='/hang' style='position:"
                     "absolute;left:0;top:1500px;width:10px;height:10px'>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/tall/:n",
                    [](const Request& req, Http::ResponseWriter res) {
                      auto n = req.param(":n").as<std::string>();
                      send_html(res, page("html,body{height:auto}",
                                          "<div style='height:" + n +
                                            "px;background:#00ff00'></div>"));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/lazy", [](const Request&, Http::ResponseWriter res) {
      send_html(
        res, page("html,body{height:auto;background:#fff}",
                  "<div style='height:3000px'></div>"
                  // 20 ms late: its load ends while the view grows unless the
                  // renderer waits for it first (24 of 25 pictures white then).
                  "<img loading='lazy' src='/swatch.svg?after=20' width='200'"
                  " height='200'"
                  " style='display:block'>"
                  "<div id='io' style='width:200px;height:200px;"
                  "background:#ff0000'></div>"
                  "<div style='height:1600px'></div>",
                  "new IntersectionObserver((entries) => { for (const e of "
                  "entries) if (e.isIntersecting) e.target.style.background = "
                  "'#0000ff'; }).observe(document.getElementById('io'));"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/swatch.svg", [](const Request& req, Http::ResponseWriter res) {
      if (auto after = req.query().get("after"))
        std::this_thread::sleep_for(
          std::chrono::milliseconds(std::stoi(*after)));
      res.headers().add<Http::Header::ContentType>(
        Http::Mime::MediaType::fromString("image/svg+xml"));
      res.send(Http::Code::Ok, "<svg xmlns='http://www.w3.org/2000/svg' "
                               "width='200' height='200'><rect width='200' "
                               "height='200' fill='#00ff00'/></svg>");
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/cookie/set", [](const Request&, Http::ResponseWriter res) {
      res.headers().add<Http::Header::ContentType>(MIME(Text, Html));
      res.cookies().add(Http::Cookie("session", "secret"));
      res.send(Http::Code::Ok, page("", "",
                                    "localStorage.setItem('seen', 'yes');"
                                    "document.cookie = 'js=1; path=/';"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/keep-writing", [](const Request&, Http::ResponseWriter res) {
      // Never stops: storage, a cookie and a request every few ms. The
      // first write is at once, so a request is under way before the
      // renderer settles (it waits for the page's fetches): the test can
      // tell the page did write.
      send_html(res, page("body{background:#00ff00}", "",
                          "const write=()=>{localStorage.setItem('seen','yes');"
                          "document.cookie='js=1; path=/';fetch('/ping')};"
                          "write();setInterval(write,3);"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/ping",
                    [this](const Request&, Http::ResponseWriter res) {
                      count("/ping");
                      res.send(Http::Code::Ok, "");
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/loop-after", [](const Request& req, Http::ResponseWriter res) {
      // Answers the renderer (a step's [token, value], not the other
      // messages it posts), then hangs its page process in a loop right
      // there (a loop started from a timer could lose the race with the
      // renderer's clean-up, which then ends normally). ?full: a page 400 px
      // tall that hangs after its second answer (a full page is measured,
      // then settled).
      bool full = req.query().has("full");
      send_html(res, page(full ? "body{background:#00ff00;height:400px}"
                               : "body{background:#00ff00}",
                          "",
                          "const h=window.webkit.messageHandlers.pinhole;"
                          "const post=h.postMessage.bind(h);let answers=0;"
                          "h.postMessage=(m)=>{post(m);"
                          "if(typeof m[0]==='number'&&++answers>=" +
                            std::string{full ? "2" : "1"} + ")for(;;){}}"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/back", [](const Request&, Http::ResponseWriter res) {
      send_html(res, page("body{background:#00ff00}", "",
                          "addEventListener('load',()=>history.back())"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/visibility", [](const Request&, Http::ResponseWriter res) {
      // Green only if the page was visible to its first script and at its
      // load event, and never told its visibility changed (a screenshot is
      // of a page on screen; the view is in fact shown after the load).
      send_html(res,
                page("body{background:#ff0000}", "",
                     "const seen = [document.visibilityState];"
                     "if (document.hidden) seen.push('hidden');"
                     "document.addEventListener('visibilitychange', () => {"
                     "seen.push('changed');"
                     "document.body.style.background = '#ff0000'; });"
                     "addEventListener('load', () => {"
                     "seen.push(document.visibilityState);"
                     "if (seen.every((s) => s === 'visible')) "
                     "document.body.style.background = '#00ff00'; });"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/fragment", [](const Request&, Http::ResponseWriter res) {
      // Red if it is only scrolled to a new fragment instead of loaded.
      send_html(res, page("body{background:#00ff00}", "",
                          "addEventListener('hashchange',()=>{document.body"
                          ".style.background='#ff0000'})"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/cookie/check",
                    [this](const Request& req, Http::ResponseWriter res) {
                      {
                        std::lock_guard<std::mutex> guard{mutex_};
                        auto raw = req.headers().tryGetRaw("Cookie");
                        last_cookie_ = raw ? raw->value() : "";
                        std::ostringstream all;
                        for (const auto& c : req.cookies())
                          all << c.name << "=" << c.value << ";";
                        if (last_cookie_.empty())
                          last_cookie_ = all.str();
                      }
                      send_html(res,
                                page("", "",
                                     "document.body.style.background = "
                                     "(document.cookie === '' && "
                                     "localStorage.getItem('seen') === null) ? "
                                     "'#00ff00' : '#ff0000';"));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/gate", [](const Request& req, Http::ResponseWriter res) {
      auto open = req.headers().tryGetRaw("X-Gate");
      bool let_in = open && open->value().rfind("open", 0) == 0;
      std::string third;
      if (auto base = req.query().get("third"))
        third = "<img src='" + *base +
                "/swatch.svg' style='position:absolute;left:200px;top:0;"
                "width:50px;height:50px'>";
      send_html(res, page(std::string{"body{background:"} +
                            (let_in ? "#00ff00" : "#ff0000") + "}",
                          "<link rel=stylesheet href=/gate.css><div "
                          "id=box></div>" +
                            third));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/gate.css", [](const Request& req, Http::ResponseWriter res) {
      auto open = req.headers().tryGetRaw("X-Gate");
      bool let_in = open && open->value().rfind("open", 0) == 0;
      res.headers().add<Http::Header::ContentType>(MIME(Text, Css));
      res.send(Http::Code::Ok,
               std::string{"#box{position:absolute;left:0;top:0;width:100px;"
                           "height:100px;background:"} +
                 (let_in ? "#00ff00" : "#ff0000") + "}");
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/cookie/show", [](const Request& req, Http::ResponseWriter res) {
      auto raw = req.headers().tryGetRaw("Cookie");
      std::string cookies = raw ? raw->value() : "";
      bool both = cookies.find("flavour=oat") != std::string::npos &&
                  cookies.find("hidden=yes") != std::string::npos;
      send_html(res,
                page(std::string{"body{background:"} +
                       (both ? "#00ff00" : "#ff0000") +
                       "}#js{position:absolute;left:0;top:0;width:100px;"
                       "height:100px;background:#ff0000}",
                     "<div id=js></div>",
                     "var c = document.cookie; if (c.indexOf('flavour=oat') "
                     ">= 0 && c.indexOf('hidden') < 0) "
                     "document.getElementById('js').style.background = "
                     "'#00ff00';"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/dialogs",
                    [](const Request&, Http::ResponseWriter res) {
                      send_html(res, page("body{background:#ff0000}", "",
                                          "alert('a'); confirm('b'); "
                                          "prompt('c'); window.print(); "
                                          "document.body.style.background = "
                                          "'#00ff00';"));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/gradient", [](const Request&, Http::ResponseWriter res) {
      send_html(res, page("body{background:linear-gradient(45deg,"
                          "#f00,#0f0,#00f,#ff0)}",
                          "<h1 style='font-size:60px'>Quality "
                          "matters</h1>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/font", [](const Request&, Http::ResponseWriter res) {
      send_html(res, page("@font-face{font-family:Slow;src:"
                          "url(/slow-font.ttf);font-display:"
                          "block}body{background:#fff;font:"
                          "120px Slow;color:#000}",
                          "",
                          "addEventListener('load', () => setTimeout(() => "
                          "document.body.insertAdjacentHTML('beforeend', "
                          "'<div>MMMM</div>'), 200));"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/slow-font.ttf", [](const Request&, Http::ResponseWriter res) {
      auto shared = std::make_shared<Http::ResponseWriter>(std::move(res));
      std::thread{[shared] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        std::ifstream in{"/usr/share/fonts/truetype/dejavu/"
                         "DejaVuSansMono-Bold.ttf",
                         std::ios::binary};
        std::ostringstream bytes;
        bytes << in.rdbuf();
        shared->headers().add<Http::Header::ContentType>(
          MIME(Application, OctetStream));
        shared->send(Http::Code::Ok, bytes.str());
      }}.detach();
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/embed-auth", [](const Request& req, Http::ResponseWriter res) {
      auto base = req.query().get("base");
      send_html(
        res, page("body{background:#00ff00}",
                  "<iframe src='" + (base ? *base : "") + "/auth'></iframe>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/auth", [this](const Request& req, Http::ResponseWriter res) {
      // Basic auth for user "u", password "p".
      auto raw = req.headers().tryGetRaw("Authorization");
      if (raw) {
        std::lock_guard<std::mutex> guard{mutex_};
        ++authorized_requests_;
      }
      if (raw && raw->value() == "Basic dTpw") {
        send_html(res, page("body{background:#00ff00}"));
      } else {
        res.headers().add<http_www_authenticate>("Basic realm=\"test\"");
        send_html(res, page("body{background:#ff0000}"),
                  Http::Code::Unauthorized);
      }
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/hang",
                    [this](const Request&, Http::ResponseWriter res) {
                      count("/hang");
                      std::lock_guard<std::mutex> guard{mutex_};
                      hanging_.push_back(
                        std::make_shared<Http::ResponseWriter>(std::move(res)));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/spinner", [](const Request&, Http::ResponseWriter res) {
      // Endless, and one animation that takes a minute: neither is waited
      // for (the picture would take renderer.wpe.asset_wait_ms).
      send_html(res, page("body{background:#00ff00}div{width:40px;height:40px;"
                          "background:#000;animation:spin 1s linear infinite}"
                          "#slow{animation:slide 60s linear forwards}"
                          "@keyframes spin{to{transform:rotate(360deg)}}"
                          "@keyframes slide{to{transform:translateX(40px)}}",
                          "<div></div><div id=slow></div>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/fade-in", [](const Request&, Http::ResponseWriter res) {
      // An entrance animation (red to green in 400 ms) that starts while
      // the page loads (its image comes 150 ms late): the picture shows
      // where it ends, not a frame of it.
      send_html(res, page("#hero{height:100%;animation:fade 400ms forwards}"
                          "@keyframes fade{from{background:#ff0000}"
                          "to{background:#00ff00}}",
                          "<img src='/swatch.svg?after=150' width='20' "
                          "height='20'><div id=hero></div>"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/late", [](const Request& req, Http::ResponseWriter res) {
      // Red; blue once its data (a fetch of /late-data, 300 ms) has come;
      // green from the XHR it makes right after that answer (?after=N: N ms
      // after it, pictured only when renderer.wpe.network_quiet_ms is
      // longer than N).
      std::string xhr = "var x=new XMLHttpRequest();x.open('GET',"
                        "'/late-data?xhr');x.onload=()=>{document.body"
                        ".style.background=x.responseText};x.send();";
      if (auto after = req.query().get("after"))
        xhr = "setTimeout(()=>{" + xhr + "}," +
              std::to_string(std::stoi(*after)) + ");";
      send_html(res, page("body{background:#ff0000}", "",
                          "addEventListener('load',()=>fetch('/late-data')"
                          ".then(r=>r.text()).then(t=>{"
                          "document.body.style.background=t;" +
                            xhr + "}))"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/data-first", [](const Request& req, Http::ResponseWriter res) {
      // Fetches /late-data as soon as its document is parsed (?at=load:
      // from its load event) and shows it; red instead when an animation
      // frame ran before the data came, i.e. the engine painted the page
      // unfinished (a frame composited for nothing). ?hang: also asks
      // /hang, which never answers.
      auto start = req.query().get("at").value_or("") == "load"
                     ? "addEventListener('load',"
                     : "addEventListener('DOMContentLoaded',";
      std::string hang = req.query().has("hang") ? "fetch('/hang');" : "";
      send_html(res, page("body{background:#ffffff}", "",
                          hang +
                            "let painted=false;requestAnimationFrame(()=>"
                            "{painted=true});" +
                            std::string{start} +
                            "()=>fetch('/late-data?xhr').then(r=>r.text())"
                            ".then(t=>{document.body.style.background="
                            "painted?'#ff0000':t}))"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/in-view", [](const Request&, Http::ResponseWriter res) {
      // Turns green once an IntersectionObserver sees the box, which it
      // starts observing in an animation frame after the load: the
      // callback runs after a rendering update, so what it changes is
      // painted one frame later.
      send_html(res,
                page("body{background:#ff0000}div{height:50px}", "<div></div>",
                     "addEventListener('load',()=>requestAnimationFrame(()=>"
                     "new IntersectionObserver((es)=>{if(es[0].isIntersecting)"
                     "document.body.style.background='#00ff00'}).observe("
                     "document.querySelector('div'))))"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/progressive", [](const Request&, Http::ResponseWriter res) {
      // Builds itself over four animation frames after the load (as
      // frameworks that render in batches do); green once done.
      send_html(res, page("body{background:#ff0000}", "",
                          "let step=0;const next=()=>{step+=1;"
                          "document.body.dataset.step=step;if(step<4)"
                          "requestAnimationFrame(next);else document.body"
                          ".style.background='#00ff00'};"
                          "addEventListener('load',()=>"
                          "requestAnimationFrame(next))"));
      return Route::Result::Ok;
    });
  Rest::Routes::Get(
    router_, "/late-data", [](const Request& req, Http::ResponseWriter res) {
      // Blue for the fetch, green for the XHR made after it.
      auto colour = req.query().has("xhr") ? "#00ff00" : "#0000ff";
      auto shared = std::make_shared<Http::ResponseWriter>(std::move(res));
      std::thread{[shared, colour] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        shared->send(Http::Code::Ok, colour);
      }}.detach();
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router_, "/redirect",
                    [](const Request& req, Http::ResponseWriter res) {
                      res.headers().add<Http::Header::Location>(
                        req.query().get("to").value_or("/"));
                      res.send(Http::Code::Found, "");
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(
    router_, "/embed", [](const Request& req, Http::ResponseWriter res) {
      auto base = req.query().get("base").value_or("");
      auto ws = "ws" + base.substr(std::min<size_t>(4, base.size()));
      send_html(res, page("body{background:#00ff00}div{width:10px;height:10px;"
                          "background:url(" +
                            base + "/css)}",
                          "<img src='" + base + "/img'><iframe src='" + base +
                            "/frame'></iframe><div></div>",
                          "fetch('" + base +
                            "/fetch').catch(function(){});"
                            "var x=new XMLHttpRequest();x.open('GET','" +
                            base +
                            "/xhr');x.send();"
                            "try{new WebSocket('" +
                            ws + "/ws')}catch(e){}"));
      return Route::Result::Ok;
    });
  add_ad_routes(router_);
  // Pages kept as files: /layout/NAME and /pages/NAME.
  auto serve_folder = [](std::string folder) {
    return [folder](const Request& req, Http::ResponseWriter res) {
      auto name = req.param(":name").as<std::string>();
      std::ifstream file{folder + "/" + name + ".html"};
      bool plain_name = name.find_first_of("/.") == std::string::npos;
      if (!plain_name || !file) {
        send_html(res, page(""), Http::Code::Not_Found);
        return Route::Result::Ok;
      }
      std::ostringstream html;
      html << file.rdbuf();
      send_html(res, html.str());
      return Route::Result::Ok;
    };
  };
  Rest::Routes::Get(router_, "/layout/:name",
                    serve_folder(layout_fixture_dir()));
  Rest::Routes::Get(
    router_, "/pages/:name",
    serve_folder(std::string{PINHOLE_SOURCE_DIR} + "/tests/fixtures/pages"));
  router_.addMiddleware([this](Http::Request& req, Http::ResponseWriter&) {
    std::lock_guard<std::mutex> guard{mutex_};
    ++total_hits_;
    requested_paths_.insert(req.resource());
    auto gate = req.headers().tryGetRaw("X-Gate");
    gate_headers_[req.resource()] = gate ? gate->value() : "";
    return true; // go on to the routes
  });
  endpoint_ = std::make_unique<Http::Endpoint>(Address{host_, Port{0}});
  endpoint_->init(
    Http::Endpoint::options().threads(1).flags(Tcp::Options::ReuseAddr));
  endpoint_->setHandler(router_.handler());
  endpoint_->serveThreaded();
  port_ = static_cast<uint16_t>(endpoint_->getPort());
}

fixture_server::~fixture_server() {
  endpoint_->shutdown();
}

std::string fixture_server::url(const std::string& path) const {
  return "http://" + host_ + ":" + std::to_string(port_) + path;
}

int fixture_server::total_hits() {
  std::lock_guard<std::mutex> guard{mutex_};
  return total_hits_;
}

std::string fixture_server::gate_header(const std::string& path) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto found = gate_headers_.find(path);
  return found == gate_headers_.end() ? "" : found->second;
}

int fixture_server::authorized_requests() {
  std::lock_guard<std::mutex> guard{mutex_};
  return authorized_requests_;
}

std::string fixture_server::last_cookie() {
  std::lock_guard<std::mutex> guard{mutex_};
  return last_cookie_;
}

std::set<std::string> fixture_server::requested_paths() {
  std::lock_guard<std::mutex> guard{mutex_};
  return requested_paths_;
}

int fixture_server::hits(const std::string& path) {
  std::lock_guard<std::mutex> guard{mutex_};
  return hits_[path];
}

void fixture_server::count(const std::string& path) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++hits_[path];
}

std::string fixture_server::layout_fixture_dir() {
  return std::string{PINHOLE_SOURCE_DIR} + "/tests/fixtures/layout";
}

std::array<int, 3> fixture_server::band_color(int i) {
  return {(i * 37) % 256, (i * 91) % 256, (i * 53 + 40) % 256};
}

std::string fixture_server::last_user_agent() {
  std::lock_guard<std::mutex> guard{mutex_};
  return last_user_agent_;
}

fixture_server& shared_pages() {
  static fixture_server instance;
  return instance;
}

} // namespace pinhole::test
