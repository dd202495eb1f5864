#pragma once

#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/metrics.hpp"
#include "actors/supervisor_protocol.hpp"

namespace pinhole {

/// Everything one attempt of one capture needs.
struct capture_job {
  std::string id;
  capture_options options;
  renderer_actor renderer;
  supervisor_internal supervisor;
  std::string image_dir;
  int32_t max_page_height = default_max_page_height;
  std::shared_ptr<metrics::registry> metrics;
};

/// Drives one capture attempt: asks the renderer for the encoded image,
/// writes the image file and reports a `capture_result` to the supervisor.
/// Spawned `detached` because writing a file (fsync) blocks, and must not
/// hold up the CAF scheduler threads that answer HTTP requests.
void capture_actor(caf::event_based_actor* self, capture_job job);

/// Extra time over the capture's own `timeout` before the capture actor stops
/// waiting for a renderer that does not answer at all.
constexpr int renderer_grace_ms = 5000;

} // namespace pinhole
