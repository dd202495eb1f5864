#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/program_options/variables_map.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

/// One API key as configured: only its SHA-256 is ever kept in memory.
struct api_key_entry {
  std::string name;
  std::string sha256_hex; // 64 lowercase hex digits
};

struct server_settings {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  int threads = 2;
  size_t max_body_bytes = 65536;
  std::string public_base_url;
  std::chrono::milliseconds shutdown_grace{20000};
  /// A client must send all request headers / the whole body within these.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
};

struct auth_settings {
  std::vector<api_key_entry> keys;
  std::string keys_file;
};

struct capture_settings {
  int max_concurrent = 2;
  int max_queued = 256;
  int max_attempts = 3;
  int default_timeout_ms = capture_options{}.timeout_ms;
  int max_timeout_ms = 90000;
  int max_viewport_width = 3840;
  int max_viewport_height = 3840;
  int max_page_height = default_max_page_height;
  int max_delay_ms = 30000;
  int max_device_scale_factor = 3;
  int max_url_length = 2048;
  int max_user_agent_length = 512;
  int max_selector_length = 1024;
  int max_hide_selectors = 50;
  int max_css_bytes = 65536;
  int max_js_bytes = 65536;
  int max_headers = 32;
  /// Longest header: name, ": " and value.
  int max_header_bytes = 8192;
  int max_cookies = 100;
  /// Largest cacheTtl (seconds), and the one a request without cacheTtl
  /// and without headers, cookies or httpAuth gets (0: no cache).
  int max_cache_ttl_s = 86400;
  int default_cache_ttl_s = 0;
};

/// The `<kind>.plugin` keys: which built-in plugin of each kind runs
/// (plugins/builtin.cpp lists them). Each plugin reads its own keys from
/// settings::values.
struct plugin_names {
  std::string renderer = "wpe";
  std::string store = "sqlite";
  std::string webhook = "http";
  std::string retention = "ttl";
};

struct storage_settings {
  std::string dir = "./pinhole-data";
  /// The key that encrypts a capture's secrets (headers, cookies,
  /// httpAuth) while they wait in the store: 32 random bytes, made on first
  /// start. Empty: <dir>/secrets.key.
  std::string secrets_key_file;
};

struct network_config {
  bool allow_private = false;
  std::vector<std::string> allow;
  /// Egress proxy: longest wait for an upstream connection, and how long
  /// a proxied connection may stay silent before it is closed.
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
};

struct limits_settings {
  int rate_per_minute = 600;
  int max_active_per_key = 64;
};

struct retention_settings {
  /// How often the retention plugin is asked what expires, and orphan
  /// image files are removed.
  std::chrono::milliseconds sweep_interval{60 * 1000};
};

/// cluster.tls.*: all three set = mutual TLS on the cluster link.
struct cluster_tls_settings {
  std::string certificate; // this node's certificate (PEM)
  std::string key;         // its private key (PEM)
  std::string ca;          // the CA both sides' certificates must come from
  bool enabled() const {
    return !certificate.empty() || !key.empty() || !ca.empty();
  }
};

/// The `cluster.*` keys (SPEC §5), read by `pinhole serve` (the
/// coordinator) and `pinhole worker` alike.
struct cluster_settings {
  /// Where the coordinator waits for workers; "" = no cluster.
  std::string listen_host;
  uint16_t listen_port = 0;
  bool listening() const { return !listen_host.empty(); }
  /// false: the coordinator renders nothing itself, only workers do.
  bool local_renderer = true;
  /// Both sides send a heartbeat this often and drop a link silent for
  /// connection_timeout (a frozen node, a pulled cable).
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds connection_timeout{10000};
  /// CIDRs of workers that may join without TLS (loopback always may).
  std::vector<std::string> allow;
  cluster_tls_settings tls;
};

/// The whole validated configuration of `pinhole serve`. Plugin-specific
/// keys stay in `values`; each plugin parses its own section from there.
struct settings {
  server_settings server;
  auth_settings auth;
  capture_settings capture;
  plugin_names plugins;
  storage_settings storage;
  retention_settings retention;
  limits_settings limits;
  network_config network;
  cluster_settings cluster;
  boost::program_options::variables_map values;
};

} // namespace pinhole
