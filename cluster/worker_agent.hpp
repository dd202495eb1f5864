#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/renderer_protocol.hpp"
#include "cluster/cluster_protocol.hpp"

namespace pinhole::cluster {

/// What a worker's agent does with new jobs.
enum class agent_phase {
  taking_jobs,
  /// SIGTERM: new jobs are answered RENDERER_LOST (the coordinator runs
  /// them elsewhere), running ones finish.
  draining,
};

/// The renderer a worker lends its coordinator: its own renderer plugin
/// behind a front that can drain. It only passes jobs on; the plugin
/// renders and encodes, so only encoded images cross the wire.
using worker_agent_actor = renderer_actor::extend<
  // stop taking jobs; answers true once every job it had is answered
  caf::replies_to<leave_atom>::with<bool>>;

struct worker_agent_state {
  renderer_actor renderer;
  std::string worker_name;
  agent_phase phase = agent_phase::taking_jobs;
  int32_t running = 0;
  std::vector<caf::typed_response_promise<bool>> drained;
  static inline const char* name = "worker_agent";
};

worker_agent_actor::behavior_type
worker_agent(worker_agent_actor::stateful_pointer<worker_agent_state> self,
             renderer_actor renderer, std::string name);

} // namespace pinhole::cluster
