#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

#include "actors/retention_protocol.hpp"

namespace pinhole::retention {

/// The keys of `retention.plugin: ttl`.
struct ttl_settings {
  /// retention.ttl: a finished capture expires this long after it
  /// finished; its tombstone (410) lasts as long again.
  std::chrono::milliseconds ttl{std::chrono::hours(24)};
};

struct ttl_state {
  ttl_settings settings;
  /// finished captures -> when they expire
  std::unordered_map<std::string, timestamp_ms> expires_at;
  static inline const char* name = "ttl_retention";
};

/// Expires every finished capture `ttl` after it finished (at the first
/// sweep after that), whatever else is stored.
retention_actor::behavior_type
ttl_retention(retention_actor::stateful_pointer<ttl_state> self,
              ttl_settings settings);

} // namespace pinhole::retention
