#pragma once

#include <memory>

#include "actors/renderer_protocol.hpp"
#include "plugins/renderer/wpe/wpe_host.hpp"

namespace pinhole::wpe {

struct wpe_renderer_state {
  std::shared_ptr<wpe_host> host;
  uint64_t next_job = 0;
  std::unordered_map<uint64_t, caf::typed_response_promise<render_outcome>>
    pending;
  static inline const char* name = "wpe_renderer";
};

/// The renderer actor of the WPE plugin: forwards jobs to the host's GLib
/// thread and turns the engine's callbacks back into replies.
renderer_actor::behavior_type
wpe_renderer(renderer_actor::stateful_pointer<wpe_renderer_state> self,
             std::shared_ptr<wpe_host> host);

} // namespace pinhole::wpe
