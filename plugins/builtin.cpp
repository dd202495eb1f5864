#include "plugins/plugin.hpp"

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

boost::program_options::options_description builtin_plugin_options() {
  boost::program_options::options_description desc{"Plugin keys"};
  for (const auto& plugin : builtin_renderers())
    plugin.declare_options(desc);
  return desc;
}

} // namespace pinhole
