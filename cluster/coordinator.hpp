#pragma once

#include <cstdint>
#include <memory>

#include <caf/all.hpp>

#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "cluster/cluster_protocol.hpp"
#include "cluster/renderer_pool.hpp"
#include "config/settings.hpp"

namespace pinhole::cluster {

/// Prepares an actor system to take part in a cluster (coordinator and
/// worker alike): CAF's middleman (and its OpenSSL manager when
/// cluster.tls.* is set), the cluster's message types, our application
/// identifier and the heartbeat and connection timeout of the link.
void configure_node(caf::actor_system_config& cfg,
                    const cluster_settings& settings);

/// What `pinhole serve` runs when cluster.listen is set.
struct coordinator {
  /// The supervisor's renderer: the local one (if any) and the workers'.
  renderer_pool_actor pool;
  /// The published actor workers join through.
  door_actor door;
  /// The port cluster.listen got (its own when it asked for port 0).
  uint16_t port = 0;
};

/// Starts the renderer pool and publishes its door on cluster.listen.
/// `local` (null when cluster.local_renderer is false) counts as
/// `local_slots` slots; `policy` is the network policy sent to every
/// worker. Throws std::runtime_error naming cluster.listen when the port
/// cannot be opened.
coordinator start_coordinator(caf::actor_system& system,
                              const cluster_settings& settings,
                              const network::network_settings& policy,
                              renderer_actor local, int32_t local_slots,
                              std::shared_ptr<metrics::registry> metrics);

} // namespace pinhole::cluster
