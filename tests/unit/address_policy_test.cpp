#define BOOST_TEST_MODULE address_policy
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "config/config_error.hpp"
#include "network/address_policy.hpp"

using namespace pinhole;
using namespace pinhole::network;

namespace {

address_policy policy(std::vector<std::string> allow = {},
                      bool allow_private = false) {
  return address_policy{network_settings{allow_private, std::move(allow)}};
}

} // namespace

BOOST_AUTO_TEST_CASE(private_literals_are_refused_in_every_spelling) {
  auto p = policy();
  for (auto url : {"http://127.0.0.1/",
                   "http://127.0.0.2:8080/x",
                   "http://2130706433/",
                   "http://0x7f.1/",
                   "http://0177.0.0.1/",
                   "http://127.1/",
                   "http://0x7f000001/",
                   "http://[::1]/",
                   "http://[::ffff:127.0.0.2]/",
                   "http://[::ffff:7f00:2]/",
                   "http://localhost:5000/",
                   "http://LocalHost/",
                   "http://api.localhost/",
                   "http://10.1.2.3/",
                   "http://172.16.0.1/",
                   "http://172.31.255.255/",
                   "http://192.168.1.1/",
                   "http://169.254.169.254/latest/meta-data",
                   "http://100.64.0.1/",
                   "http://0.0.0.0/",
                   "http://0/",
                   "http://[fd00::1]/",
                   "http://[fe80::1]/",
                   "http://224.0.0.1/",
                   "http://255.255.255.255/",
                   "http://[::]/",
                   "http://[64:ff9b::a00:1]/",
                   "https://[2002:7f00:1::1]/"}) {
    BOOST_TEST_CONTEXT(url) {
      auto why = p.check_url_literal(url);
      BOOST_TEST(!why.empty());
      BOOST_TEST(why.find("network.allow") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(public_literals_and_names_pass_at_submit) {
  auto p = policy();
  for (auto url :
       {"http://93.184.216.34/", "https://example.com/",
        "http://[2606:4700::1]/", "http://172.32.0.1/", "http://100.128.0.1/",
        "http://11.0.0.1/", "http://192.169.0.1/"})
    BOOST_TEST(p.check_url_literal(url).empty(), url);
}

BOOST_AUTO_TEST_CASE(allow_rules_open_exactly_what_they_name) {
  auto p = policy({"127.0.0.1:8000", "10.0.0.0/8", "fd00::/8", "intranet"});
  BOOST_TEST(p.check_url_literal("http://127.0.0.1:8000/").empty());
  BOOST_TEST(!p.check_url_literal("http://127.0.0.1:8001/").empty());
  BOOST_TEST(!p.check_url_literal("http://127.0.0.2:8000/").empty());
  BOOST_TEST(p.check_url_literal("http://10.9.9.9/").empty());
  BOOST_TEST(!p.check_url_literal("http://192.168.0.1/").empty());
  BOOST_TEST(p.check_url_literal("http://[fd12::1]/").empty());
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.7.7", &v4.sin_addr);
  auto* addr = reinterpret_cast<sockaddr*>(&v4);
  // A name rule matches the host as written, whatever it resolves to.
  BOOST_TEST(p.check(addr, "intranet", 80).empty());
  BOOST_TEST(p.check(addr, "INTRANET", 443).empty());
  BOOST_TEST(!p.check(addr, "other", 80).empty());
  inet_pton(AF_INET, "8.8.8.8", &v4.sin_addr);
  BOOST_TEST(p.check(addr, "anything", 80).empty());
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:10.0.0.1", &v6.sin6_addr);
  // Mapped IPv6 of an allowed IPv4 CIDR: the CIDR still matches.
  BOOST_TEST(p.check(reinterpret_cast<sockaddr*>(&v6), "x", 80).empty());
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  BOOST_TEST(!p.check(reinterpret_cast<sockaddr*>(&v6), "x", 80).empty());
}

BOOST_AUTO_TEST_CASE(allow_private_turns_the_guard_off) {
  auto p = policy({}, true);
  BOOST_TEST(p.check_url_literal("http://127.0.0.1/").empty());
  BOOST_TEST(p.check_url_literal("http://[::1]/").empty());
}

BOOST_AUTO_TEST_CASE(a_narrowed_policy_allows_only_what_both_allow) {
  // A cluster worker: the coordinator's policy, narrowed by its own keys.
  auto coordinator = std::make_shared<const address_policy>(
    network_settings{false, {"10.0.0.0/8", "127.0.0.1:8000"}});
  address_policy worker{network_settings{false, {"10.1.0.0/16"}}, coordinator};
  BOOST_TEST(worker.check_url_literal("http://10.1.2.3/").empty());
  BOOST_TEST(!worker.check_url_literal("http://10.2.0.1/").empty());
  BOOST_TEST(!worker.check_url_literal("http://127.0.0.1:8000/").empty());
  BOOST_TEST(worker.check_url_literal("http://8.8.8.8/").empty());
  // Its own keys can never widen it: allow_private on the worker still
  // leaves what the coordinator refuses refused.
  address_policy wide{network_settings{true, {}}, coordinator};
  BOOST_TEST(!wide.check_url_literal("http://192.168.0.1/").empty());
  BOOST_TEST(wide.check_url_literal("http://127.0.0.1:8000/").empty());
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.1.1", &v4.sin_addr);
  BOOST_TEST(!wide.check(reinterpret_cast<sockaddr*>(&v4), "x", 80).empty());
}

BOOST_AUTO_TEST_CASE(bad_allow_entries_name_the_key) {
  for (auto entry : {"10.0.0.0/33", "::1/129", "10.0.0.0/x", "nonsense/8",
                     "host:99999", "host:", ""}) {
    BOOST_TEST_CONTEXT(entry) {
      try {
        policy({entry});
        BOOST_ERROR("accepted " << entry);
      } catch (const config_error& e) {
        BOOST_TEST(std::string{e.what()}.find("network.allow") !=
                   std::string::npos);
      }
    }
  }
}
