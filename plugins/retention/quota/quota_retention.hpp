#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "actors/retention_protocol.hpp"

namespace pinhole::retention {

/// The keys of `retention.plugin: quota`. 0 = no limit of that kind.
struct quota_settings {
  /// retention.quota.max_bytes: image bytes of all finished captures.
  int64_t max_bytes = int64_t{1} << 30;
  /// retention.quota.max_captures: finished captures (failed ones too).
  int64_t max_captures = 10000;
  /// retention.quota.tombstone_ttl: how long an expired capture's id
  /// answers 410 before it is unknown (404).
  std::chrono::milliseconds tombstone_ttl{std::chrono::hours(24)};
};

struct quota_state {
  quota_settings settings;
  /// (completed_at, id) of every finished capture, oldest first
  std::set<std::pair<timestamp_ms, std::string>> by_age;
  /// id -> (completed_at, file_size)
  std::unordered_map<std::string, std::pair<timestamp_ms, int64_t>> kept;
  int64_t bytes = 0;
  static inline const char* name = "quota_retention";
};

/// Keeps finished captures while they fit the quota; a capture that would
/// exceed it expires the oldest finished ones first (by completion time),
/// as many as needed. The capture that just finished is always kept, even
/// when it alone is over max_bytes. Captures never expire by age.
retention_actor::behavior_type
quota_retention(retention_actor::stateful_pointer<quota_state> self,
                quota_settings settings);

} // namespace pinhole::retention
