#pragma once

#include <caf/all.hpp>

#include "plugins/plugin.hpp"
#include "plugins/renderer/wpe/wpe_settings.hpp"

namespace pinhole::wpe {

/// The descriptor of the `renderer.wpe` plugin.
renderer_plugin descriptor();

/// Starts a WPE host with `settings` and its renderer actor. Throws
/// std::runtime_error when the engine cannot start.
renderer_actor spawn_renderer(caf::actor_system& system, wpe_settings settings);

} // namespace pinhole::wpe
