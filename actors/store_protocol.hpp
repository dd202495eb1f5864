#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

using store_save_atom = caf::atom_constant<caf::atom("storesave")>;
using store_remove_atom = caf::atom_constant<caf::atom("storeremov")>;
using store_forget_atom = caf::atom_constant<caf::atom("storeforgt")>;

/// Durable capture records (plugins/store/*). Every call answers once the
/// change is committed, with an empty failure or the reason it is not.
using store_actor = caf::typed_actor<
  // insert or replace one record
  caf::replies_to<store_save_atom, capture_record>::with<failure>,
  // delete records; with forget_at > 0 keep tombstones (410) until then
  caf::replies_to<store_remove_atom, std::vector<capture_record>,
                  timestamp_ms>::with<failure>,
  // drop tombstones whose forget_at has passed
  caf::replies_to<store_forget_atom, timestamp_ms>::with<failure>>;

} // namespace pinhole
