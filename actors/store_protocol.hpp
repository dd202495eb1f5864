#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

/// A capture that expired: its id answers 410 to `owner` until `forget_at`.
struct tombstone_record {
  std::string id;
  std::string owner;
  timestamp_ms forget_at = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, tombstone_record& x) {
  return f(x.id, x.owner, x.forget_at);
}

/// Everything a store holds, as loaded at start-up.
struct stored_state {
  /// Oldest first; image paths are absolute (joined to the image folder).
  std::vector<capture_record> captures;
  std::vector<tombstone_record> tombstones;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, stored_state& x) {
  return f(x.captures, x.tombstones);
}

using store_load_atom = caf::atom_constant<caf::atom("storeload")>;
using store_save_atom = caf::atom_constant<caf::atom("storesave")>;
using store_remove_atom = caf::atom_constant<caf::atom("storeremov")>;
using store_forget_atom = caf::atom_constant<caf::atom("storeforgt")>;

/// Durable capture records (plugins/store/*). Every change answers once it
/// is committed, with an empty failure or the reason it is not.
using store_actor = caf::typed_actor<
  // everything stored (the supervisor's recovery at start-up)
  caf::replies_to<store_load_atom>::with<stored_state>,
  // insert or replace one record
  caf::replies_to<store_save_atom, capture_record>::with<failure>,
  // delete records; with forget_at > 0 keep tombstones (410) until then
  caf::replies_to<store_remove_atom, std::vector<capture_record>,
                  timestamp_ms>::with<failure>,
  // drop tombstones whose forget_at has passed
  caf::replies_to<store_forget_atom, timestamp_ms>::with<failure>>;

} // namespace pinhole
