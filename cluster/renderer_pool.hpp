#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <caf/all.hpp>

#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "cluster/cluster_protocol.hpp"

namespace pinhole::cluster {

using add_node_atom = caf::atom_constant<caf::atom("addnode")>;
using watch_atom = caf::atom_constant<caf::atom("watch")>;

/// The coordinator's renderer: the local renderer (optional) and every
/// joined worker's, as one renderer_actor. Jobs go to the node with the
/// most free slots; a node that is lost (monitored: killed, frozen past
/// cluster.connection_timeout, cable pulled) answers its jobs at once with
/// RENDERER_LOST so they run again elsewhere, and a late answer of such an
/// attempt is ignored. The watcher (the supervisor) is told the total slot
/// count whenever it changes: that is its capture.max_concurrent.
using renderer_pool_actor = renderer_actor::extend<
  // a node: its name (for logs and metrics), renderer, slots
  caf::replies_to<add_node_atom, std::string, caf::actor,
                  int32_t>::with<failure>,
  // the node takes nothing new; its running jobs finish
  caf::reacts_to<leave_atom, caf::actor>,
  // who hears (slots_atom, int32_t) when the total changes; told at once
  caf::reacts_to<watch_atom, caf::actor>>;

/// One renderer the pool dispatches to.
struct pool_node {
  std::string name;
  renderer_actor renderer;
  int32_t slots = 0;
  int32_t busy = 0;
  bool local = false;
  /// Said leave_atom: gets no new job.
  bool leaving = false;
};

/// A job the pool holds: waiting for a slot, or running on `node`.
struct pool_job {
  render_job job;
  caf::typed_response_promise<render_outcome> promise;
  /// The node's renderer's address while it runs; null while it waits.
  caf::actor_addr node;
  /// Its key in renderer_pool_state::jobs: an answer that finds no job
  /// under its run (the node was lost and the capture moved on) is late
  /// and ignored.
  uint64_t run = 0;
};

struct renderer_pool_state {
  std::shared_ptr<metrics::registry> metrics;
  std::map<caf::actor_addr, pool_node> nodes;
  /// run -> the job
  std::unordered_map<uint64_t, pool_job> jobs;
  /// runs of jobs waiting for a free slot, oldest first
  std::deque<uint64_t> waiting;
  /// every node that ever joined, by name: its counters (GET /metrics)
  std::map<std::string, metrics::node_gauge> history;
  caf::actor watcher;
  /// The slot total the watcher was last told (-1: not yet).
  int32_t announced_slots = -1;
  uint64_t next_run = 0;
  static inline const char* name = "renderer_pool";
};

/// Spawns the pool with `local` (null: the coordinator renders nothing
/// itself) counted as `local_slots` slots.
renderer_pool_actor
spawn_renderer_pool(caf::actor_system& system, renderer_actor local,
                    int32_t local_slots,
                    std::shared_ptr<metrics::registry> metrics);

} // namespace pinhole::cluster
