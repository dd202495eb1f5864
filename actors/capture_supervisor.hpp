#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

#include <caf/all.hpp>

#include "actors/supervisor_protocol.hpp"

namespace pinhole {

struct supervisor_settings {
  size_t max_concurrent = 2;
  size_t max_queued = 256;
  /// Folder for finished images (created by the caller).
  std::string image_dir;
  /// capture.max_page_height, handed to every render job.
  int32_t max_page_height = 32768;
};

struct supervisor_state {
  supervisor_settings settings;
  renderer_actor renderer;
  std::unordered_map<std::string, capture_record> records;
  std::deque<std::string> queue; // ids of PENDING captures, oldest first
  size_t running = 0;
  static inline const char* name = "capture_supervisor";
};

/// Admits captures (bounded queue), runs at most `max_concurrent` at once
/// with one capture actor each, and answers status lookups scoped to the
/// API key that created a capture.
supervisor_actor::behavior_type
capture_supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
                   supervisor_settings settings, renderer_actor renderer);

} // namespace pinhole
