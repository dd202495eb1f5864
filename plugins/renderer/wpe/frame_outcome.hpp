#pragma once

#include <cstdint>
#include <string>

#include "actors/error_code.hpp"
#include "plugins/common/imaging/bgra_image.hpp"

namespace pinhole::wpe {

/// What a view hands back for one job, on the GLib thread: the picture's
/// frame (still to be encoded) or a failure.
struct frame_outcome {
  failure error;
  bgra_image frame;
  int32_t http_status = 0;
  bool truncated = false;
  std::string script_error;
  int32_t blocked_requests = 0;
};

} // namespace pinhole::wpe
