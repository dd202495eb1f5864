#include "plugins/webhook/http/http_webhook_plugin.hpp"

#include <iostream>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "plugins/webhook/http/webhook_actor.hpp"

namespace po = boost::program_options;

namespace pinhole::webhook {

namespace {

void declare_options(po::options_description& desc) {
  const webhook_settings defaults;
  auto add = desc.add_options();
  add("webhook.secret",
      po::value<std::string>()->default_value(defaults.secret),
      "HMAC-SHA256 key of X-Pinhole-Signature");
  add("webhook.max_attempts",
      po::value<int>()->default_value(defaults.max_attempts),
      "attempts per delivery before it fails");
  add("webhook.retry_base",
      po::value<std::string>()->default_value(
        format_duration(defaults.retry_base)),
      "gap before the 2nd attempt; doubles for every further one");
  add(
    "webhook.timeout",
    po::value<std::string>()->default_value(format_duration(defaults.timeout)),
    "budget of one attempt");
  add("webhook.concurrency",
      po::value<int>()->default_value(defaults.concurrency),
      "deliveries in flight at once");
}

webhook_settings parse_settings(const po::variables_map& vm) {
  webhook_settings s;
  s.secret = vm["webhook.secret"].as<std::string>();
  s.max_attempts = int_in_range(vm, "webhook.max_attempts", 1, 100);
  s.retry_base =
    duration_in_range(vm, "webhook.retry_base", std::chrono::milliseconds{0});
  s.timeout =
    duration_in_range(vm, "webhook.timeout", std::chrono::milliseconds{100});
  s.concurrency = int_in_range(vm, "webhook.concurrency", 1, 256);
  return s;
}

void validate(const po::variables_map& vm) {
  parse_settings(vm);
}

webhook_actor spawn(caf::actor_system& system, const po::variables_map& vm,
                    const plugin_environment& environment) {
  auto settings = parse_settings(vm);
  settings.public_base_url = environment.public_base_url;
  settings.policy = environment.policy;
  settings.metrics = environment.metrics;
  if (settings.secret.empty())
    std::cerr << "pinhole: webhook.secret is empty: webhook signatures prove "
                 "nothing until you set one"
              << std::endl;
  return spawn_webhook(
    system, std::move(settings),
    std::make_shared<delivery_store>(environment.database_path));
}

} // namespace

webhook_plugin descriptor() {
  return {"http", declare_options, validate, spawn};
}

} // namespace pinhole::webhook
