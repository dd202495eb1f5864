#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_cache.hpp"
#include "actors/image_janitor.hpp"
#include "actors/metrics.hpp"
#include "actors/retention_protocol.hpp"
#include "actors/store_protocol.hpp"
#include "actors/supervisor_protocol.hpp"

namespace pinhole {

/// The plugin actors the supervisor depends on. It monitors each of them.
struct supervisor_plugins {
  renderer_actor renderer;
  store_actor store;
  /// Told about finished captures that have a callbackUrl (may be null).
  webhook_actor webhook;
  /// Decides when finished captures expire (may be null: they never do).
  retention_actor retention;
};

struct supervisor_settings {
  size_t max_concurrent = 2;
  size_t max_queued = 256;
  /// Runs of one capture (interrupted by crashes/restarts) before it fails.
  int32_t max_attempts = 3;
  /// Folder for finished images (created by the caller).
  std::string image_dir;
  /// capture.max_page_height, handed to every render job.
  int32_t max_page_height = default_max_page_height;
  /// retention.sweep_interval: how often retention is asked what expires
  /// and orphan image files are removed.
  std::chrono::milliseconds sweep_interval{60000};
  /// limits.rate_per_minute: submissions per API key in any 60 s.
  size_t rate_per_minute = 600;
  /// limits.max_active_per_key: unfinished captures per API key.
  size_t max_active_per_key = 64;
  /// Called (from a CAF thread) when a plugin actor stopped: the service
  /// cannot go on without it, so the caller stops the server with this
  /// message. Unset: the message is only logged.
  std::function<void(const std::string& why)> on_plugin_down;
  /// Where capture actors record render times (GET /metrics).
  std::shared_ptr<metrics::registry> metrics =
    std::make_shared<metrics::registry>();
};

/// An expired capture: its id answers 410 to its owner until forget_at.
struct tombstone_entry {
  std::string owner;
  timestamp_ms forget_at = 0;
};

struct supervisor_state {
  using reply_promise = caf::typed_response_promise<capture_reply>;
  supervisor_settings settings;
  supervisor_plugins plugins;
  /// Removes image files of expired captures and orphans (file I/O off the
  /// supervisor's thread).
  image_janitor_actor janitor;
  std::unordered_map<std::string, capture_record> records;
  /// owner + '\n' + Idempotency-Key -> capture id
  std::unordered_map<std::string, std::string> idempotency;
  std::unordered_map<std::string, tombstone_entry> tombstones;
  /// The latest COMPLETED capture per owner and cache key (cacheTtl).
  capture_cache cache;
  /// accepted but not yet committed: idempotent retries wait here
  std::unordered_map<std::string, std::vector<reply_promise>> uncommitted;
  std::deque<std::string> queue; // ids of PENDING captures, oldest first
  /// every capture attempt in flight (its capture actor), rendering or
  /// encoding/storing
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
/// capture, carries out retention's decisions, recovers what the store held
/// at start (`stored`), and drains on shutdown. A capture actor that dies
/// without reporting frees its slot and the capture runs again (or fails
/// once it used up capture.max_attempts); a plugin actor that dies is
/// reported through settings.on_plugin_down.
supervisor_internal::behavior_type
capture_supervisor(supervisor_internal::stateful_pointer<supervisor_state> self,
                   supervisor_settings settings, supervisor_plugins plugins,
                   stored_state stored);

} // namespace pinhole
