#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"
#include "actors/metrics.hpp"
#include "actors/renderer_protocol.hpp"
#include "actors/webhook_protocol.hpp"

namespace pinhole {

/// Answer to submit and status requests: a failure, or the record.
struct capture_reply {
  failure error;
  capture_record record;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_reply& x) {
  return f(x.error, x.record);
}

/// What a capture actor reports when it is done with one attempt.
struct capture_result {
  failure error;
  std::string image_path;
  int64_t file_size = 0;
  int32_t width = 0;
  int32_t height = 0;
  int32_t http_status = 0;
  bool truncated = false;
  std::string script_error;
  int32_t blocked_requests = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_result& x) {
  return f(x.error, x.image_path, x.file_size, x.width, x.height, x.http_status,
           x.truncated, x.script_error, x.blocked_requests);
}

namespace metrics {

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, service_gauges& x) {
  return f(x.queue_depth, x.rendering, x.captures_by_state);
}

} // namespace metrics

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using delete_atom = caf::atom_constant<caf::atom("delete")>;
using drain_atom = caf::atom_constant<caf::atom("drain")>;
using drain_over_atom = caf::atom_constant<caf::atom("drainover")>;
using sweep_tick_atom = caf::atom_constant<caf::atom("sweeptick")>;
using capture_done_atom = caf::atom_constant<caf::atom("capdone")>;
using rendered_atom = caf::atom_constant<caf::atom("rendered")>;
using gauges_atom = caf::atom_constant<caf::atom("gauges")>;

/// The supervisor as the HTTP layer sees it. `owner` is the SHA-256 of the
/// caller's API key: every lookup is scoped to it (per-key isolation).
using supervisor_actor = caf::typed_actor<
  // owner, options, Idempotency-Key ("" for none)
  caf::replies_to<submit_atom, std::string, capture_options,
                  std::string>::with<capture_reply>,
  // owner, capture id
  caf::replies_to<status_atom, std::string, std::string>::with<capture_reply>,
  caf::replies_to<delete_atom, std::string, std::string>::with<capture_reply>,
  caf::replies_to<ready_atom>::with<bool>,
  // what GET /metrics shows of the captures
  caf::replies_to<gauges_atom>::with<metrics::service_gauges>,
  // stop starting captures; answers true once none runs, false when the
  // grace (ms) ran out first
  caf::replies_to<drain_atom, int64_t>::with<bool>>;

/// The supervisor as its own parts see it: the HTTP interface plus the
/// messages of its capture actors, its timers and its plugins.
using supervisor_internal = supervisor_actor::extend<
  caf::reacts_to<drain_over_atom>,
  // time to ask retention what expires
  caf::reacts_to<sweep_tick_atom>,
  // the renderer is done with this capture (its encoding and storing may
  // still run): its render slot is free
  caf::reacts_to<rendered_atom, std::string>,
  caf::reacts_to<capture_done_atom, std::string, capture_result>,
  // the renderer's slot count changed (a cluster's workers came or went):
  // the new capture.max_concurrent
  caf::reacts_to<slots_atom, int32_t>,
  // webhook progress: capture id, state, attempts, last error
  caf::reacts_to<webhook_state_atom, std::string, std::string, int32_t,
                 std::string>>;

/// Registers every message type that crosses actors (needed by CAF 0.17 for
/// type-erased messages and for remote nodes; names must match everywhere).
void add_message_types(caf::actor_system_config& cfg);

/// add_message_types, and a scheduler whose idle workers sleep until there
/// is work ("sharing"): CAF's default work stealing keeps idle workers
/// polling every 50 µs, which on a 2-core machine took CPU from rendering.
void configure_actor_system(caf::actor_system_config& cfg);

} // namespace pinhole
