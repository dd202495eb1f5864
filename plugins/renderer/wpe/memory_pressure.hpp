#pragma once

#include <wpe/webkit.h>

namespace pinhole::wpe {

/// What the engine's own memory-pressure handler is given for every
/// WebProcess (renderer.wpe.memory_limit_mb). Above `conservative` of the
/// limit a WebProcess drops its caches; above `strict` it also throws away
/// compiled scripts, collects garbage and hands free heap back to the
/// system; it is never killed. The handler looks every `poll_seconds`.
///
/// Why: between captures a view loads about:blank and its website data is
/// cleared, but its WebProcess keeps the memory the last page grew (heap,
/// caches, script code) for the next one, and a full page then grows on
/// top of it. Acting on it lowers the peak at the same captures/s; a limit
/// so low that every WebProcess is always over it costs some WebProcess
/// CPU per capture (benchmarks/HISTORY.md). WebKit's
/// default (3 GB, looked at every 30 s) never acts on small machines.
struct memory_pressure {
  static constexpr double conservative = 0.4;
  static constexpr double strict = 0.6;
  static constexpr double poll_seconds = 0.5;
};

/// The settings for a limit of `memory_limit_mb` (0: WebKit's defaults,
/// nullptr). The caller frees them (webkit_memory_pressure_settings_free).
WebKitMemoryPressureSettings* web_process_memory_pressure(int memory_limit_mb);

} // namespace pinhole::wpe
