#include "tests/support/fixture_server.hpp"

namespace pinhole::test {

using namespace Pistache;

namespace {

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

fixture_server::fixture_server() {
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
  Rest::Routes::Get(router_, "/hang",
                    [this](const Request&, Http::ResponseWriter res) {
                      std::lock_guard<std::mutex> guard{mutex_};
                      hanging_.push_back(
                        std::make_shared<Http::ResponseWriter>(std::move(res)));
                      return Route::Result::Ok;
                    });
  endpoint_ = std::make_unique<Http::Endpoint>(Address{"127.0.0.1", Port{0}});
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
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string fixture_server::last_user_agent() {
  std::lock_guard<std::mutex> guard{mutex_};
  return last_user_agent_;
}

} // namespace pinhole::test
