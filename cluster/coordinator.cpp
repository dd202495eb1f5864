#include "cluster/coordinator.hpp"

#include <chrono>

#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>

#include "cluster/cluster_door.hpp"

namespace pinhole::cluster {

void configure_node(caf::actor_system_config& cfg,
                    const cluster_settings& settings) {
  cfg.load<caf::io::middleman>();
  if (settings.tls.enabled()) {
    cfg.load<caf::openssl::manager>();
    // With a certificate and a CA, CAF's OpenSSL sessions verify the peer
    // on both sides and fail without a certificate of that CA.
    cfg.openssl_certificate = settings.tls.certificate;
    cfg.openssl_key = settings.tls.key;
    cfg.openssl_cafile = settings.tls.ca;
  }
  add_message_types(cfg);
  cfg.set("middleman.app-identifiers",
          std::vector<std::string>{app_identifier()});
  cfg.set("middleman.heartbeat-interval",
          caf::timespan{std::chrono::duration_cast<std::chrono::nanoseconds>(
            settings.heartbeat)});
  cfg.set("middleman.connection-timeout",
          caf::timespan{std::chrono::duration_cast<std::chrono::nanoseconds>(
            settings.connection_timeout)});
}

coordinator start_coordinator(caf::actor_system& system,
                              const cluster_settings& settings,
                              const network::network_settings& policy,
                              renderer_actor local, int32_t local_slots,
                              std::shared_ptr<metrics::registry> metrics) {
  door_settings door_config;
  door_config.policy = policy;
  // Bad cluster.allow entries stop start-up here, naming the key.
  door_config.allowlist = std::make_shared<peer_allowlist>(settings.allow);
  door_config.tls = settings.tls.enabled();
  coordinator result;
  result.pool = spawn_renderer_pool(system, std::move(local), local_slots,
                                    std::move(metrics));
  result.door = system.spawn(cluster_door, result.pool, door_config);
  // Published dynamically typed: CAF then lets a worker of any version
  // reach the hello, where versions are compared and refused in words
  // (cluster_protocol.hpp).
  auto untyped_door = caf::actor_cast<caf::actor>(result.door);
  auto published =
    door_config.tls
      ? caf::openssl::publish(untyped_door, settings.listen_port,
                              settings.listen_host.c_str(), true)
      : system.middleman().publish(untyped_door, settings.listen_port,
                                   settings.listen_host.c_str(), true);
  if (!published) {
    caf::anon_send_exit(result.door, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(result.pool, caf::exit_reason::user_shutdown);
    throw std::runtime_error(
      "cannot listen for workers on " + settings.listen_host + ":" +
      std::to_string(settings.listen_port) +
      " (cluster.listen): " + system.render(published.error()));
  }
  result.port = *published;
  return result;
}

} // namespace pinhole::cluster
