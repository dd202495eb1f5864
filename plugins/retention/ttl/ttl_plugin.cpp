#include "plugins/retention/ttl/ttl_plugin.hpp"

#include "config/config_loader.hpp"
#include "plugins/retention/ttl/ttl_retention.hpp"

namespace po = boost::program_options;

namespace pinhole::retention {

namespace {

void declare_options(po::options_description& desc) {
  const ttl_settings defaults;
  desc.add_options()(
    "retention.ttl",
    po::value<std::string>()->default_value(format_duration(defaults.ttl)),
    "ttl plugin: finished captures are deleted this long after completion "
    "(their ids answer 410 as long again)");
}

ttl_settings parse_settings(const po::variables_map& vm) {
  ttl_settings settings;
  settings.ttl =
    duration_in_range(vm, "retention.ttl", std::chrono::milliseconds{1000});
  return settings;
}

void validate(const po::variables_map& vm) {
  parse_settings(vm);
}

retention_actor spawn(caf::actor_system& system, const po::variables_map& vm,
                      const plugin_environment&) {
  return system.spawn(ttl_retention, parse_settings(vm));
}

} // namespace

retention_plugin ttl_descriptor() {
  return {"ttl", declare_options, validate, spawn};
}

} // namespace pinhole::retention
