#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <unistd.h>

#include <caf/all.hpp>

#include "actors/capture_supervisor.hpp"
#include "cluster/coordinator.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "config/sha256.hpp"
#include "network/egress_proxy.hpp"
#include "plugins/plugin.hpp"
#include "server/api_keys.hpp"
#include "server/commands.hpp"
#include "server/http_api.hpp"
#include "server/process_signals.hpp"

namespace pinhole {

namespace {

/// Set (once) when a part the server cannot run without stopped: the main
/// thread then stops the server and exits 1.
std::mutex fatal_mutex;
std::string fatal_reason;

void stop_because(const std::string& why) {
  {
    std::lock_guard<std::mutex> guard{fatal_mutex};
    if (!fatal_reason.empty())
      return;
    fatal_reason = why;
  }
  request_stop();
}

/// Serves until SIGTERM/SIGINT; every SIGHUP reloads the API keys (a bad
/// keys file keeps the old set and says why).
void wait_for_stop_signal(const settings& config, api_key_store& keys) {
  for (;;) {
    auto news = wait_for_signal(std::chrono::hours(1));
    if (news == signal_news::stop)
      return;
    if (news != signal_news::reload)
      continue;
    try {
      keys.replace(configured_keys(config));
      std::cout << "pinhole: reloaded API keys (" << keys.size() << ")"
                << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "pinhole: SIGHUP: keeping the old API keys: " << e.what()
                << std::endl;
    }
  }
}

/// Creates storage.dir and its images/ folder and checks they are writable.
std::string prepare_storage(const settings& config) {
  namespace fs = std::filesystem;
  auto images = fs::path{config.storage.dir} / "images";
  std::error_code ec;
  fs::create_directories(images, ec);
  if (ec || ::access(images.c_str(), W_OK) != 0)
    throw config_error("storage.dir '" + config.storage.dir +
                       "' cannot be created or is not writable");
  return images.string();
}

/// With no key anywhere, the first start makes one, stores only its hash and
/// prints it once (SPEC §5).
std::vector<api_key_entry> keys_or_first_key(const settings& config) {
  auto keys = configured_keys(config);
  if (!keys.empty())
    return keys;
  auto key = generate_api_key();
  api_key_entry entry{"first-start", sha256_hex(key)};
  auto file = default_keys_file(config);
  append_key_to_file(file, entry);
  std::cout << "pinhole: no API keys were configured; created one (shown "
               "only now, its SHA-256 is in "
            << file << "):\n  " << key << std::endl;
  keys.push_back(entry);
  return keys;
}

void print_help() {
  boost::program_options::options_description all;
  all.add(core_options()).add(builtin_plugin_options());
  std::cout << "Usage: pinhole serve [--config FILE] [--<key> VALUE ...]\n\n"
               "Every configuration key can be given as a flag with its "
               "dotted path;\nflags win over the file, the file over the "
               "defaults shown.\n\n"
            << all << std::endl;
}

/// Everything the store plugin holds, before the supervisor starts.
stored_state load_stored(caf::actor_system& system, const store_actor& store) {
  caf::scoped_actor self{system};
  stored_state stored;
  std::string error;
  self->request(store, caf::infinite, store_load_atom::value)
    .receive([&](stored_state& loaded) { stored = std::move(loaded); },
             [&](caf::error& err) { error = caf::to_string(err); });
  if (!error.empty())
    throw std::runtime_error("the store cannot load what it holds: " + error);
  return stored;
}

/// SIGTERM/SIGINT: stop taking captures (503), let running ones finish
/// within server.shutdown_grace, leave the rest for the next start.
void drain(caf::actor_system& system, const supervisor_actor& supervisor,
           std::chrono::milliseconds grace) {
  std::cout << "pinhole: draining (up to " << grace.count()
            << " ms for running captures)" << std::endl;
  caf::scoped_actor self{system};
  self
    ->request(supervisor, grace + std::chrono::seconds(5), drain_atom::value,
              static_cast<int64_t>(grace.count()))
    .receive(
      [](bool all_done) {
        std::cout << (all_done ? "pinhole: all running captures finished"
                               : "pinhole: grace over; unfinished captures "
                                 "run again at the next start")
                  << std::endl;
      },
      [](caf::error& err) {
        std::cerr << "pinhole: drain: " << caf::to_string(err) << std::endl;
      });
}

/// Says where workers join, and warns when the link is not authenticated.
void announce_cluster(const cluster_settings& cluster, uint16_t port) {
  std::cout << "pinhole: cluster: workers join on " << cluster.listen_host
            << ":" << port << (cluster.tls.enabled() ? " (mutual TLS)" : "")
            << std::endl;
  if (!cluster.tls.enabled())
    std::cerr << "pinhole: warning: the cluster link is not authenticated "
                 "(no cluster.tls.*): only loopback and cluster.allow may "
                 "join, and nothing on the wire is encrypted"
              << std::endl;
}

/// Stops the actors it holds when it goes out of scope, on every path out of
/// serve() (a failed bind throws): the actor_system destructor waits for all
/// actors and would otherwise hang.
class actor_stopper {
public:
  ~actor_stopper() {
    for (auto i = actors_.rbegin(); i != actors_.rend(); ++i)
      caf::anon_send_exit(*i, caf::exit_reason::user_shutdown);
  }
  template<class Handle>
  Handle keep(Handle handle) {
    actors_.push_back(caf::actor_cast<caf::actor>(handle));
    return handle;
  }

private:
  std::vector<caf::actor> actors_;
};

int serve(const settings& config, const chosen_plugins& chosen) {
  // Bad network.allow entries stop start-up here, naming the key.
  auto policy =
    std::make_shared<const network::address_policy>(network::network_settings{
      config.network.allow_private, config.network.allow});
  // Every request the engine makes goes through this proxy, which enforces
  // the policy on the address it connects to.
  network::egress_proxy egress{
    policy, network::egress_settings{config.network.connect_timeout,
                                     config.network.idle_timeout}};
  auto image_dir = prepare_storage(config);
  auto keys = std::make_shared<api_key_store>(keys_or_first_key(config));
  plugin_environment environment;
  environment.storage_dir = config.storage.dir;
  environment.image_dir = image_dir;
  environment.database_path = config.storage.dir + "/pinhole.db";
  environment.secrets_key_file = config.storage.secrets_key_file.empty()
                                   ? config.storage.dir + "/secrets.key"
                                   : config.storage.secrets_key_file;
  environment.policy = policy;
  environment.egress = egress.access();
  environment.public_base_url = config.server.public_base_url;
  auto metrics = environment.metrics; // one registry for the whole service
  caf::actor_system_config cfg;
  configure_actor_system(cfg);
  if (config.cluster.listening())
    cluster::configure_node(cfg, config.cluster);
  caf::actor_system system{cfg};
  actor_stopper stopper; // destroyed before `system`
  const auto& values = config.values;
  // The store first: what it holds is the supervisor's starting point.
  auto store = stopper.keep(chosen.store->spawn(system, values, environment));
  auto stored = load_stored(system, store);
  supervisor_plugins plugins;
  plugins.store = store;
  auto local_slots = config.capture.max_concurrent;
  renderer_actor local;
  if (config.cluster.local_renderer)
    local = stopper.keep(chosen.renderer->spawn(system, values, environment));
  std::optional<cluster::coordinator> coordinator;
  if (config.cluster.listening()) {
    coordinator = cluster::start_coordinator(
      system, config.cluster,
      network::network_settings{config.network.allow_private,
                                config.network.allow},
      local, local_slots, metrics);
    stopper.keep(coordinator->door);
    plugins.renderer =
      stopper.keep(caf::actor_cast<renderer_actor>(coordinator->pool));
    announce_cluster(config.cluster, coordinator->port);
  } else {
    plugins.renderer = local;
  }
  plugins.webhook =
    stopper.keep(chosen.webhook->spawn(system, values, environment));
  plugins.retention =
    stopper.keep(chosen.retention->spawn(system, values, environment));
  supervisor_settings sup;
  // A cluster's pool tells the supervisor its slots as workers come and go.
  sup.max_concurrent =
    config.cluster.local_renderer ? static_cast<size_t>(local_slots) : 0;
  sup.max_queued = static_cast<size_t>(config.capture.max_queued);
  sup.max_attempts = config.capture.max_attempts;
  sup.image_dir = image_dir;
  sup.max_page_height = config.capture.max_page_height;
  sup.sweep_interval = config.retention.sweep_interval;
  sup.rate_per_minute = static_cast<size_t>(config.limits.rate_per_minute);
  sup.max_active_per_key =
    static_cast<size_t>(config.limits.max_active_per_key);
  sup.on_plugin_down = stop_because;
  sup.metrics = metrics;
  supervisor_actor supervisor = stopper.keep(system.spawn(
    capture_supervisor, sup, std::move(plugins), std::move(stored)));
  if (coordinator)
    caf::anon_send(coordinator->pool, cluster::watch_atom::value,
                   caf::actor_cast<caf::actor>(supervisor));
  http_api api{system, supervisor, keys, config, policy, metrics};
  try {
    api.start();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + config.server.listen_host +
                             ":" + std::to_string(config.server.listen_port) +
                             " (server.listen): " + e.what());
  }
  std::cout << "pinhole: listening on http://"
            << (config.server.listen_host.find(':') != std::string::npos
                  ? "[" + config.server.listen_host + "]"
                  : config.server.listen_host)
            << ":" << api.port() << std::endl;
  wait_for_stop_signal(config, *keys);
  drain(system, supervisor, config.server.shutdown_grace);
  api.shutdown();
  std::lock_guard<std::mutex> guard{fatal_mutex};
  if (!fatal_reason.empty()) {
    std::cerr << "pinhole: stopped: " << fatal_reason << std::endl;
    return 1;
  }
  std::cout << "pinhole: stopped" << std::endl;
  return 0;
}

} // namespace

int run_serve(const std::vector<std::string>& args) {
  return run_command(args, print_help, [&] {
    auto config = load_settings(args, builtin_plugin_options());
    auto chosen = choose_plugins(config.values);
    return serve(config, chosen);
  });
}

} // namespace pinhole
