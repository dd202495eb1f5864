#pragma once

#include <string>
#include <unordered_map>

#include "actors/capture_types.hpp"

namespace pinhole {

/// SHA-256 (hex) of every option that shapes the picture, secrets included
/// (another login never gets this one's picture); not callbackUrl,
/// timeout or cacheTtl, which do not change what the page looks like.
/// Every field of capture_options counts unless listed here, so a new
/// option can never be forgotten.
std::string cache_key_of(const capture_options& options);

/// The latest COMPLETED capture of each (owner, cache key): what a
/// submission with cacheTtl may be answered with (README "Cache").
class capture_cache {
public:
  /// Remembers `record` when it is COMPLETED and newer than what the slot
  /// holds.
  void remember(const capture_record& record);

  /// Drops the slot when it names `record` (deleted or expired).
  void forget(const capture_record& record);

  /// The id of a capture of `owner` with `key` that completed at or after
  /// `since`, or "".
  std::string find(const std::string& owner, const std::string& key,
                   timestamp_ms since) const;

private:
  struct entry {
    std::string id;
    timestamp_ms completed_at = 0;
  };
  static std::string slot(const std::string& owner, const std::string& key) {
    return owner + '\n' + key;
  }
  std::unordered_map<std::string, entry> latest_;
};

} // namespace pinhole
