#include "plugins/plugin.hpp"

#include "config/config_error.hpp"
#include "plugins/renderer/wpe/wpe_plugin.hpp"
#include "plugins/retention/quota/quota_plugin.hpp"
#include "plugins/retention/ttl/ttl_plugin.hpp"
#include "plugins/store/sqlite/sqlite_plugin.hpp"
#include "plugins/webhook/http/http_webhook_plugin.hpp"

namespace po = boost::program_options;

namespace pinhole {

namespace {

template<class Handle>
const plugin_descriptor<Handle>*
named(const std::vector<plugin_descriptor<Handle>>& plugins,
      const std::string& name) {
  for (const auto& plugin : plugins)
    if (plugin.name == name)
      return &plugin;
  return nullptr;
}

template<class Handle>
const plugin_descriptor<Handle>*
choose(const std::vector<plugin_descriptor<Handle>>& plugins,
       const po::variables_map& vm, const std::string& kind) {
  auto key = kind + ".plugin";
  auto name = vm[key].as<std::string>();
  const auto* plugin = named(plugins, name);
  if (!plugin) {
    std::string known;
    for (const auto& p : plugins)
      known += (known.empty() ? "" : ", ") + p.name;
    throw config_error(key + " '" + name + "' is unknown (available: " + known +
                       ")");
  }
  plugin->validate(vm);
  return plugin;
}

template<class Handle>
void declare_all(const std::vector<plugin_descriptor<Handle>>& plugins,
                 po::options_description& desc) {
  for (const auto& plugin : plugins)
    plugin.declare_options(desc);
}

} // namespace

const plugin_catalog& builtin_plugins() {
  static const plugin_catalog catalog{
    {wpe::descriptor()},
    {sqlite::descriptor()},
    {webhook::descriptor()},
    {retention::ttl_descriptor(), retention::quota_descriptor()},
  };
  return catalog;
}

chosen_plugins choose_plugins(const po::variables_map& vm) {
  const auto& all = builtin_plugins();
  chosen_plugins chosen;
  chosen.renderer = choose(all.renderers, vm, "renderer");
  chosen.store = choose(all.stores, vm, "store");
  chosen.webhook = choose(all.webhooks, vm, "webhook");
  chosen.retention = choose(all.retentions, vm, "retention");
  return chosen;
}

const renderer_plugin& choose_renderer(const po::variables_map& vm) {
  return *choose(builtin_plugins().renderers, vm, "renderer");
}

po::options_description builtin_plugin_options() {
  po::options_description desc{"Plugin keys"};
  const auto& all = builtin_plugins();
  declare_all(all.renderers, desc);
  declare_all(all.stores, desc);
  declare_all(all.webhooks, desc);
  declare_all(all.retentions, desc);
  return desc;
}

} // namespace pinhole
