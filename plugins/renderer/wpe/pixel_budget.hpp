#pragma once

#include <cstdint>

namespace pinhole::wpe {

/// Device pixels that views grown for full pages may hold at once
/// (renderer.wpe.full_page_budget_mpx). A view painting a 1280x6000 page
/// costs ~200 MB; two at once set the service's peak memory, and on a
/// CPU-bound machine running them one after the other costs little time.
/// Used on the GLib thread only.
class pixel_budget {
public:
  explicit pixel_budget(int64_t limit) : limit_(limit) {}

  /// Takes `pixels` when they fit, or when nothing is taken (one page may
  /// always grow, whatever its size: no job waits for ever).
  bool take(int64_t pixels) {
    if (used_ > 0 && used_ + pixels > limit_)
      return false;
    used_ += pixels;
    return true;
  }

  void give(int64_t pixels) { used_ -= pixels; }

private:
  int64_t limit_;
  int64_t used_ = 0;
};

} // namespace pinhole::wpe
