#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

/// A finished capture as retention sees it.
struct retained_capture {
  std::string id;
  timestamp_ms completed_at = 0;
  /// Bytes of its image (0 for a failed capture).
  int64_t file_size = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, retained_capture& x) {
  return f(x.id, x.completed_at, x.file_size);
}

/// One capture to expire now: its id answers 410 to its owner until
/// `forget_at`, then 404.
struct expiry {
  std::string id;
  timestamp_ms forget_at = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, expiry& x) {
  return f(x.id, x.forget_at);
}

/// Retention's answer to a finished capture: when it will expire (shown as
/// expiresAt; 0 = not known in advance) and which captures expire at once
/// to make room for it.
struct retention_verdict {
  timestamp_ms expires_at = 0;
  std::vector<expiry> expire_now;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, retention_verdict& x) {
  return f(x.expires_at, x.expire_now);
}

using retain_atom = caf::atom_constant<caf::atom("retain")>;
using release_atom = caf::atom_constant<caf::atom("release")>;
using retention_sweep_atom = caf::atom_constant<caf::atom("retsweep")>;

/// A retention plugin (plugins/retention/*) decides when finished captures
/// expire and how long their tombstones answer 410; the supervisor carries
/// the decisions out (records, tombstones, image files) and never expires a
/// capture that is not finished.
using retention_actor = caf::typed_actor<
  // a capture finished (also every finished capture the store held at
  // start, in any order)
  caf::replies_to<retain_atom, retained_capture>::with<retention_verdict>,
  // its owner deleted it
  caf::reacts_to<release_atom, std::string>,
  // every retention.sweep_interval: what expires by `now`
  caf::replies_to<retention_sweep_atom,
                  timestamp_ms>::with<std::vector<expiry>>>;

} // namespace pinhole
