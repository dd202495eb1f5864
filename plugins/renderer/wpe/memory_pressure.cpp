#include "plugins/renderer/wpe/memory_pressure.hpp"

namespace pinhole::wpe {

WebKitMemoryPressureSettings* web_process_memory_pressure(int memory_limit_mb) {
  if (memory_limit_mb <= 0)
    return nullptr;
  auto* settings = webkit_memory_pressure_settings_new();
  webkit_memory_pressure_settings_set_memory_limit(
    settings, static_cast<guint>(memory_limit_mb));
  // The conservative threshold first: the engine refuses a strict one that
  // is not above the conservative one it has at the time.
  webkit_memory_pressure_settings_set_conservative_threshold(
    settings, memory_pressure::conservative);
  webkit_memory_pressure_settings_set_strict_threshold(settings,
                                                       memory_pressure::strict);
  webkit_memory_pressure_settings_set_kill_threshold(settings, 0);
  webkit_memory_pressure_settings_set_poll_interval(
    settings, memory_pressure::poll_seconds);
  return settings;
}

} // namespace pinhole::wpe
