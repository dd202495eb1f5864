#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/all.hpp>

#include "actors/store_protocol.hpp"
#include "actors/supervisor_protocol.hpp"

namespace pinhole {

struct supervisor_settings {
  size_t max_concurrent = 2;
  size_t max_queued = 256;
  /// Runs of one capture (interrupted by crashes/restarts) before it fails.
  int32_t max_attempts = 3;
  /// Folder for finished images (created by the caller).
  std::string image_dir;
  /// capture.max_page_height, handed to every render job.
  int32_t max_page_height = 32768;
  /// retention.ttl: how long finished captures (and then their tombstones)
  /// are kept.
  int64_t ttl_ms = 24 * 3600 * 1000;
  /// limits.rate_per_minute: submissions per API key in any 60 s.
  size_t rate_per_minute = 600;
  /// limits.max_active_per_key: unfinished captures per API key.
  size_t max_active_per_key = 64;
  /// Told about finished captures that have a callbackUrl (may be null).
  webhook_actor webhook;
};

/// An expired capture: its id answers 410 to its owner until forget_at.
struct tombstone_entry {
  std::string owner;
  timestamp_ms forget_at = 0;
};

/// What the store held at start-up.
struct supervisor_recovery {
  std::vector<capture_record> captures;
  std::unordered_map<std::string, tombstone_entry> tombstones;
};

struct supervisor_state {
  using reply_promise = caf::typed_response_promise<capture_reply>;
  supervisor_settings settings;
  renderer_actor renderer;
  store_actor store;
  std::unordered_map<std::string, capture_record> records;
  /// owner + '\n' + Idempotency-Key -> capture id
  std::unordered_map<std::string, std::string> idempotency;
  std::unordered_map<std::string, tombstone_entry> tombstones;
  /// accepted but not yet committed: idempotent retries wait here
  std::unordered_map<std::string, std::vector<reply_promise>> uncommitted;
  std::deque<std::string> queue; // ids of PENDING captures, oldest first
  /// every capture attempt in flight, rendering or encoding/storing
  std::unordered_map<std::string, caf::actor> running;
  /// the ones the renderer still has: at most capture.max_concurrent
  std::unordered_set<std::string> rendering;
  /// owner -> times of its submissions in the last minute (oldest first)
  std::unordered_map<std::string, std::deque<timestamp_ms>> submissions;
  /// owner -> PENDING + PROCESSING captures
  std::unordered_map<std::string, size_t> active;
  bool draining = false;
  std::vector<caf::typed_response_promise<bool>> drained;
  static inline const char* name = "capture_supervisor";
};

/// Admits captures (bounded queue, committed to the store before they are
/// acknowledged), runs at most `max_concurrent` at once with one capture
/// actor each, answers lookups scoped to the API key that created a
/// capture, recovers what the store held at start, and drains on shutdown.
supervisor_actor::behavior_type
capture_supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
                   supervisor_settings settings, renderer_actor renderer,
                   store_actor store, supervisor_recovery recovered);

} // namespace pinhole
