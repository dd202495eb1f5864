#include "config/config_loader.hpp"

#include <boost/program_options.hpp>
#include <yaml-cpp/yaml.h>

#include "config/cluster_options.hpp"
#include "config/config_error.hpp"
#include "config/sha256.hpp"

namespace po = boost::program_options;

namespace pinhole {

namespace {

// -- YAML -> parsed options --

/// Turns one `auth.keys` entry ({name, key} or {name, key_sha256}) into the
/// flag form "NAME=KEY" / "NAME=sha256:HEX" so both sources share one parser.
std::string key_entry_token(const YAML::Node& entry, size_t index) {
  auto where = "auth.keys[" + std::to_string(index) + "]";
  if (!entry.IsMap())
    throw config_error(where + ": expected a mapping with 'name' and 'key' "
                               "or 'key_sha256'");
  std::string name, key, hash;
  for (const auto& field : entry) {
    auto field_name = field.first.as<std::string>();
    if (!field.second.IsScalar())
      throw config_error(where + "." + field_name + ": expected a string");
    auto value = field.second.Scalar();
    if (field_name == "name")
      name = value;
    else if (field_name == "key")
      key = value;
    else if (field_name == "key_sha256")
      hash = value;
    else
      throw config_error(where + ": unknown field '" + field_name +
                         "' (expected name, key or key_sha256)");
  }
  if (key.empty() == hash.empty())
    throw config_error(where + ": give exactly one of 'key' or 'key_sha256'");
  return name + "=" + (key.empty() ? "sha256:" + hash : key);
}

void add_option(po::parsed_options& parsed, const std::string& key,
                std::vector<std::string> values) {
  po::option opt;
  opt.string_key = key;
  opt.value = values;
  opt.original_tokens.push_back("--" + key);
  for (auto& v : values)
    opt.original_tokens.push_back(v);
  parsed.options.push_back(std::move(opt));
}

void flatten(const YAML::Node& node, const std::string& prefix,
             const po::options_description& desc, const std::string& file,
             po::parsed_options& parsed) {
  for (const auto& entry : node) {
    auto name = entry.first.as<std::string>();
    auto key = prefix.empty() ? name : prefix + "." + name;
    const auto& value = entry.second;
    if (value.IsMap()) {
      flatten(value, key, desc, file, parsed);
      continue;
    }
    if (!desc.find_nothrow(key, false))
      throw config_error("unknown configuration key '" + key + "' in " + file);
    if (value.IsNull())
      throw config_error("configuration key '" + key + "' in " + file +
                         " has no value");
    std::vector<std::string> values;
    if (value.IsSequence()) {
      size_t index = 0;
      for (const auto& item : value) {
        if (key == "auth.keys")
          values.push_back(key_entry_token(item, index));
        else if (item.IsScalar())
          values.push_back(item.Scalar());
        else
          throw config_error("configuration key '" + key + "' in " + file +
                             ": list items must be plain values");
        ++index;
      }
    } else {
      values.push_back(value.Scalar());
    }
    add_option(parsed, key, std::move(values));
  }
}

po::parsed_options parse_yaml_file(const std::string& file,
                                   const po::options_description& desc) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw config_error("cannot read configuration file " + file +
                       " (--config)");
  } catch (const YAML::Exception& e) {
    throw config_error("configuration file " + file +
                       " is not valid YAML: " + e.what());
  }
  po::parsed_options parsed{&desc};
  if (root.IsNull())
    return parsed; // an empty file is a valid "all defaults" file
  if (!root.IsMap())
    throw config_error(
      "configuration file " + file +
      " must be a mapping of sections (server:, capture: ...)");
  flatten(root, "", desc, file, parsed);
  return parsed;
}

// -- typed values --

template<class T>
T get(const po::variables_map& vm, const std::string& key) {
  return vm[key].as<T>();
}

/// A duration key ("20s") read from the merged options.
std::chrono::milliseconds duration_key(const po::variables_map& vm,
                                       const std::string& key) {
  return parse_duration(key, vm[key].as<std::string>());
}

api_key_entry parse_key_token(const std::string& token) {
  auto eq = token.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == token.size())
    throw config_error("auth.keys entries must be NAME=KEY or "
                       "NAME=sha256:HEX (got an entry without a name or key)");
  api_key_entry entry;
  entry.name = token.substr(0, eq);
  auto secret = token.substr(eq + 1);
  if (secret.rfind("sha256:", 0) == 0) {
    entry.sha256_hex = secret.substr(7);
    if (!is_sha256_hex(entry.sha256_hex))
      throw config_error("auth.keys '" + entry.name +
                         "': key_sha256 must be 64 lowercase hex digits");
  } else {
    if (secret.size() < 16)
      throw config_error("auth.keys '" + entry.name +
                         "': key must be at least 16 characters");
    entry.sha256_hex = sha256_hex(secret);
  }
  return entry;
}

settings to_settings(po::variables_map vm) {
  settings s;
  parse_host_port("server.listen", get<std::string>(vm, "server.listen"),
                  s.server.listen_host, s.server.listen_port);
  s.server.threads = int_in_range(vm, "server.threads", 1, 64);
  s.server.max_body_bytes = static_cast<size_t>(
    int_in_range(vm, "server.max_body_bytes", 1024, 64 * 1024 * 1024));
  s.server.public_base_url = get<std::string>(vm, "server.public_base_url");
  while (!s.server.public_base_url.empty() &&
         s.server.public_base_url.back() == '/')
    s.server.public_base_url.pop_back();
  s.server.shutdown_grace = duration_key(vm, "server.shutdown_grace");
  s.server.header_timeout = duration_key(vm, "server.header_timeout");
  s.server.body_timeout = duration_key(vm, "server.body_timeout");
  if (s.server.header_timeout.count() < 100 ||
      s.server.body_timeout.count() < 100)
    throw config_error(
      "server.header_timeout and server.body_timeout must be at least 100ms");
  if (vm.count("auth.keys"))
    for (const auto& token : get<std::vector<std::string>>(vm, "auth.keys"))
      s.auth.keys.push_back(parse_key_token(token));
  s.auth.keys_file = get<std::string>(vm, "auth.keys_file");
  auto& c = s.capture;
  c.max_concurrent = int_in_range(vm, "capture.max_concurrent", 1, 256);
  c.max_queued = int_in_range(vm, "capture.max_queued", 0, 1000000);
  c.max_attempts = int_in_range(vm, "capture.max_attempts", 1, 100);
  c.max_timeout_ms = int_in_range(vm, "capture.max_timeout_ms", 1000, 3600000);
  c.default_timeout_ms =
    int_in_range(vm, "capture.default_timeout_ms", 1000, c.max_timeout_ms);
  c.max_viewport_width =
    int_in_range(vm, "capture.max_viewport_width", 1, 16384);
  c.max_viewport_height =
    int_in_range(vm, "capture.max_viewport_height", 1, 16384);
  c.max_page_height = int_in_range(vm, "capture.max_page_height", 1, 1000000);
  c.max_delay_ms = int_in_range(vm, "capture.max_delay_ms", 0, 600000);
  c.max_device_scale_factor =
    int_in_range(vm, "capture.max_device_scale_factor", 1, 8);
  c.max_url_length = int_in_range(vm, "capture.max_url_length", 64, 65536);
  c.max_user_agent_length =
    int_in_range(vm, "capture.max_user_agent_length", 16, 8192);
  c.max_selector_length =
    int_in_range(vm, "capture.max_selector_length", 1, 65536);
  c.max_hide_selectors =
    int_in_range(vm, "capture.max_hide_selectors", 0, 1000);
  c.max_css_bytes = int_in_range(vm, "capture.max_css_bytes", 0, 1 << 24);
  c.max_js_bytes = int_in_range(vm, "capture.max_js_bytes", 0, 1 << 24);
  c.max_headers = int_in_range(vm, "capture.max_headers", 0, 1000);
  c.max_header_bytes =
    int_in_range(vm, "capture.max_header_bytes", 16, 1 << 20);
  c.max_cookies = int_in_range(vm, "capture.max_cookies", 0, 10000);
  c.max_cache_ttl_s = int_in_range(vm, "capture.max_cache_ttl", 0, 365 * 86400);
  c.default_cache_ttl_s =
    int_in_range(vm, "capture.default_cache_ttl", 0, c.max_cache_ttl_s);
  s.plugins.renderer = get<std::string>(vm, "renderer.plugin");
  s.plugins.store = get<std::string>(vm, "store.plugin");
  s.plugins.webhook = get<std::string>(vm, "webhook.plugin");
  s.plugins.retention = get<std::string>(vm, "retention.plugin");
  s.storage.dir = get<std::string>(vm, "storage.dir");
  s.storage.secrets_key_file = get<std::string>(vm, "storage.secrets_key_file");
  s.retention.sweep_interval = duration_in_range(
    vm, "retention.sweep_interval", std::chrono::milliseconds{100});
  s.network.allow_private = get<bool>(vm, "network.allow_private");
  if (vm.count("network.allow"))
    s.network.allow = get<std::vector<std::string>>(vm, "network.allow");
  s.network.connect_timeout = duration_key(vm, "network.connect_timeout");
  s.network.idle_timeout = duration_key(vm, "network.idle_timeout");
  if (s.network.connect_timeout.count() < 100 ||
      s.network.idle_timeout.count() < 100)
    throw config_error(
      "network.connect_timeout and network.idle_timeout must be at least "
      "100ms");
  s.limits.rate_per_minute =
    int_in_range(vm, "limits.rate_per_minute", 1, 10000000);
  s.limits.max_active_per_key =
    int_in_range(vm, "limits.max_active_per_key", 1, 10000000);
  if (s.storage.dir.empty())
    throw config_error("storage.dir must not be empty");
  s.cluster = cluster_from(vm);
  s.values = std::move(vm);
  return s;
}

} // namespace

po::options_description core_options() {
  po::options_description desc{"Configuration keys (YAML path or flag)"};
  // The defaults are the settings structs' own member defaults.
  const settings d;
  auto add = desc.add_options();
  add("config", po::value<std::string>(), "YAML configuration file");
  add("server.listen",
      po::value<std::string>()->default_value(
        d.server.listen_host + ":" + std::to_string(d.server.listen_port)),
      "HOST:PORT to listen on (port 0 picks a free port)");
  add("server.threads", po::value<int>()->default_value(d.server.threads),
      "HTTP reactor threads");
  add(
    "server.max_body_bytes",
    po::value<int>()->default_value(static_cast<int>(d.server.max_body_bytes)),
    "largest accepted request body");
  add("server.public_base_url",
      po::value<std::string>()->default_value(d.server.public_base_url),
      "makes imageUrl absolute, e.g. https://shots.example.com");
  add("server.shutdown_grace",
      po::value<std::string>()->default_value(
        format_duration(d.server.shutdown_grace)),
      "how long running captures may finish on SIGTERM");
  add("server.header_timeout",
      po::value<std::string>()->default_value(
        format_duration(d.server.header_timeout)),
      "a client must send all request headers within this");
  add("server.body_timeout",
      po::value<std::string>()->default_value(
        format_duration(d.server.body_timeout)),
      "a client must send the whole request body within this");
  add("auth.keys", po::value<std::vector<std::string>>()->composing(),
      "API key as NAME=KEY or NAME=sha256:HEX (repeatable)");
  add("auth.keys_file",
      po::value<std::string>()->default_value(d.auth.keys_file),
      "YAML file with more keys (keys: [{name, key_sha256}])");
  add("capture.max_concurrent",
      po::value<int>()->default_value(d.capture.max_concurrent),
      "captures rendered at once");
  add("capture.max_queued",
      po::value<int>()->default_value(d.capture.max_queued),
      "captures waiting at most; more get 429 QUEUE_FULL");
  add("capture.max_attempts",
      po::value<int>()->default_value(d.capture.max_attempts),
      "runs of one capture before it fails");
  add("capture.default_timeout_ms",
      po::value<int>()->default_value(d.capture.default_timeout_ms),
      "render budget when a request gives no timeout");
  add("capture.max_timeout_ms",
      po::value<int>()->default_value(d.capture.max_timeout_ms),
      "largest timeout a request may ask for");
  add("capture.max_viewport_width",
      po::value<int>()->default_value(d.capture.max_viewport_width),
      "largest viewportWidth");
  add("capture.max_viewport_height",
      po::value<int>()->default_value(d.capture.max_viewport_height),
      "largest viewportHeight");
  add("capture.max_page_height",
      po::value<int>()->default_value(d.capture.max_page_height),
      "full-page captures are cut at this many CSS pixels");
  add("capture.max_delay_ms",
      po::value<int>()->default_value(d.capture.max_delay_ms),
      "largest delay a request may ask for");
  add("capture.max_device_scale_factor",
      po::value<int>()->default_value(d.capture.max_device_scale_factor),
      "largest deviceScaleFactor (image pixels grow with its square)");
  add("capture.max_url_length",
      po::value<int>()->default_value(d.capture.max_url_length),
      "longest url and callbackUrl, in characters");
  add("capture.max_user_agent_length",
      po::value<int>()->default_value(d.capture.max_user_agent_length),
      "longest userAgent, in characters");
  add("capture.max_selector_length",
      po::value<int>()->default_value(d.capture.max_selector_length),
      "longest selector, waitForSelector and hideSelectors entry");
  add("capture.max_hide_selectors",
      po::value<int>()->default_value(d.capture.max_hide_selectors),
      "most hideSelectors entries");
  add("capture.max_css_bytes",
      po::value<int>()->default_value(d.capture.max_css_bytes),
      "largest css, in bytes (server.max_body_bytes bounds the whole body)");
  add("capture.max_js_bytes",
      po::value<int>()->default_value(d.capture.max_js_bytes),
      "largest js, in bytes (server.max_body_bytes bounds the whole body)");
  add("capture.max_headers",
      po::value<int>()->default_value(d.capture.max_headers),
      "most headers entries");
  add("capture.max_header_bytes",
      po::value<int>()->default_value(d.capture.max_header_bytes),
      "longest headers entry (name and value), in bytes");
  add("capture.max_cookies",
      po::value<int>()->default_value(d.capture.max_cookies),
      "most cookies entries");
  add("capture.max_cache_ttl",
      po::value<int>()->default_value(d.capture.max_cache_ttl_s),
      "largest cacheTtl, in seconds (0: no cache)");
  add("capture.default_cache_ttl",
      po::value<int>()->default_value(d.capture.default_cache_ttl_s),
      "cacheTtl of a request without one, in seconds; never for requests "
      "with headers, cookies or httpAuth");
  const plugin_names& plugins = d.plugins;
  add("renderer.plugin",
      po::value<std::string>()->default_value(plugins.renderer),
      "renderer plugin");
  add("store.plugin", po::value<std::string>()->default_value(plugins.store),
      "store plugin (capture records)");
  add("storage.dir", po::value<std::string>()->default_value(d.storage.dir),
      "folder for images and the database");
  add("storage.secrets_key_file",
      po::value<std::string>()->default_value(d.storage.secrets_key_file),
      "key that encrypts headers, cookies and httpAuth while a capture "
      "waits (made when missing; empty: <storage.dir>/secrets.key)");
  add("network.allow_private",
      po::value<bool>()->default_value(d.network.allow_private),
      "turn the SSRF guard off (development only)");
  add("network.allow", po::value<std::vector<std::string>>()->composing(),
      "exception: CIDR or HOST[:PORT] (repeatable)");
  add("network.connect_timeout",
      po::value<std::string>()->default_value(
        format_duration(d.network.connect_timeout)),
      "longest wait for a connection to a page's server");
  add("network.idle_timeout",
      po::value<std::string>()->default_value(
        format_duration(d.network.idle_timeout)),
      "engine connections silent this long are closed");
  add("limits.rate_per_minute",
      po::value<int>()->default_value(d.limits.rate_per_minute),
      "submissions per API key per minute; more get 429 RATE_LIMITED");
  add("limits.max_active_per_key",
      po::value<int>()->default_value(d.limits.max_active_per_key),
      "unfinished captures per API key; more get 429 TOO_MANY_ACTIVE");
  add("webhook.plugin",
      po::value<std::string>()->default_value(plugins.webhook),
      "webhook plugin");
  add("retention.plugin",
      po::value<std::string>()->default_value(plugins.retention),
      "retention plugin: ttl or quota");
  add("retention.sweep_interval",
      po::value<std::string>()->default_value(
        format_duration(d.retention.sweep_interval)),
      "how often expired captures and orphan files are removed");
  add_cluster_options(desc);
  return desc;
}

std::string describe_option_error(const po::error& e) {
  auto* named = dynamic_cast<const po::error_with_option_name*>(&e);
  if (!named)
    return e.what();
  const char* problem = "cannot be read";
  if (dynamic_cast<const po::invalid_option_value*>(&e) ||
      dynamic_cast<const po::validation_error*>(&e))
    problem = "has an invalid value";
  else if (dynamic_cast<const po::multiple_occurrences*>(&e))
    problem = "is given more than once";
  else if (dynamic_cast<const po::required_option*>(&e))
    problem = "is missing";
  else if (dynamic_cast<const po::invalid_command_line_syntax*>(&e))
    problem = "is not written as --key value";
  return "option '" + named->get_option_name() + "' " + problem;
}

settings load_settings(const std::vector<std::string>& args,
                       const po::options_description& plugin_options) {
  po::options_description desc;
  desc.add(core_options()).add(plugin_options);
  po::variables_map vm;
  try {
    // The command line is stored first: po::store never overwrites a value
    // that is already set, so flags win over the file.
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("config"))
      po::store(parse_yaml_file(vm["config"].as<std::string>(), desc), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw config_error("unknown option '" + e.get_option_name() +
                       "' (--help lists the options)");
  } catch (const po::error& e) {
    throw config_error(describe_option_error(e));
  } catch (const YAML::Exception& e) {
    // e.g. a mapping used as a key (found by fuzz_config).
    throw config_error("configuration file " + vm["config"].as<std::string>() +
                       " has an unexpected structure: " + e.what());
  }
  return to_settings(std::move(vm));
}

std::chrono::milliseconds parse_duration(const std::string& key,
                                         const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  auto unit = text.substr(digits);
  if (digits == 0 || digits > 12)
    throw config_error(key +
                       " must be a duration like \"500ms\", \"20s\", "
                       "\"5m\" or \"24h\" (got \"" +
                       text + "\")");
  auto n = std::stoll(text.substr(0, digits));
  if (unit == "ms")
    return std::chrono::milliseconds(n);
  if (unit == "s")
    return std::chrono::seconds(n);
  if (unit == "m")
    return std::chrono::minutes(n);
  if (unit == "h")
    return std::chrono::hours(n);
  throw config_error(key +
                     " must be a duration like \"500ms\", \"20s\", "
                     "\"5m\" or \"24h\" (got \"" +
                     text + "\")");
}

std::string format_duration(std::chrono::milliseconds duration) {
  auto ms = duration.count();
  if (ms != 0 && ms % 3600000 == 0)
    return std::to_string(ms / 3600000) + "h";
  if (ms % 1000 == 0)
    return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::chrono::milliseconds duration_in_range(const po::variables_map& vm,
                                            const std::string& key,
                                            std::chrono::milliseconds lo) {
  auto value = parse_duration(key, get<std::string>(vm, key));
  if (value < lo)
    throw config_error(key + " must be at least " + format_duration(lo) +
                       " (got \"" + get<std::string>(vm, key) + "\")");
  return value;
}

namespace {

template<class Number>
Number number_in_range(const po::variables_map& vm, const std::string& key,
                       Number lo, Number hi) {
  auto value = get<Number>(vm, key);
  if (value < lo || value > hi)
    throw config_error("configuration key '" + key + "' must be between " +
                       std::to_string(lo) + " and " + std::to_string(hi) +
                       " (got " + std::to_string(value) + ")");
  return value;
}

} // namespace

void parse_host_port(const std::string& key, const std::string& text,
                     std::string& host_out, uint16_t& port_out) {
  auto bad = [&] {
    return config_error(key +
                        " must be HOST:PORT, e.g. \"127.0.0.1:8080\" or "
                        "\"[::1]:8080\" (got \"" +
                        text + "\")");
  };
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw bad();
  auto host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']')
      throw bad();
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1)
      throw bad();
  } catch (const std::logic_error&) {
    throw bad();
  }
  if (port < 0 || port > 65535 || host.empty())
    throw bad();
  host_out = host;
  port_out = static_cast<uint16_t>(port);
}

int64_t int64_in_range(const po::variables_map& vm, const std::string& key,
                       int64_t lo, int64_t hi) {
  return number_in_range(vm, key, lo, hi);
}

int int_in_range(const po::variables_map& vm, const std::string& key, int lo,
                 int hi) {
  return number_in_range(vm, key, lo, hi);
}

} // namespace pinhole
