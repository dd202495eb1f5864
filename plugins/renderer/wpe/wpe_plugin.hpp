#pragma once

#include <caf/all.hpp>

#include "plugins/plugin.hpp"
#include "plugins/renderer/wpe/wpe_settings.hpp"

namespace pinhole::wpe {

/// `renderer.plugin: wpe` (the default); its keys are renderer.wpe.*.
renderer_plugin descriptor();

/// Starts a WPE host with `settings` and its renderer actor; the engine's
/// requests go through `environment.egress` (default: directly, no network
/// policy — only for tests, the benchmark's bare engine and `pinhole
/// capture`), restarts are counted in `environment.metrics`. Throws
/// std::runtime_error when the engine cannot start.
renderer_actor spawn_renderer(caf::actor_system& system, wpe_settings settings,
                              const plugin_environment& environment = {});

} // namespace pinhole::wpe
