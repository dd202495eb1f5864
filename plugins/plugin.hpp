#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <caf/all.hpp>

#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "actors/retention_protocol.hpp"
#include "actors/store_protocol.hpp"
#include "actors/webhook_protocol.hpp"
#include "network/address_policy.hpp"
#include "network/egress_access.hpp"

namespace pinhole {

/// What the core hands every plugin when it spawns it: everything a plugin
/// may use from outside its own folder (no process globals, no other
/// plugin's internals).
struct plugin_environment {
  /// storage.dir (empty where there is none: pinhole capture, a worker).
  std::string storage_dir;
  /// The image folder and the database file in storage.dir.
  std::string image_dir;
  std::string database_path;
  /// storage.secrets_key_file, resolved (a store seals a capture's secrets
  /// with its key).
  std::string secrets_key_file;
  /// The network policy (network.*): which addresses pages and webhooks
  /// may reach.
  std::shared_ptr<const network::address_policy> policy;
  /// The egress proxy every request of a page engine goes through.
  network::egress_access egress;
  /// server.public_base_url ("" = relative image URLs).
  std::string public_base_url;
  /// Where the plugin records what GET /metrics reports (renderer
  /// restarts, webhook attempts).
  std::shared_ptr<metrics::registry> metrics =
    std::make_shared<metrics::registry>();
};

/// One plugin (Gotenberg-style module discipline): its name, the config
/// keys it owns, their validation, and how to start it. `Handle` is the
/// typed actor interface of its kind.
template<class Handle>
struct plugin_descriptor {
  /// The value of `<kind>.plugin` that selects it, e.g. "wpe".
  std::string name;
  /// Adds the plugin's keys (with their defaults) to the configuration.
  void (*declare_options)(boost::program_options::options_description&);
  /// Checks the plugin's keys; throws config_error naming the bad key.
  void (*validate)(const boost::program_options::variables_map& values);
  /// Starts the plugin's actor. Throws config_error naming a key, or
  /// std::runtime_error when it cannot start.
  Handle (*spawn)(caf::actor_system& system,
                  const boost::program_options::variables_map& values,
                  const plugin_environment& environment);
};

using renderer_plugin = plugin_descriptor<renderer_actor>;
using store_plugin = plugin_descriptor<store_actor>;
using webhook_plugin = plugin_descriptor<webhook_actor>;
using retention_plugin = plugin_descriptor<retention_actor>;

/// The built-in plugins of each kind, one explicit list each (no static
/// registration).
struct plugin_catalog {
  std::vector<renderer_plugin> renderers;
  std::vector<store_plugin> stores;
  std::vector<webhook_plugin> webhooks;
  std::vector<retention_plugin> retentions;
};

const plugin_catalog& builtin_plugins();

/// The plugins `<kind>.plugin` chooses.
struct chosen_plugins {
  const renderer_plugin* renderer = nullptr;
  const store_plugin* store = nullptr;
  const webhook_plugin* webhook = nullptr;
  const retention_plugin* retention = nullptr;
};

/// Looks up every `<kind>.plugin` and lets each chosen plugin validate its
/// keys, so bad plugin settings stop start-up before anything runs. Throws
/// config_error naming the key (and, for an unknown name, the available
/// plugins of that kind).
chosen_plugins choose_plugins(const boost::program_options::variables_map& vm);

/// The renderer plugin `renderer.plugin` names, its keys validated
/// (`pinhole capture`). Throws config_error like choose_plugins.
const renderer_plugin&
choose_renderer(const boost::program_options::variables_map& vm);

/// Option declarations of every built-in plugin.
boost::program_options::options_description builtin_plugin_options();

} // namespace pinhole
