#include "tests/support/fixture_ad_routes.hpp"

#include <string>

namespace pinhole::test {

using namespace Pistache;

namespace {

std::string red_square_at(int left) {
  return "position:absolute;top:0;left:" + std::to_string(left) +
         "px;width:200px;height:200px;background:#ff0000";
}

/// A script that, once it runs, paints a red square at `left`.
std::string painting_script(int left) {
  return "document.addEventListener('DOMContentLoaded',function(){"
         "var d=document.createElement('div');d.style.cssText='" +
         red_square_at(left) + "';document.body.appendChild(d);});";
}

void send(Http::ResponseWriter& res, const char* type,
          const std::string& body) {
  res.headers().add<Http::Header::ContentType>(
    Http::Mime::MediaType::fromString(type));
  res.send(Http::Code::Ok, body);
}

const char* const red_svg =
  "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='200'>"
  "<rect width='200' height='200' fill='#ff0000'/></svg>";

} // namespace

void add_ad_routes(Rest::Router& router) {
  using Rest::Request;
  using Rest::Route;
  Rest::Routes::Get(
    router, "/ads", [](const Request& req, Http::ResponseWriter res) {
      auto base = req.query().get("base").value_or("");
      auto image = [&](const std::string& path, int left) {
        return "<img src='" + base + path +
               "' style='position:absolute;top:0;left:" + std::to_string(left) +
               "px' width='200' height='200'>";
      };
      auto script = [&](const std::string& path) {
        return "<script src='" + base + path + "'></script>";
      };
      res.headers().add<Http::Header::ContentType>(MIME(Text, Html));
      res.send(
        Http::Code::Ok,
        "<!doctype html><html><head><style>html,body{margin:0;height:100%;"
        "background:#00ff00}</style>" +
          script("/ads/custom_ads.js") + script("/_vercel/insights/script.js") +
          "</head><body>" + image("/ads/banners/top.svg", 0) +
          "<div class='banner-ad' style='" + red_square_at(400) + "'></div>" +
          image("/__utm.gif", 600) +
          "<div class='content' style='position:absolute;top:0;left:"
          "1000px;width:200px;height:200px;background:#0000ff'></div>"
          "</body></html>");
      return Route::Result::Ok;
    });
  Rest::Routes::Get(router, "/ads/banners/:name",
                    [](const Request&, Http::ResponseWriter res) {
                      send(res, "image/svg+xml", red_svg);
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(router, "/__utm.gif",
                    [](const Request&, Http::ResponseWriter res) {
                      send(res, "image/svg+xml", red_svg);
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(router, "/ads/custom_ads.js",
                    [](const Request&, Http::ResponseWriter res) {
                      send(res, "text/javascript", painting_script(200));
                      return Route::Result::Ok;
                    });
  Rest::Routes::Get(router, "/_vercel/insights/script.js",
                    [](const Request&, Http::ResponseWriter res) {
                      send(res, "text/javascript", painting_script(800));
                      return Route::Result::Ok;
                    });
}

} // namespace pinhole::test
