#pragma once

#include <memory>

#include "actors/renderer_protocol.hpp"
#include "plugins/renderer/wpe/wpe_host.hpp"

namespace pinhole::wpe {

/// The engine thread hands a finished job back to the renderer actor with
/// this message (engine threads must not touch promises).
using render_done_atom = caf::atom_constant<caf::atom("renderdone")>;

/// The WPE renderer: the renderer interface plus its engine's answers.
using wpe_renderer_actor = renderer_actor::extend<
  caf::reacts_to<render_done_atom, uint64_t, render_outcome>>;

struct wpe_renderer_state {
  std::shared_ptr<wpe_host> host;
  uint64_t next_job = 0;
  std::unordered_map<uint64_t, caf::typed_response_promise<render_outcome>>
    pending;
  static inline const char* name = "wpe_renderer";
};

/// The renderer actor of the WPE plugin: forwards jobs to the host's GLib
/// thread and turns the engine's callbacks back into replies.
wpe_renderer_actor::behavior_type
wpe_renderer(wpe_renderer_actor::stateful_pointer<wpe_renderer_state> self,
             std::shared_ptr<wpe_host> host);

} // namespace pinhole::wpe
