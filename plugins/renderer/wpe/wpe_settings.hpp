#pragma once

namespace pinhole::wpe {

/// The `renderer.wpe.*` configuration keys.
struct wpe_settings {
  /// Warm web views (one WebProcess each) rendering in parallel.
  int views = 2;
  /// A view is replaced by a fresh one after this many captures so that
  /// engine memory does not creep.
  int recycle_after = 200;
  /// Longest wait for web fonts and visible images before the picture is
  /// taken anyway (a hanging image must not cost the whole timeout).
  int asset_wait_ms = 5000;
};

} // namespace pinhole::wpe
