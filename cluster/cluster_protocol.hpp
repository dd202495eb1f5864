#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/error_code.hpp"
#include "actors/renderer_protocol.hpp"
#include "network/address_policy.hpp"

// What crosses the wire between a coordinator (`pinhole serve` with
// cluster.listen) and its workers (`pinhole worker`). Besides these, only
// the renderer interface (renderer_protocol.hpp) does: render jobs one way,
// encoded images the other.

namespace pinhole::network {

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, network_settings& x) {
  return f(x.allow_private, x.allow);
}

} // namespace pinhole::network

namespace pinhole::cluster {

/// Bumped whenever a message that crosses the wire changes, except the
/// hello (worker_hello, hello_answer), whose layout never changes: a node
/// of any Pinhole version must be able to read it, so that a worker of
/// another version is refused in words on both sides (the door logs it,
/// the worker prints the coordinator's answer and exits 2).
constexpr int32_t protocol_version = 4;

/// "pinhole-cluster": the CAF application identifier of every Pinhole
/// node, of every version. CAF's handshake (middleman.app-identifiers)
/// refuses other CAF applications; it cannot tell versions apart in
/// words (CAF 0.17 checks only on the connecting side and logs nothing on
/// the other), so versions are compared in the hello instead.
std::string app_identifier();

/// A worker's first words after connecting. Frozen layout (see
/// protocol_version).
struct worker_hello {
  int32_t protocol = protocol_version;
  /// How the worker names itself in logs and metrics (host:pid).
  std::string name;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_hello& x) {
  return f(x.protocol, x.name);
}

/// The coordinator's answer to a hello: a refusal, or the network policy
/// every worker must apply (a worker's own network.* may only narrow it).
/// Frozen layout (see protocol_version).
struct hello_answer {
  failure error;
  network::network_settings policy;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, hello_answer& x) {
  return f(x.error, x.policy);
}

using hello_atom = caf::atom_constant<caf::atom("hello")>;
using join_atom = caf::atom_constant<caf::atom("join")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;

/// The one actor a coordinator publishes on cluster.listen (its front
/// door). Workers reach it as a dynamically typed actor (so that CAF does
/// not refuse a door of another version before the hello), say hello, then join
/// with their renderer (a renderer_actor, sent as caf::actor) and its slots,
/// and say when they leave. Nothing else of the coordinator is reachable over
/// the wire.
using door_actor = caf::typed_actor<
  // hello, an actor of the worker's own node (it shows where it is)
  caf::replies_to<hello_atom, worker_hello, caf::actor>::with<hello_answer>,
  // hello, the worker's renderer, its slots
  caf::replies_to<join_atom, worker_hello, caf::actor, int32_t>::with<failure>,
  // the worker takes nothing new (it is draining); its running jobs finish
  caf::reacts_to<leave_atom, caf::actor>>;

/// Registers the cluster's message types (both sides, same names).
void add_message_types(caf::actor_system_config& cfg);

} // namespace pinhole::cluster
