#include "plugins/plugin.hpp"

#include "config/config_error.hpp"

#include "plugins/renderer/wpe/wpe_plugin.hpp"

namespace pinhole {

const std::vector<renderer_plugin>& builtin_renderers() {
  static const std::vector<renderer_plugin> plugins{
    wpe::descriptor(),
  };
  return plugins;
}

const renderer_plugin* find_renderer(const std::string& name) {
  for (const auto& plugin : builtin_renderers())
    if (plugin.name == name)
      return &plugin;
  return nullptr;
}

void validate_plugin_settings(
  const boost::program_options::variables_map& values) {
  auto name = values["renderer.plugin"].as<std::string>();
  const auto* plugin = find_renderer(name);
  if (!plugin) {
    std::string known;
    for (const auto& p : builtin_renderers())
      known += (known.empty() ? "" : ", ") + p.name;
    throw config_error("renderer.plugin '" + name +
                       "' is unknown (available: " + known + ")");
  }
  plugin->validate(values);
}

boost::program_options::options_description builtin_plugin_options() {
  boost::program_options::options_description desc{"Plugin keys"};
  for (const auto& plugin : builtin_renderers())
    plugin.declare_options(desc);
  return desc;
}

} // namespace pinhole
