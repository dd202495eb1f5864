// The conversion of Adblock Plus filter lists to WebKit content rules
// (plugins/renderer/wpe/filter_list.hpp): what each kind of filter becomes,
// what is skipped, and the order WebKit needs. That the rules compile and
// block is proven by the renderer conformance suite (blocking).
#define BOOST_TEST_MODULE filter_list
#include <boost/test/unit_test.hpp>

#include <regex>

#include "plugins/renderer/wpe/filter_list.hpp"

using nlohmann::json;
using pinhole::wpe::convert_filter_list;

namespace {

/// The rules of a list of one filter, without the fixed top-frame rule.
json rules_of(const std::string& filter) {
  auto out = convert_filter_list(filter + "\n");
  json rules = json::array();
  for (const auto& rule : out.rules)
    if (!rule["trigger"].contains("load-context"))
      rules.push_back(rule);
  return rules;
}

/// Whether `url` matches the url-filter of `rule` (WebKit's subset of
/// regular expressions is also ECMAScript's; case-insensitive by default).
bool matches(const json& rule, const std::string& url) {
  auto flags = std::regex::ECMAScript;
  if (!rule["trigger"].value("url-filter-is-case-sensitive", false))
    flags |= std::regex::icase;
  return std::regex_search(
    url, std::regex{rule["trigger"]["url-filter"].get<std::string>(), flags});
}

} // namespace

BOOST_AUTO_TEST_CASE(a_host_filter_matches_the_host_and_its_subdomains_only) {
  auto rules = rules_of("||ads.example.com^");
  BOOST_REQUIRE_EQUAL(rules.size(), 1u);
  BOOST_TEST(rules[0]["action"]["type"] == "block");
  BOOST_TEST(matches(rules[0], "https://ads.example.com/x.js"));
  BOOST_TEST(matches(rules[0], "http://cdn.ads.example.com:8080/x"));
  BOOST_TEST(!matches(rules[0], "https://ads.example.community/x"));
  BOOST_TEST(!matches(rules[0], "https://badads.example.com/x"));
  BOOST_TEST(!matches(rules[0], "https://example.org/?u=ads.example.com"));
}

BOOST_AUTO_TEST_CASE(substrings_wildcards_anchors_and_separators) {
  auto rule = rules_of("/ads/banners/*$image")[0];
  BOOST_TEST(matches(rule, "http://a.test/ads/banners/top.svg"));
  BOOST_TEST(!matches(rule, "http://a.test/ads/banner.svg"));
  BOOST_TEST(rule["trigger"]["resource-type"] == json::array({"image"}));
  rule = rules_of("|https://track.test/*.gif|")[0];
  BOOST_TEST(matches(rule, "https://track.test/p/1.gif"));
  BOOST_TEST(!matches(rule, "https://track.test/p/1.gif?x"));
  BOOST_TEST(!matches(rule, "http://a.test/?https://track.test/1.gif"));
  rule = rules_of("/pixel^")[0];
  BOOST_TEST(matches(rule, "http://a.test/pixel?id=1"));
  BOOST_TEST(!matches(rule, "http://a.test/pixels"));
  // Regular-expression characters of the pattern are literal.
  rule = rules_of("/ad.js?v=")[0];
  BOOST_TEST(matches(rule, "http://a.test/ad.js?v=2"));
  BOOST_TEST(!matches(rule, "http://a.test/adxjs?v=2"));
}

BOOST_AUTO_TEST_CASE(options_become_trigger_fields) {
  auto t = rules_of(
    "||cdn.test^$script,third-party,domain=a.test|b.test")[0]["trigger"];
  BOOST_TEST(t["resource-type"] == json::array({"script"}));
  BOOST_TEST(t["load-type"] == json::array({"third-party"}));
  BOOST_TEST(t["if-domain"] == json::array({"*a.test", "*b.test"}));
  t = rules_of("/x.js$~third-party,domain=~c.test")[0]["trigger"];
  BOOST_TEST(t["load-type"] == json::array({"first-party"}));
  BOOST_TEST(t["unless-domain"] == json::array({"*c.test"}));
  // A negated type: every other type.
  t = rules_of("/y/z$~image,match-case")[0]["trigger"];
  auto types = t["resource-type"].get<std::vector<std::string>>();
  BOOST_TEST(types.size() == 7u);
  BOOST_TEST((std::find(types.begin(), types.end(), "image") == types.end()));
  BOOST_TEST(t["url-filter-is-case-sensitive"] == true);
  // xmlhttprequest and subdocument in WebKit's words.
  t = rules_of("/api/v1$xmlhttprequest,subdocument")[0]["trigger"];
  BOOST_TEST(t["resource-type"] == json::array({"document", "raw"}));
}

BOOST_AUTO_TEST_CASE(what_webkit_cannot_express_is_skipped_and_counted) {
  for (const char* filter :
       {"/banner[0-9]+/",                  // a regular expression
        "||a.test^$csp=script-src 'none'", // an unknown option
        "||a.test^$redirect=noop.js",      // uBlock's own
        "||a.test^$popup",                 // never part of a picture
        "/x$domain=a.test|~b.a.test",      // if and unless at once
        "example.com##.ad",                // domain-specific hiding
        "example.com#@#.ad",               // a hiding exception
        "##.ad:has-text(Sponsored)",       // extended hiding
        "example.com##+js(nobab)"}) {      // a scriptlet
    auto out = convert_filter_list(std::string{filter} + "\n");
    BOOST_TEST(out.taken == 0u, filter);
    BOOST_TEST(out.skipped == 1u, filter);
  }
  // Comments, the header and blank lines are neither.
  auto out = convert_filter_list("[Adblock Plus 2.0]\n! Title: x\n\n");
  BOOST_TEST(out.taken == 0u);
  BOOST_TEST(out.skipped == 0u);
}

BOOST_AUTO_TEST_CASE(rules_come_blocks_exceptions_page_rule_then_hiding) {
  auto out = convert_filter_list("##.ad-box\n"
                                 "@@||good.test^$script\n"
                                 "||bad.test^\n");
  BOOST_TEST(out.taken == 3u);
  BOOST_REQUIRE_EQUAL(out.rules.size(), 4u);
  BOOST_TEST(out.rules[0]["action"]["type"] == "block");
  BOOST_TEST(out.rules[1]["action"]["type"] == "ignore-previous-rules");
  BOOST_TEST(out.rules[1]["trigger"]["resource-type"] ==
             json::array({"script"}));
  // The page asked for: never blocked by its own URL; element hiding
  // comes after it so that it still applies to that page.
  BOOST_TEST(out.rules[2]["action"]["type"] == "ignore-previous-rules");
  BOOST_TEST(out.rules[2]["trigger"]["load-context"] ==
             json::array({"top-frame"}));
  BOOST_TEST(out.rules[2]["trigger"]["resource-type"] ==
             json::array({"document"}));
  BOOST_TEST(out.rules[3]["action"]["type"] == "css-display-none");
  BOOST_TEST(out.rules[3]["action"]["selector"] == ".ad-box");
}
