#pragma once

namespace pinhole::wpe {

/// The `renderer.wpe.*` configuration keys.
struct wpe_settings {
  /// Warm web views (one WebProcess each) rendering in parallel.
  int views = 2;
  /// A view is replaced by a fresh one after this many captures so that
  /// engine memory does not creep.
  int recycle_after = 200;
};

} // namespace pinhole::wpe
