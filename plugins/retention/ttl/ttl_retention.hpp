#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/supervisor_protocol.hpp"

namespace pinhole::retention {

/// How the `ttl` plugin sweeps. (retention.ttl itself is applied by the
/// supervisor, which stamps expiresAt on every finished capture.)
struct ttl_settings {
  /// How often expired captures and orphan files are looked for.
  std::chrono::milliseconds sweep_interval{60 * 1000};
  std::string image_dir;
};

/// Every sweep_interval (and once at start): asks the supervisor to expire
/// what finished more than ttl ago (it keeps tombstones so those ids answer
/// 410), deletes their images and any orphan file in the image folder (a
/// file no known capture owns, e.g. after a crash or a delete mid-render).
/// Spawn it `detached`: it does file I/O.
caf::behavior ttl_retention(caf::event_based_actor* self, ttl_settings settings,
                            supervisor_actor supervisor);

} // namespace pinhole::retention
