#pragma once

#include <memory>
#include <unordered_map>

#include "actors/renderer_protocol.hpp"
#include "plugins/renderer/wpe/wpe_host.hpp"

// Engine answers stay in the process (GLib thread -> renderer actor): the
// frame travels by pointer, never serialized.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<pinhole::wpe::frame_outcome>)

namespace pinhole::wpe {

/// The engine thread hands a finished job back to the renderer actor with
/// this message (engine threads must not touch promises).
using render_done_atom = caf::atom_constant<caf::atom("renderdone")>;

/// The WPE renderer: the renderer interface plus its engine's answers.
using wpe_renderer_actor = renderer_actor::extend<
  caf::reacts_to<render_done_atom, uint64_t, std::shared_ptr<frame_outcome>>>;

/// How a job's picture becomes its image file.
struct image_output {
  image_format format;
  int32_t quality;
  image_scaling scaling;
  /// omitBackground: the frame was painted on the omitted background
  /// (omitted_background.hpp), which comes off before encoding.
  bool omit_background = false;
};

/// A job the engine works on: where its answer goes and how its picture is
/// encoded.
struct pending_render {
  caf::typed_response_promise<render_outcome> promise;
  image_output output;
};

struct wpe_renderer_state {
  std::shared_ptr<wpe_host> host;
  uint64_t next_job = 0;
  std::unordered_map<uint64_t, pending_render> pending;
  static inline const char* name = "wpe_renderer";
};

/// The renderer actor of the WPE plugin: forwards jobs to the host's GLib
/// thread, has each finished frame encoded on a thread of its own (see
/// frame_encoder) and answers the encoded image.
wpe_renderer_actor::behavior_type
wpe_renderer(wpe_renderer_actor::stateful_pointer<wpe_renderer_state> self,
             std::shared_ptr<wpe_host> host);

} // namespace pinhole::wpe
