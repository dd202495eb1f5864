#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <caf/all.hpp>

#include "actors/renderer_protocol.hpp"

namespace pinhole {

enum class plugin_kind { renderer };

/// What the server gives every renderer besides its config keys.
struct renderer_environment {
  /// The egress proxy (http://127.0.0.1:PORT) the engine must send every
  /// request through, so the network policy covers all of them.
  std::string egress_proxy_url;
};

/// What a renderer plugin declares (Gotenberg-style module discipline):
/// its id, the config keys it owns, and how to start it.
struct renderer_plugin {
  /// Full id, e.g. "renderer.wpe"; its config keys live under that path.
  std::string id;
  /// The value of `renderer.plugin` that selects it, e.g. "wpe".
  std::string name;
  /// Adds the plugin's keys (with defaults) to the configuration.
  void (*declare_options)(boost::program_options::options_description&);
  /// Checks the plugin's keys; throws config_error naming the bad key.
  void (*validate)(const boost::program_options::variables_map& values);
  /// Validates the plugin's keys and starts its renderer actor. Throws
  /// config_error naming a key, or std::runtime_error when the engine
  /// cannot start.
  renderer_actor (*spawn)(caf::actor_system& system,
                          const boost::program_options::variables_map& values,
                          const renderer_environment& environment);
};

/// Every built-in plugin, in one explicit list (no static registration).
const std::vector<renderer_plugin>& builtin_renderers();

/// The renderer plugin whose `name` is `name`, or nullptr.
const renderer_plugin* find_renderer(const std::string& name);

/// Checks `renderer.plugin` names a built-in renderer and lets that plugin
/// validate its keys, so bad plugin settings stop start-up before anything
/// runs. Throws config_error naming the key.
void validate_plugin_settings(
  const boost::program_options::variables_map& values);

/// Option declarations of every built-in plugin.
boost::program_options::options_description builtin_plugin_options();

} // namespace pinhole
