// API keys through the real binary: first-start key, `pinhole keys create`,
// keys held only as SHA-256, SIGHUP reload of auth.keys_file.

#define BOOST_TEST_MODULE keys
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

using namespace pinhole::test;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// 401 for unknown keys, 404 (authenticated, no such capture) for known.
long probe(const std::string& base, const std::string& key) {
  return http_request("GET", base + "/api/screenshot/capture/cap_000000000000",
                      {"X-API-KEY: " + key})
    .status;
}

std::string create_key(const std::string& name, const std::string& file) {
  auto [code, output] =
    run_pinhole({"keys", "create", "--name", name, "--auth.keys_file", file});
  BOOST_REQUIRE_EQUAL(code, 0);
  std::smatch m;
  auto text = output;
  BOOST_REQUIRE(std::regex_search(text, m, std::regex{"ph_[0-9a-f]{40}"}));
  return m[0];
}

} // namespace

BOOST_AUTO_TEST_CASE(first_start_creates_one_key_and_stores_only_its_hash) {
  auto dir = make_temp_dir("first-key");
  std::string key;
  {
    server_process server{
      {"serve", "--server.listen", "127.0.0.1:0", "--storage.dir", dir}};
    std::smatch m;
    auto output = server.output();
    BOOST_REQUIRE(std::regex_search(output, m, std::regex{"ph_[0-9a-f]{40}"}));
    key = m[0];
    BOOST_TEST(probe(server.base_url(), key) == 404);
    BOOST_TEST(probe(server.base_url(), key + "x") == 401);
  }
  auto stored = read_all(dir + "/api-keys.yaml");
  BOOST_TEST(stored.find(key) == std::string::npos);
  BOOST_TEST(stored.find("key_sha256") != std::string::npos);
  // The second start finds it and prints no key.
  server_process again{
    {"serve", "--server.listen", "127.0.0.1:0", "--storage.dir", dir}};
  BOOST_TEST(again.output().find("ph_") == std::string::npos);
  BOOST_TEST(probe(again.base_url(), key) == 404);
}

BOOST_AUTO_TEST_CASE(sighup_reloads_the_keys_file) {
  auto dir = make_temp_dir("sighup");
  auto file = dir + "/keys.yaml";
  auto first = create_key("first", file);
  BOOST_TEST(read_all(file).find(first) == std::string::npos);
  server_process server{{"serve", "--server.listen", "127.0.0.1:0",
                         "--storage.dir", dir + "/data", "--auth.keys_file",
                         file}};
  BOOST_TEST(probe(server.base_url(), first) == 404);
  auto second = create_key("second", file);
  BOOST_TEST(probe(server.base_url(), second) == 401); // not loaded yet
  auto reload = [&] {
    auto before = server.output().size();
    ::kill(server.pid(), SIGHUP);
    for (int i = 0; i < 200; ++i) {
      if (server.output().find("reloaded API keys", before) !=
          std::string::npos)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  BOOST_REQUIRE(reload());
  BOOST_TEST(probe(server.base_url(), second) == 404);
  BOOST_TEST(probe(server.base_url(), first) == 404);
  // Revoke the first key by rewriting the file without it.
  auto text = read_all(file);
  auto start = text.find("- name: first");
  auto end = text.find("- name: second");
  BOOST_REQUIRE(start != std::string::npos && end != std::string::npos);
  write_text_file(file, text.substr(0, start) + text.substr(end));
  BOOST_REQUIRE(reload());
  BOOST_TEST(probe(server.base_url(), first) == 401);
  BOOST_TEST(probe(server.base_url(), second) == 404);
  // A broken file keeps the current keys.
  write_text_file(file, "keys: [unclosed");
  ::kill(server.pid(), SIGHUP);
  BOOST_TEST(eventually([&] {
    return server.output().find("keeping the old API keys") !=
           std::string::npos;
  }));
  BOOST_TEST(probe(server.base_url(), second) == 404);
  // Keys never show up in the log.
  BOOST_TEST(server.output().find(first) == std::string::npos);
  BOOST_TEST(server.output().find(second) == std::string::npos);
}
