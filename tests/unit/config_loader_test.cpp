#define BOOST_TEST_MODULE config_loader
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "config/sha256.hpp"
#include "plugins/plugin.hpp"

using namespace pinhole;

namespace {

std::string write_yaml(const std::string& text) {
  static int counter = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("pinhole-config-test-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter++) + ".yaml");
  std::ofstream{path} << text;
  return path.string();
}

/// What `pinhole serve` does before starting anything.
settings load(std::vector<std::string> args) {
  auto s = load_settings(args, builtin_plugin_options());
  choose_plugins(s.values);
  return s;
}

struct error_case {
  const char* name;
  std::string yaml; // empty: no file
  std::vector<std::string> flags;
  const char* must_mention;
};

} // namespace

BOOST_AUTO_TEST_CASE(embedded_defaults_match_the_spec) {
  auto s = load({});
  BOOST_TEST(s.server.listen_host == "127.0.0.1");
  BOOST_TEST(s.server.listen_port == 8080);
  BOOST_TEST(s.server.threads == 2);
  BOOST_TEST(s.server.max_body_bytes == 65536u);
  BOOST_TEST(s.server.shutdown_grace.count() == 20000);
  BOOST_TEST(s.capture.max_concurrent == 2);
  BOOST_TEST(s.capture.max_queued == 256);
  BOOST_TEST(s.capture.max_attempts == 3);
  BOOST_TEST(s.capture.default_timeout_ms == 30000);
  BOOST_TEST(s.capture.max_timeout_ms == 90000);
  BOOST_TEST(s.capture.max_viewport_width == 3840);
  BOOST_TEST(s.capture.max_viewport_height == 3840);
  BOOST_TEST(s.capture.max_page_height == 32768);
  BOOST_TEST(s.plugins.renderer == "wpe");
  BOOST_TEST(s.plugins.store == "sqlite");
  BOOST_TEST(s.plugins.webhook == "http");
  BOOST_TEST(s.plugins.retention == "ttl");
  BOOST_TEST(s.values["renderer.wpe.views"].as<int>() == 2);
  BOOST_TEST(s.values["renderer.wpe.recycle_after"].as<int>() == 200);
  BOOST_TEST(s.storage.dir == "./pinhole-data");
  BOOST_TEST(s.limits.rate_per_minute == 600);
  BOOST_TEST(s.limits.max_active_per_key == 64);
  BOOST_TEST(s.values["webhook.max_attempts"].as<int>() == 5);
  BOOST_TEST(s.values["webhook.retry_base"].as<std::string>() == "2s");
  BOOST_TEST(s.values["webhook.timeout"].as<std::string>() == "10s");
  BOOST_TEST(s.values["webhook.secret"].as<std::string>().empty());
  BOOST_TEST(s.values["retention.ttl"].as<std::string>() == "24h");
  BOOST_TEST(s.values["retention.quota.max_bytes"].as<int64_t>() == int64_t{1}
                                                                      << 30);
  BOOST_TEST(s.values["retention.quota.max_captures"].as<int64_t>() == 10000);
  BOOST_TEST(s.retention.sweep_interval.count() == 60000);
  BOOST_TEST(s.auth.keys.empty());
  BOOST_TEST(!s.cluster.listening());
  BOOST_TEST(s.cluster.local_renderer);
  BOOST_TEST(s.cluster.heartbeat.count() == 1000);
  BOOST_TEST(s.cluster.connection_timeout.count() == 10000);
  BOOST_TEST(s.cluster.allow.empty());
  BOOST_TEST(!s.cluster.tls.enabled());
}

BOOST_AUTO_TEST_CASE(cluster_keys) {
  auto s = load({"--cluster.listen", "[::1]:7000", "--cluster.allow",
                 "10.0.0.0/8", "--cluster.local_renderer", "false"});
  BOOST_TEST(s.cluster.listen_host == "::1");
  BOOST_TEST(s.cluster.listen_port == 7000);
  BOOST_TEST(!s.cluster.local_renderer);
  BOOST_TEST((s.cluster.allow == std::vector<std::string>{"10.0.0.0/8"}));
}

BOOST_AUTO_TEST_CASE(file_overrides_defaults_and_flags_override_file) {
  auto file = write_yaml(R"(
server:
  listen: "[::1]:9000"
  threads: 4
capture:
  max_concurrent: 3
  max_queued: 10
renderer:
  wpe:
    views: 3
storage:
  dir: /tmp/somewhere
)");
  struct row {
    std::vector<std::string> flags;
    int max_concurrent, max_queued, views, threads;
  };
  std::vector<row> rows{
    {{}, 3, 10, 3, 4},
    {{"--capture.max_concurrent", "5"}, 5, 10, 3, 4},
    {{"--capture.max_queued=7", "--renderer.wpe.views", "1"}, 3, 7, 1, 4},
    {{"--server.threads", "1"}, 3, 10, 3, 1},
  };
  for (const auto& r : rows) {
    auto args = r.flags;
    args.insert(args.begin(), {"--config", file});
    auto s = load(args);
    BOOST_TEST(s.capture.max_concurrent == r.max_concurrent);
    BOOST_TEST(s.capture.max_queued == r.max_queued);
    BOOST_TEST(s.values["renderer.wpe.views"].as<int>() == r.views);
    BOOST_TEST(s.server.threads == r.threads);
    BOOST_TEST(s.server.listen_host == "::1");
    BOOST_TEST(s.server.listen_port == 9000);
    BOOST_TEST(s.storage.dir == "/tmp/somewhere");
  }
}

BOOST_AUTO_TEST_CASE(keys_are_held_as_sha256_only) {
  auto file = write_yaml(R"(
auth:
  keys:
    - {name: a, key: "plain-key-0123456789"}
    - {name: b, key_sha256: "ddefa10d3f53345111922fcf47154c50615b95f13caca8a97bb8b9f9c41a8be6"}
)");
  auto s = load({"--config", file, "--auth.keys", "c=another-key-0123456789"});
  BOOST_REQUIRE_EQUAL(s.auth.keys.size(), 3u);
  BOOST_TEST(s.auth.keys[0].name == "c"); // flags are stored first
  BOOST_TEST(s.auth.keys[0].sha256_hex == sha256_hex("another-key-0123456789"));
  BOOST_TEST(s.auth.keys[1].name == "a");
  BOOST_TEST(s.auth.keys[1].sha256_hex == sha256_hex("plain-key-0123456789"));
  BOOST_TEST(
    s.auth.keys[2].sha256_hex ==
    "ddefa10d3f53345111922fcf47154c50615b95f13caca8a97bb8b9f9c41a8be6");
}

BOOST_AUTO_TEST_CASE(durations) {
  BOOST_TEST(parse_duration("k", "500ms").count() == 500);
  BOOST_TEST(parse_duration("k", "20s").count() == 20000);
  BOOST_TEST(parse_duration("k", "5m").count() == 300000);
  BOOST_TEST(parse_duration("k", "24h").count() == 86400000);
  for (auto bad : {"", "s", "20", "20 s", "-1s", "1d", "1.5s"})
    BOOST_CHECK_THROW(parse_duration("k", bad), config_error);
}

BOOST_AUTO_TEST_CASE(bad_configurations_name_the_key) {
  std::vector<error_case> cases{
    {"unknown section key",
     "capture:\n  max_concurent: 3\n",
     {},
     "capture.max_concurent"},
    {"unknown top key", "servre:\n  listen: x\n", {}, "servre.listen"},
    {"unknown plugin key",
     "renderer:\n  wpe:\n    view: 3\n",
     {},
     "renderer.wpe.view"},
    {"not a number",
     "capture:\n  max_concurrent: many\n",
     {},
     "capture.max_concurrent"},
    {"out of range",
     "capture:\n  max_concurrent: 0\n",
     {},
     "capture.max_concurrent"},
    {"null value", "capture:\n  max_queued: ~\n", {}, "capture.max_queued"},
    {"bad listen", "server:\n  listen: \"localhost\"\n", {}, "server.listen"},
    {"bad cluster listen",
     "",
     {"--cluster.listen", "nowhere"},
     "cluster.listen"},
    {"no renderer anywhere",
     "",
     {"--cluster.local_renderer", "false"},
     "cluster.listen"},
    {"half of TLS", "", {"--cluster.tls.ca", "/ca.pem"}, "cluster.tls"},
    {"timeout under two heartbeats",
     "",
     {"--cluster.heartbeat", "1s", "--cluster.connection_timeout", "1500ms"},
     "cluster.connection_timeout"},
    {"bad port",
     "server:\n  listen: \"127.0.0.1:70000\"\n",
     {},
     "server.listen"},
    {"bad duration",
     "server:\n  shutdown_grace: soon\n",
     {},
     "server.shutdown_grace"},
    {"plugin range",
     "renderer:\n  wpe:\n    views: 0\n",
     {},
     "renderer.wpe.views"},
    {"network quiet range",
     "renderer:\n  wpe:\n    network_quiet_ms: 60001\n",
     {},
     "renderer.wpe.network_quiet_ms"},
    {"memory limit range",
     "renderer:\n  wpe:\n    memory_limit_mb: -1\n",
     {},
     "renderer.wpe.memory_limit_mb"},
    {"unknown full page method",
     "renderer:\n  wpe:\n    full_page_method: stretch\n",
     {},
     "renderer.wpe.full_page_method must be one of auto, grow, scroll"},
    {"segment rows range",
     "renderer:\n  wpe:\n    max_frame_rows: 100\n",
     {},
     "renderer.wpe.max_frame_rows"},
    {"unknown renderer",
     "renderer:\n  plugin: chrome\n",
     {},
     "renderer.plugin 'chrome' is unknown (available: wpe)"},
    {"unknown store flag",
     "",
     {"--store.plugin", "postgres"},
     "store.plugin 'postgres' is unknown (available: sqlite)"},
    {"unknown webhook flag",
     "",
     {"--webhook.plugin", "kafka"},
     "webhook.plugin 'kafka' is unknown (available: http)"},
    {"unknown retention flag",
     "",
     {"--retention.plugin", "lru"},
     "retention.plugin 'lru' is unknown (available: ttl, quota)"},
    {"unknown renderer flag",
     "",
     {"--renderer.plugin", "chromium"},
     "renderer.plugin 'chromium' is unknown (available: wpe)"},
    {"quota range",
     "retention:\n  plugin: quota\n  quota:\n    max_bytes: -1\n",
     {},
     "retention.quota.max_bytes"},
    {"quota tombstone duration",
     "retention:\n  plugin: quota\n  quota:\n    tombstone_ttl: a while\n",
     {},
     "retention.quota.tombstone_ttl"},
    {"short webhook timeout",
     "",
     {"--webhook.timeout", "50ms"},
     "webhook.timeout must be at least 100ms"},
    {"key entry field",
     "auth:\n  keys:\n    - {name: a, secret: x}\n",
     {},
     "auth.keys[0]"},
    {"short key",
     "auth:\n  keys:\n    - {name: a, key: short}\n",
     {},
     "auth.keys"},
    {"bad digest",
     "auth:\n  keys:\n    - {name: a, key_sha256: abc}\n",
     {},
     "key_sha256"},
    {"unknown flag",
     "",
     {"--capture.max_concurent", "3"},
     "capture.max_concurent"},
    {"bad flag value", "", {"--server.threads", "x"}, "server.threads"},
    {"timeout order",
     "",
     {"--capture.default_timeout_ms", "95000"},
     "capture.default_timeout_ms"},
    {"not yaml", "capture: [unclosed\n", {}, "YAML"},
    {"bad ttl", "retention:\n  ttl: forever\n", {}, "retention.ttl"},
    {"unknown retention",
     "retention:\n  plugin: lru\n",
     {},
     "retention.plugin"},
    {"not a mapping", "- a\n- b\n", {}, "mapping"},
    // Found by fuzz_config: a mapping as a key.
    {"mapping as key", "capture:\n  {a: 1}: 3\n", {}, "structure"},
    {"mapping as key entry field",
     "auth:\n  keys:\n    - {{a: 1}: x}\n",
     {},
     "structure"},
    // Found by fuzz_config: Boost's own message for a value holding one of
    // its placeholders never finished building.
    {"placeholder in a value",
     "server:\n  max_body_bytes: \"x%value%y\"\n",
     {},
     "server.max_body_bytes"},
    {"placeholder in a flag value",
     "",
     {"--capture.max_queued", "%value%"},
     "capture.max_queued"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      auto args = c.flags;
      if (!c.yaml.empty())
        args.insert(args.begin(), {"--config", write_yaml(c.yaml)});
      try {
        load(args);
        BOOST_ERROR("no error for " << c.name);
      } catch (const config_error& e) {
        BOOST_TEST(std::string{e.what()}.find(c.must_mention) !=
                     std::string::npos,
                   "'" << e.what() << "' mentions " << c.must_mention);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(missing_config_file_is_an_error) {
  BOOST_CHECK_THROW(load({"--config", "/nonexistent/pinhole.yaml"}),
                    config_error);
}

BOOST_AUTO_TEST_CASE(shipped_default_file_loads_to_the_defaults) {
  auto s = load({"--config", PINHOLE_SOURCE_DIR "/config/pinhole.yaml"});
  auto d = load({});
  BOOST_TEST(s.server.listen_port == d.server.listen_port);
  BOOST_TEST(s.capture.max_queued == d.capture.max_queued);
  BOOST_TEST(s.storage.dir == d.storage.dir);
  // Every key that has an embedded default, plugins' included, has it in
  // the file too: the file documents them.
  for (const auto& [name, value] : d.values) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(s.values.count(name) == 1);
      const auto& shipped = s.values[name].value();
      const auto& embedded = value.value();
      if (const auto* number = boost::any_cast<int>(&embedded))
        BOOST_TEST(boost::any_cast<int>(shipped) == *number);
      else if (const auto* text = boost::any_cast<std::string>(&embedded))
        BOOST_TEST(boost::any_cast<std::string>(shipped) == *text);
      else if (const auto* big = boost::any_cast<int64_t>(&embedded))
        BOOST_TEST(boost::any_cast<int64_t>(shipped) == *big);
      else if (const auto* flag = boost::any_cast<bool>(&embedded))
        BOOST_TEST(boost::any_cast<bool>(shipped) == *flag);
      else {
        using list = std::vector<std::string>;
        BOOST_TEST(boost::any_cast<list>(shipped) ==
                     boost::any_cast<list>(embedded),
                   boost::test_tools::per_element());
      }
    }
  }
}

namespace {

void flatten_keys(const YAML::Node& node, const std::string& prefix,
                  std::set<std::string>& out) {
  for (const auto& entry : node) {
    auto key = prefix + entry.first.as<std::string>();
    if (entry.second.IsMap())
      flatten_keys(entry.second, key + ".", out);
    else
      out.insert(key);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(shipped_default_file_lists_every_key) {
  // The file documents the configuration: every key (plugins' included)
  // is written in it, not only filled in from the embedded defaults.
  std::set<std::string> written;
  flatten_keys(YAML::LoadFile(PINHOLE_SOURCE_DIR "/config/pinhole.yaml"), "",
               written);
  boost::program_options::options_description all;
  all.add(core_options()).add(builtin_plugin_options());
  for (const auto& option : all.options()) {
    auto name = option->long_name();
    if (name == "config")
      continue; // the file's own name
    BOOST_TEST(written.count(name) == 1u, name << " is not in pinhole.yaml");
  }
}
