#pragma once

#include <memory>

#include <caf/all.hpp>

#include "cluster/cluster_protocol.hpp"
#include "cluster/peer_allowlist.hpp"
#include "cluster/renderer_pool.hpp"

namespace pinhole::cluster {

/// Who may come in, and what they are told.
struct door_settings {
  /// The coordinator's network policy, sent to every worker.
  network::network_settings policy;
  /// Peers allowed without TLS (ignored with TLS: the certificate decides).
  std::shared_ptr<const peer_allowlist> allowlist;
  bool tls = false;
};

/// The coordinator's published actor: checks a worker's protocol version
/// and address (loopback or cluster.allow when the link is not
/// authenticated), answers its hello with the network policy, and adds its
/// renderer to `pool` when it joins. Refusals are logged and answered with
/// the reason.
door_actor::behavior_type cluster_door(door_actor::pointer self,
                                       renderer_pool_actor pool,
                                       door_settings settings);

} // namespace pinhole::cluster
