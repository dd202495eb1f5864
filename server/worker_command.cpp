// `pinhole worker --connect HOST:PORT`: a renderer node of a cluster. It
// connects out to the coordinator (it opens no port), runs the renderer
// plugin with its own egress proxy under the coordinator's network policy
// (narrowed by its own network.*), and lends that renderer to the
// coordinator until SIGTERM.

#include <algorithm>
#include <iostream>
#include <memory>
#include <unistd.h>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>

#include "actors/supervisor_protocol.hpp"
#include "cluster/cluster_protocol.hpp"
#include "cluster/coordinator.hpp"
#include "cluster/worker_agent.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "network/egress_proxy.hpp"
#include "plugins/plugin.hpp"
#include "server/commands.hpp"
#include "server/process_signals.hpp"

namespace pinhole {

namespace {

using namespace std::chrono_literals;

/// The worker's own flag beside every configuration key.
boost::program_options::options_description worker_options() {
  auto options = builtin_plugin_options();
  options.add_options()(
    "connect", boost::program_options::value<std::string>(),
    "HOST:PORT of the coordinator (its cluster.listen); required");
  return options;
}

void print_help() {
  boost::program_options::options_description all;
  all.add(core_options()).add(worker_options());
  std::cout
    << "Usage: pinhole worker --connect HOST:PORT [--config FILE] "
       "[--<key> VALUE ...]\n\n"
       "Renders for the coordinator at HOST:PORT (its cluster.listen): "
       "connects out,\nopens no port, reconnects when the coordinator goes "
       "away, finishes what it\nrenders and exits 0 on SIGTERM. It reads "
       "renderer.*, network.* (which may\nonly narrow the coordinator's "
       "policy) and cluster.heartbeat,\ncluster.connection_timeout and "
       "cluster.tls.* (give both sides the same\nvalues); the other keys "
       "are the coordinator's business.\n\n"
    << all << std::endl;
}

std::string this_worker_name() {
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  return std::string{host} + ":" + std::to_string(::getpid());
}

/// Everything a worker runs, started once the coordinator said which
/// network policy applies.
struct lent_renderer {
  network::network_settings coordinator_policy;
  std::unique_ptr<network::egress_proxy> egress;
  renderer_actor renderer;
  cluster::worker_agent_actor agent;
  int32_t slots = 0;

  ~lent_renderer() {
    if (agent)
      caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
    if (renderer)
      caf::anon_send_exit(renderer, caf::exit_reason::user_shutdown);
  }
};

bool same_policy(const network::network_settings& a,
                 const network::network_settings& b) {
  return a.allow_private == b.allow_private && a.allow == b.allow;
}

/// Starts the renderer plugin under the coordinator's policy narrowed by
/// ours and waits until it is warm. Throws std::runtime_error.
std::unique_ptr<lent_renderer>
lend_renderer(caf::actor_system& system, const settings& config,
              const renderer_plugin& plugin,
              const network::network_settings& coordinator_policy,
              const std::string& name) {
  auto lent = std::make_unique<lent_renderer>();
  lent->coordinator_policy = coordinator_policy;
  auto policy =
    std::make_shared<const network::address_policy>(coordinator_policy);
  // Own network.* keys narrow the coordinator's policy (only what both
  // allow); without any, the coordinator's applies as it is.
  const auto& values = config.values;
  if (values.count("network.allow") ||
      !values["network.allow_private"].defaulted())
    policy = std::make_shared<const network::address_policy>(
      network::network_settings{config.network.allow_private,
                                config.network.allow},
      policy);
  lent->egress = std::make_unique<network::egress_proxy>(
    policy, network::egress_settings{config.network.connect_timeout,
                                     config.network.idle_timeout});
  plugin_environment environment;
  environment.policy = policy;
  environment.egress = lent->egress->access();
  lent->renderer = plugin.spawn(system, config.values, environment);
  lent->agent = system.spawn(cluster::worker_agent, lent->renderer, name);
  caf::scoped_actor self{system};
  for (int i = 0; i < 600; ++i) { // a cold engine warms up in seconds
    bool ready = false;
    self->request(lent->renderer, 5s, ready_atom::value)
      .receive([&](bool answer) { ready = answer; }, [](caf::error&) {});
    if (ready)
      break;
    if (wait_for_signal(100ms) == signal_news::stop)
      throw std::runtime_error("stopped before the renderer was ready");
  }
  self->request(lent->renderer, 5s, slots_atom::value)
    .receive([&](int32_t slots) { lent->slots = slots; }, [](caf::error&) {});
  if (lent->slots < 1)
    throw std::runtime_error("the renderer did not become ready");
  return lent;
}

caf::expected<cluster::door_actor> connect(caf::actor_system& system,
                                           const cluster_settings& cluster,
                                           const std::string& host,
                                           uint16_t port) {
  // Dynamically typed on purpose: a door of another version has another
  // interface, and its refusal is to be read in the hello's answer.
  auto door = cluster.tls.enabled()
                ? caf::openssl::remote_actor(system, host, port)
                : system.middleman().remote_actor(host, port);
  if (!door)
    return door.error();
  return caf::actor_cast<cluster::door_actor>(std::move(*door));
}

/// Stops taking jobs, tells the coordinator and waits for the running
/// ones.
void drain(caf::actor_system& system, const cluster::door_actor& door,
           lent_renderer& lent, const settings& config) {
  std::cout << "pinhole: worker: draining (finishing what it renders)"
            << std::endl;
  caf::scoped_actor self{system};
  self->send(door, cluster::leave_atom::value,
             caf::actor_cast<caf::actor>(lent.agent));
  self
    ->request(lent.agent,
              std::chrono::milliseconds(config.capture.max_timeout_ms) + 10s,
              cluster::leave_atom::value)
    .receive([](bool) {},
             [](caf::error& err) {
               std::cerr << "pinhole: worker: drain: " << caf::to_string(err)
                         << std::endl;
             });
}

/// Joins, serves and rejoins until SIGTERM. Returns the exit code.
int work(caf::actor_system& system, const settings& config,
         const renderer_plugin& plugin, const std::string& host,
         uint16_t port) {
  auto where = host + ":" + std::to_string(port);
  cluster::worker_hello hello;
  hello.name = this_worker_name();
  std::unique_ptr<lent_renderer> lent;
  auto backoff = 200ms;
  caf::scoped_actor self{system};
  // Waits before the next attempt, longer each time (0.2 s doubling to
  // 5 s; reset once joined). False when a signal asks to stop.
  auto wait_before_retry = [&backoff] {
    if (wait_for_signal(backoff) == signal_news::stop)
      return false;
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
    return true;
  };
  while (wait_for_signal(0ms) != signal_news::stop) {
    auto door = connect(system, config.cluster, host, port);
    if (!door) {
      if (door.error() == caf::sec::incompatible_application_ids) {
        std::cerr << "pinhole: worker: the coordinator at " << where
                  << " is not a Pinhole coordinator (its CAF application "
                     "identifier is not "
                  << cluster::app_identifier() << ")" << std::endl;
        return 2;
      }
      std::cerr << "pinhole: worker: cannot reach the coordinator at " << where
                << " (" << system.render(door.error()) << ")";
      if (door.error() == caf::sec::disconnect_during_handshake)
        std::cerr << (config.cluster.tls.enabled()
                        ? ": the TLS handshake failed; both sides need "
                          "certificates of the same CA (cluster.tls.*)"
                        : ": the coordinator may require TLS (cluster.tls.*)");
      std::cerr << "; retrying in " << backoff.count() << " ms" << std::endl;
      if (!wait_before_retry())
        break;
      continue;
    }
    cluster::hello_answer answer;
    std::string error;
    self
      ->request(*door, config.cluster.connection_timeout,
                cluster::hello_atom::value, hello,
                caf::actor_cast<caf::actor>(self))
      .receive([&](cluster::hello_answer& a) { answer = std::move(a); },
               [&](caf::error& err) { error = system.render(err); });
    if (!error.empty()) {
      std::cerr << "pinhole: worker: no answer from the coordinator at "
                << where << " (" << error << "); retrying in "
                << backoff.count() << " ms" << std::endl;
      if (!wait_before_retry())
        break;
      continue;
    }
    if (!answer.error.ok()) {
      std::cerr << "pinhole: worker: the coordinator at " << where
                << " refused this worker: " << answer.error.message
                << std::endl;
      return 2;
    }
    if (!lent) {
      lent = lend_renderer(system, config, plugin, answer.policy, hello.name);
    } else if (!same_policy(lent->coordinator_policy, answer.policy)) {
      std::cerr << "pinhole: worker: the coordinator at " << where
                << " now has another network policy; restart this worker "
                   "to apply it"
                << std::endl;
      return 3;
    }
    failure joined;
    self
      ->request(*door, config.cluster.connection_timeout,
                cluster::join_atom::value, hello,
                caf::actor_cast<caf::actor>(lent->agent), lent->slots)
      .receive([&](failure& f) { joined = std::move(f); },
               [&](caf::error& err) {
                 joined = failure{error_code::internal, system.render(err)};
               });
    if (!joined.ok()) {
      std::cerr << "pinhole: worker: could not join the coordinator at "
                << where << ": " << joined.message << "; retrying in "
                << backoff.count() << " ms" << std::endl;
      if (!wait_before_retry())
        break;
      continue;
    }
    std::cout << "pinhole: worker: joined the coordinator at " << where
              << " with " << lent->slots << " slots" << std::endl;
    backoff = 200ms;
    self->monitor(*door);
    bool lost = false;
    while (!lost) {
      self->receive(
        [&](caf::down_msg& msg) {
          lost = true;
          std::cerr << "pinhole: worker: lost the coordinator at " << where
                    << " (" << caf::to_string(msg.reason) << "); reconnecting"
                    << std::endl;
        },
        caf::after(200ms) >> [] {});
      if (!lost && wait_for_signal(0ms) == signal_news::stop) {
        drain(system, *door, *lent, config);
        std::cout << "pinhole: worker: stopped" << std::endl;
        return 0;
      }
    }
  }
  std::cout << "pinhole: worker: stopped" << std::endl;
  return 0;
}

} // namespace

int run_worker(const std::vector<std::string>& args) {
  return run_command(args, print_help, [&] {
    auto config = load_settings(args, worker_options());
    if (!config.values.count("connect"))
      throw config_error("pinhole worker needs --connect HOST:PORT (the "
                         "coordinator's cluster.listen)");
    std::string host;
    uint16_t port = 0;
    parse_host_port("--connect", config.values["connect"].as<std::string>(),
                    host, port);
    const auto& plugin = choose_renderer(config.values);
    caf::actor_system_config cfg;
    configure_actor_system(cfg);
    cluster::configure_node(cfg, config.cluster);
    caf::actor_system system{cfg};
    return work(system, config, plugin, host, port);
  });
}

} // namespace pinhole
