#pragma once

#include <string>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using webhook_state_atom = caf::atom_constant<caf::atom("hookstate")>;
using forget_atom = caf::atom_constant<caf::atom("forget")>;

/// A webhook plugin (plugins/webhook/*): told about every finished capture
/// that has a callbackUrl. It reports each delivery's progress back to the
/// supervisor with (webhook_state_atom, capture id, state, attempts,
/// last error). `forget_atom` (capture id): the capture was deleted, its
/// pending delivery ends without further attempts.
using webhook_actor =
  caf::typed_actor<caf::reacts_to<deliver_atom, capture_record>,
                   caf::reacts_to<forget_atom, std::string>>;

} // namespace pinhole
