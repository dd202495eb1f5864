#include "plugins/retention/quota/quota_plugin.hpp"

#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "plugins/retention/quota/quota_retention.hpp"

namespace po = boost::program_options;

namespace pinhole::retention {

namespace {

void declare_options(po::options_description& desc) {
  const quota_settings defaults;
  auto add = desc.add_options();
  add("retention.quota.max_bytes",
      po::value<int64_t>()->default_value(defaults.max_bytes),
      "quota plugin: image bytes all finished captures may take; the oldest "
      "expire first to stay under it (0 = no limit)");
  add("retention.quota.max_captures",
      po::value<int64_t>()->default_value(defaults.max_captures),
      "quota plugin: finished captures kept at most; the oldest expire "
      "first (0 = no limit)");
  add("retention.quota.tombstone_ttl",
      po::value<std::string>()->default_value(
        format_duration(defaults.tombstone_ttl)),
      "quota plugin: how long an expired capture's id answers 410");
}

quota_settings parse_settings(const po::variables_map& vm) {
  quota_settings settings;
  settings.max_bytes =
    int64_in_range(vm, "retention.quota.max_bytes", 0, int64_t{1} << 50);
  settings.max_captures =
    int64_in_range(vm, "retention.quota.max_captures", 0, int64_t{1} << 40);
  settings.tombstone_ttl = duration_in_range(
    vm, "retention.quota.tombstone_ttl", std::chrono::milliseconds{0});
  return settings;
}

void validate(const po::variables_map& vm) {
  parse_settings(vm);
}

retention_actor spawn(caf::actor_system& system, const po::variables_map& vm,
                      const plugin_environment&) {
  return system.spawn(quota_retention, parse_settings(vm));
}

} // namespace

retention_plugin quota_descriptor() {
  return {"quota", declare_options, validate, spawn};
}

} // namespace pinhole::retention
