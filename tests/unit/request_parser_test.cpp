#define BOOST_TEST_MODULE request_parser
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "server/request_parser.hpp"

using namespace pinhole;

namespace {

capture_settings limits() {
  capture_settings s;
  s.max_viewport_width = 2000;
  s.max_viewport_height = 1500;
  s.default_timeout_ms = 25000;
  s.max_timeout_ms = 60000;
  return s;
}

struct rejected_case {
  const char* body;
  const char* must_mention;
};

/// Every body of `cases` is refused with INVALID_REQUEST, and the message
/// mentions what the case says.
template<class Cases>
void expect_rejected(const Cases& cases, const capture_settings& with) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("body: " << c.body) {
      auto r = parse_capture_request(c.body, with);
      BOOST_TEST(!r.error.ok());
      BOOST_TEST((r.error.code == error_code::invalid_request));
      BOOST_TEST(r.error.message.find(c.must_mention) != std::string::npos,
                 "'" << r.error.message << "' mentions " << c.must_mention);
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_fill_missing_fields) {
  auto r =
    parse_capture_request(R"({"url":"https://example.com/a?b=c"})", limits());
  BOOST_REQUIRE(r.error.ok());
  BOOST_TEST(r.options.url == "https://example.com/a?b=c");
  BOOST_TEST(r.options.viewport_width == 1280);
  BOOST_TEST(r.options.viewport_height == 800);
  BOOST_TEST(r.options.full_page == false);
  BOOST_TEST(r.options.device_scale_factor == 1.0);
  BOOST_TEST(r.options.delay_ms == 0);
  BOOST_TEST(r.options.timeout_ms == 25000); // capture.default_timeout_ms
  BOOST_TEST(r.options.user_agent.empty());
  BOOST_TEST(r.options.quality == 80);
  BOOST_TEST((r.options.format == image_format::png));
}

BOOST_AUTO_TEST_CASE(every_field_is_taken) {
  auto r = parse_capture_request(
    R"({"url":"http://127.0.0.1:8080/x","viewportWidth":2000,
        "viewportHeight":1,"deviceScaleFactor":2.5,"delay":30000,
        "timeout":60000,"userAgent":"Bot/1","format":"png","quality":100,
        "fullPage":false})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.viewport_width == 2000);
  BOOST_TEST(r.options.viewport_height == 1);
  BOOST_TEST(r.options.device_scale_factor == 2.5);
  BOOST_TEST(r.options.delay_ms == 30000);
  BOOST_TEST(r.options.timeout_ms == 60000);
  BOOST_TEST(r.options.user_agent == "Bot/1");
  BOOST_TEST(r.options.quality == 100);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_rejected_naming_the_field) {
  std::string long_url =
    R"({"url":"http://a.example/)" + std::string(2048, 'x') + R"("})";
  std::string long_ua = R"({"url":"http://a.example/","userAgent":")" +
                        std::string(513, 'x') + R"("})";
  std::vector<rejected_case> cases{
    {"", "JSON"},
    {"nope", "JSON"},
    {"{\"url\":", "JSON"},
    {"\"just a string\"", "object"},
    {"null", "object"},
    {"{}", "url is required"},
    {R"({"url":null})", "url"},
    {R"({"url":"example.com"})", "url"},
    {R"({"url":"file:///etc/passwd"})", "url"},
    {R"({"url":"javascript:void"})", "url"},
    {R"({"url":"data:text/html,hi"})", "url"},
    {R"({"url":"http://"})", "url"},
    {long_url.c_str(), "url"},
    {R"({"url":"http://a.example/","Url":"x"})", "'Url'"},
    {R"({"url":"http://a.example/","viewportWidth":2001})", "viewportWidth"},
    {R"({"url":"http://a.example/","viewportWidth":-5})", "viewportWidth"},
    {R"({"url":"http://a.example/","viewportWidth":1e3})", "viewportWidth"},
    {R"({"url":"http://a.example/","viewportWidth":true})", "viewportWidth"},
    {R"({"url":"http://a.example/","viewportHeight":1501})", "viewportHeight"},
    {R"({"url":"http://a.example/","viewportHeight":99999999999})",
     "viewportHeight"},
    {R"({"url":"http://a.example/","deviceScaleFactor":0.5})",
     "deviceScaleFactor"},
    {R"({"url":"http://a.example/","deviceScaleFactor":"2"})",
     "deviceScaleFactor"},
    {R"({"url":"http://a.example/","delay":30001})", "delay"},
    {R"({"url":"http://a.example/","timeout":60001})", "timeout"},
    {R"({"url":"http://a.example/","timeout":500})", "timeout"},
    {R"({"url":"http://a.example/","fullPage":1})", "fullPage"},
    {long_ua.c_str(), "userAgent"},
    {R"({"url":"http://a.example/","userAgent":"a\nb"})", "userAgent"},
    {R"({"url":"http://a.example/","format":"PNG"})", "format"},
    {R"({"url":"http://a.example/","quality":101})", "quality"},
    {R"({"url":"http://a.example/","quality":"high"})", "quality"},
    {R"({"url":"http://a.example/","callbackUrl":"ftp://x"})", "callbackUrl"},
  };
  expect_rejected(cases, limits());
}

BOOST_AUTO_TEST_CASE(full_page_and_formats) {
  auto r = parse_capture_request(
    R"({"url":"http://a.example/","fullPage":true,"format":"jpeg",
        "quality":55})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.full_page);
  BOOST_TEST((r.options.format == image_format::jpeg));
  BOOST_TEST(r.options.quality == 55);
  r = parse_capture_request(R"({"url":"http://a.example/","format":"webp"})",
                            limits());
  BOOST_TEST((r.options.format == image_format::webp));
}

BOOST_AUTO_TEST_CASE(callback_url_is_taken) {
  auto r = parse_capture_request(
    R"({"url":"http://a.example/","callbackUrl":"https://b.example/hook"})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.callback_url == "https://b.example/hook");
}

BOOST_AUTO_TEST_CASE(out_of_range_numbers_are_a_json_error) {
  // Found by fuzz_request_parser: nlohmann throws out_of_range, not
  // parse_error, for numbers beyond double.
  for (auto body : {"[12e8888888888888888]", R"({"viewportWidth":1e999})"}) {
    auto r = parse_capture_request(body, limits());
    BOOST_TEST(!r.error.ok());
    BOOST_TEST((r.error.code == error_code::invalid_request));
  }
}

BOOST_AUTO_TEST_CASE(every_limit_comes_from_the_configuration) {
  auto tight = limits();
  tight.max_delay_ms = 1000;
  tight.max_device_scale_factor = 2;
  tight.max_url_length = 40;
  tight.max_user_agent_length = 8;
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","delay":1001})", "between 0 and 1000"},
    {R"({"url":"http://a.example/","deviceScaleFactor":2.5})",
     "between 1 and 2"},
    {R"({"url":"http://a.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})",
     "url must be at most 40"},
    {R"({"url":"http://a.example/","callbackUrl":
         "http://b.example/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})",
     "callbackUrl must be at most 40"},
    {R"({"url":"http://a.example/","userAgent":"Longer/1.0"})",
     "userAgent must be at most 8"},
  };
  expect_rejected(cases, tight);
  auto fine = parse_capture_request(
    R"({"url":"http://a.example/","delay":1000,"deviceScaleFactor":2,
        "userAgent":"Short/1"})",
    tight);
  BOOST_TEST(fine.error.ok(), fine.error.message);
}

BOOST_AUTO_TEST_CASE(page_controls_are_taken) {
  auto r = parse_capture_request(
    R"j({"url":"http://a.example/","selector":"main > .card:nth-child(2n+1)",
        "waitForSelector":"#app [data-ready='yes, now']",
        "hideSelectors":[".cookie-banner","#ad\\.top"],
        "css":"body { color: red }","js":"document.title = 'x';"})j",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  const auto& page = r.options.page;
  BOOST_TEST(page.selector == "main > .card:nth-child(2n+1)");
  BOOST_TEST(page.wait_for_selector == "#app [data-ready='yes, now']");
  BOOST_TEST(page.hide_selectors.size() == 2);
  BOOST_TEST(page.hide_selectors[1] == "#ad\\.top");
  BOOST_TEST(page.css == "body { color: red }");
  BOOST_TEST(page.js == "document.title = 'x';");
  BOOST_TEST(page.clip.empty());
  r = parse_capture_request(
    R"({"url":"http://a.example/","viewportWidth":800,"viewportHeight":600,
        "clip":{"x":10,"y":20,"width":790,"height":580}})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.page.clip.x == 10);
  BOOST_TEST(r.options.page.clip.height == 580);
  // With fullPage the clip may lie below the first screen.
  r = parse_capture_request(
    R"({"url":"http://a.example/","fullPage":true,
        "clip":{"x":0,"y":5000,"width":1280,"height":900}})",
    limits());
  BOOST_TEST(r.error.ok(), r.error.message);
}

BOOST_AUTO_TEST_CASE(bad_page_controls_are_rejected_naming_the_field) {
  std::string many_hidden = R"({"url":"http://a.example/","hideSelectors":[)";
  for (int i = 0; i < 51; ++i)
    many_hidden += std::string{i ? "," : ""} + "\".x\"";
  many_hidden += "]}";
  std::string long_css =
    R"({"url":"http://a.example/","css":")" + std::string(65537, 'x') + "\"}";
  std::vector<rejected_case> cases{
    {R"({"url":"http://a.example/","selector":""})", "selector"},
    {R"({"url":"http://a.example/","selector":"   "})", "selector"},
    {R"({"url":"http://a.example/","selector":5})", "selector"},
    {R"({"url":"http://a.example/","selector":"div["})", "unclosed '['"},
    {R"j({"url":"http://a.example/","selector":"a)"})j", "unmatched ')'"},
    {R"({"url":"http://a.example/","selector":"a { color: red }"})", "'{'"},
    {R"({"url":"http://a.example/","selector":"a;b"})", "';'"},
    {R"({"url":"http://a.example/","selector":"a,,b"})", "empty entry"},
    {R"({"url":"http://a.example/","selector":"a,"})", "empty entry"},
    {R"({"url":"http://a.example/","selector":"> a"})", "combinator"},
    {R"({"url":"http://a.example/","selector":"a +"})", "combinator"},
    {R"({"url":"http://a.example/","selector":"div."})", "no name"},
    {R"({"url":"http://a.example/","selector":"[title='x]"})", "string"},
    {R"({"url":"http://a.example/","selector":"a\\"})", "backslash"},
    {R"({"url":"http://a.example/","selector":"a\u0001"})", "control"},
    {R"({"url":"http://a.example/","waitForSelector":"div("})",
     "waitForSelector"},
    {R"({"url":"http://a.example/","hideSelectors":".ad"})", "hideSelectors"},
    {R"({"url":"http://a.example/","hideSelectors":[".ad",""]})",
     "hideSelectors[1]"},
    {many_hidden.c_str(), "at most 50"},
    {long_css.c_str(), "css must be at most 65536 bytes"},
    {R"({"url":"http://a.example/","js":["x"]})", "js must be a string"},
    {R"({"url":"http://a.example/","clip":[0,0,10,10]})", "clip"},
    {R"({"url":"http://a.example/","clip":{"x":0,"y":0,"width":10}})",
     "clip.height is required"},
    {R"({"url":"http://a.example/","clip":{"x":0,"y":0,"width":10,
         "height":10,"scale":2}})",
     "'scale'"},
    {R"({"url":"http://a.example/","clip":{"x":-1,"y":0,"width":10,
         "height":10}})",
     "clip.x"},
    {R"({"url":"http://a.example/","clip":{"x":0,"y":0,"width":0,
         "height":10}})",
     "clip.width"},
    {R"({"url":"http://a.example/","clip":{"x":0,"y":700,"width":10,
         "height":101}})",
     "inside the viewport"},
    {R"({"url":"http://a.example/","fullPage":true,"clip":{"x":1200,"y":0,
         "width":81,"height":10}})",
     "page's width"},
    {R"({"url":"http://a.example/","selector":"#a","clip":{"x":0,"y":0,
         "width":10,"height":10}})",
     "selector and clip"},
    {R"({"url":"http://a.example/","selector":"#a","fullPage":true})",
     "selector and fullPage"},
  };
  expect_rejected(cases, limits());
}

BOOST_AUTO_TEST_CASE(selectors_real_sites_use_pass_the_shape_check) {
  for (std::string selector :
       {"#onetrust-banner-sdk", ".fc-consent-root", "div[class*='cookie']",
        "iframe[src^=\"https://ads.\"]", "a:not(.x, .y) > b ~ c + d",
        "li:nth-of-type(2n + 1)", "[data-x=\"{}\"]", "p::first-line", "#a\\:b",
        "body *", "html:has(> body.dialog-open)"})
    BOOST_TEST_CONTEXT(selector) {
      auto body =
        nlohmann::json{{"url", "http://a.example/"}, {"selector", selector}};
      auto r = parse_capture_request(body.dump(), limits());
      BOOST_TEST(r.error.ok(), r.error.message);
    }
}

BOOST_AUTO_TEST_CASE(page_control_limits_come_from_the_configuration) {
  auto tight = limits();
  tight.max_selector_length = 5;
  tight.max_hide_selectors = 1;
  tight.max_css_bytes = 3;
  tight.max_js_bytes = 3;
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","selector":"#abcde"})", "at most 5"},
    {R"({"url":"http://a.example/","hideSelectors":[".a",".b"]})",
     "at most 1 entries"},
    {R"({"url":"http://a.example/","css":"a{}b"})", "css must be at most 3"},
    {R"({"url":"http://a.example/","js":"x=12"})", "js must be at most 3"},
  };
  expect_rejected(cases, tight);
}

BOOST_AUTO_TEST_CASE(thumbnail_sizes) {
  auto r = parse_capture_request(
    R"({"url":"http://a.example/","imageWidth":400})", limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.scaling.width == 400);
  BOOST_TEST(r.options.scaling.height == 0);
  r = parse_capture_request(
    R"({"url":"http://a.example/","imageWidth":400,"imageHeight":210,
        "fit":"cover"})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST((r.options.scaling.fit == image_fit::cover));
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","imageWidth":0})", "imageWidth"},
    {R"({"url":"http://a.example/","imageWidth":2001})", "imageWidth"},
    {R"({"url":"http://a.example/","imageHeight":"big"})", "imageHeight"},
    {R"({"url":"http://a.example/","imageWidth":10,"imageHeight":10,
         "fit":"crop"})",
     "fit must be"},
    {R"({"url":"http://a.example/","imageWidth":10,"fit":"cover"})",
     "fit needs both"},
  };
  expect_rejected(cases, limits());
}

BOOST_AUTO_TEST_CASE(headers_cookies_and_http_auth) {
  auto r = parse_capture_request(
    R"({"url":"http://a.example/",
        "headers":{"Authorization":"Bearer t0k","X-Tenant":"42"},
        "cookies":[{"name":"session","value":"abc","domain":".a.example",
                    "path":"/app","secure":true,"httpOnly":true,
                    "sameSite":"None","expires":2000000000},
                   {"name":"plain","value":""}],
        "httpAuth":{"username":"alice","password":"s3cret"}})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  const auto& s = r.options.secrets;
  BOOST_REQUIRE_EQUAL(s.headers.size(), 2u);
  BOOST_TEST(s.headers[0].name == "Authorization");
  BOOST_TEST(s.headers[0].value == "Bearer t0k");
  BOOST_REQUIRE_EQUAL(s.cookies.size(), 2u);
  BOOST_TEST(s.cookies[0].domain == ".a.example");
  BOOST_TEST(s.cookies[0].path == "/app");
  BOOST_TEST(s.cookies[0].secure);
  BOOST_TEST(s.cookies[0].http_only);
  BOOST_TEST(s.cookies[0].same_site == "None");
  BOOST_TEST(s.cookies[0].expires == 2000000000);
  BOOST_TEST(s.cookies[1].path == "/");
  BOOST_TEST(s.cookies[1].domain.empty());
  BOOST_TEST(s.http_auth.username == "alice");
  BOOST_TEST(s.http_auth.password == "s3cret");
}

BOOST_AUTO_TEST_CASE(secret_fields_are_refused_naming_the_field_not_the_value) {
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","headers":[]})",
     "headers must be an object"},
    {R"({"url":"http://a.example/","headers":{"Host":"b.example"}})",
     "headers.Host cannot be set"},
    {R"({"url":"http://a.example/","headers":{"content-length":"1"}})",
     "headers.content-length cannot be set"},
    {R"({"url":"http://a.example/","headers":{"Transfer-Encoding":"x"}})",
     "hop-by-hop"},
    {R"({"url":"http://a.example/","headers":{"Proxy-Authorization":"x"}})",
     "Proxy-*"},
    {R"({"url":"http://a.example/","headers":{"Connection":"close"}})",
     "headers.Connection"},
    {R"({"url":"http://a.example/","headers":{"Bad Name":"x"}})",
     "not a valid header name"},
    {R"({"url":"http://a.example/","headers":{"X-A":"1","x-a":"2"}})",
     "given twice"},
    {R"({"url":"http://a.example/","headers":{"X-A":1}})",
     "headers.X-A must be a string"},
    {R"({"url":"http://a.example/","headers":{"X-A":"a\r\nHost: b"}})",
     "headers.X-A must not contain control characters"},
    {R"({"url":"http://a.example/","cookies":{}})", "cookies must be a list"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a"}]})",
     "cookies[0].value is required"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b;c"}]})",
     "cookies[0].value must not contain ';'"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a b","value":"c"}]})",
     "cookies[0].name is not a valid cookie name"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "color":"red"}]})",
     "cookies[0] has an unknown field 'color'"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "path":"app"}]})",
     "cookies[0].path must start with '/'"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "sameSite":"lax"}]})",
     "cookies[0].sameSite must be"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "sameSite":"None"}]})",
     "needs secure: true"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "expires":-5}]})",
     "cookies[0].expires must be a positive integer"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b",
         "secure":"yes"}]})",
     "cookies[0].secure must be true or false"},
    {R"({"url":"http://a.example/","httpAuth":"alice:pw"})",
     "httpAuth must be an object"},
    {R"({"url":"http://a.example/","httpAuth":{"username":"alice"}})",
     "httpAuth.password is required"},
    {R"({"url":"http://a.example/","httpAuth":{"username":"a:b",
         "password":"pw"}})",
     "httpAuth.username must not contain ':'"},
    {R"({"url":"http://a.example/","httpAuth":{"username":"a",
         "password":"pw","realm":"x"}})",
     "httpAuth has an unknown field 'realm'"},
  };
  expect_rejected(cases, limits());
  // The value is a secret: a refusal never repeats it.
  auto r = parse_capture_request(
    R"({"url":"http://a.example/","headers":{"X-A":"hunter2\n"}})", limits());
  BOOST_TEST(r.error.message.find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(secret_field_limits_come_from_the_configuration) {
  auto tight = limits();
  tight.max_headers = 1;
  tight.max_header_bytes = 20;
  tight.max_cookies = 1;
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","headers":{"X-A":"1","X-B":"2"}})",
     "headers must have at most 1 entries"},
    {R"({"url":"http://a.example/","headers":{"X-A":"0123456789abcdefgh"}})",
     "headers.X-A must be at most 20 bytes"},
    {R"({"url":"http://a.example/","cookies":[{"name":"a","value":"b"},
         {"name":"c","value":"d"}]})",
     "cookies must have at most 1 entries"},
    {R"({"url":"http://a.example/","httpAuth":{"username":"a",
         "password":"0123456789abcdefghijk"}})",
     "httpAuth.password must be at most 20 bytes"},
  };
  expect_rejected(cases, tight);
}

BOOST_AUTO_TEST_CASE(cache_ttl_and_its_default) {
  auto with_default = limits();
  with_default.max_cache_ttl_s = 3600;
  with_default.default_cache_ttl_s = 300;
  auto r =
    parse_capture_request(R"({"url":"http://a.example/"})", with_default);
  BOOST_TEST(r.options.cache_ttl_s == 300);
  r = parse_capture_request(R"({"url":"http://a.example/","cacheTtl":0})",
                            with_default);
  BOOST_TEST(r.options.cache_ttl_s == 0);
  // A page seen with a login: cached only when the request asks.
  r = parse_capture_request(
    R"({"url":"http://a.example/","cookies":[{"name":"s","value":"1"}]})",
    with_default);
  BOOST_TEST(r.options.cache_ttl_s == 0);
  r = parse_capture_request(
    R"({"url":"http://a.example/","cacheTtl":60,
        "httpAuth":{"username":"a","password":"b"}})",
    with_default);
  BOOST_TEST(r.options.cache_ttl_s == 60);
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","cacheTtl":3601})",
     "cacheTtl must be between 0 and 3600"},
    {R"({"url":"http://a.example/","cacheTtl":"1h"})",
     "cacheTtl must be an integer"},
  };
  expect_rejected(cases, with_default);
}

BOOST_AUTO_TEST_CASE(omit_background_needs_a_format_with_transparency) {
  for (const char* format : {"png", "webp"}) {
    auto r = parse_capture_request(
      std::string{R"({"url":"http://a.example/","omitBackground":true,)"} +
        R"("format":")" + format + R"("})",
      limits());
    BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
    BOOST_TEST(r.options.page.omit_background);
  }
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","omitBackground":true,"format":"jpeg"})",
     "omitBackground needs format png or webp"},
    {R"({"url":"http://a.example/","omitBackground":"yes"})",
     "omitBackground must be true or false"},
  };
  expect_rejected(cases, limits());
}

BOOST_AUTO_TEST_CASE(the_blocking_fields_are_booleans) {
  auto r = parse_capture_request(
    R"({"url":"http://a.example/","blockCookieBanners":true,"blockAds":true,)"
    R"("blockTrackers":true})",
    limits());
  BOOST_REQUIRE_MESSAGE(r.error.ok(), r.error.message);
  BOOST_TEST(r.options.page.block_cookie_banners);
  BOOST_TEST(r.options.page.block_ads);
  BOOST_TEST(r.options.page.block_trackers);
  auto plain =
    parse_capture_request(R"({"url":"http://a.example/"})", limits());
  BOOST_TEST(!plain.options.page.block_ads);
  BOOST_TEST(!plain.options.page.block_trackers);
  const rejected_case cases[] = {
    {R"({"url":"http://a.example/","blockCookieBanners":"yes"})",
     "blockCookieBanners must be true or false"},
    {R"({"url":"http://a.example/","blockAds":1})",
     "blockAds must be true or false"},
    {R"({"url":"http://a.example/","blockTrackers":null})",
     "blockTrackers must be true or false"},
  };
  expect_rejected(cases, limits());
}
