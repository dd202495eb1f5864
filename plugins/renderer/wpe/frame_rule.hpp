#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace pinhole::wpe {

/// When the latest frame may be a step's picture, as far as frame counts and
/// times go (the view checks size and unpainted tiles apart). A pure
/// function of what the view observed, so that the rule is tested on its
/// own (tests/unit/frame_rule_test.cpp).
///
/// The page answers from the second animation frame after it settled (see
/// page_scripts::settle), and the engine runs an animation frame when the
/// frame before it was handed over to the view: so almost always two frames
/// came since the step's script ran, the latest shows the settled page, and
/// if nothing changed no further frame will come (no quiet period to wait
/// for). When only one frame came, it may be a frame the engine was still
/// painting from before the page's update, with the frame that shows the
/// page still on its way, or the page's own frame with none to follow
/// (both happen: benchmarks/HISTORY.md, "Measurements behind code
/// choices"). The two cannot be told apart, so the view then waits a
/// little for a second frame: twice as long as the first one took to come
/// (a frame in flight takes about as long as the one before it), and at
/// least `second_frame_wait`. Every capture with a single frame pays that
/// wait, so it is kept short. With no frame at all since the step
/// began, the old frame is only taken after `patience` (as is a frame with
/// unpainted tiles that came after it: the view checks the tiles, and
/// copies such frames only then, see worth_copying).
///
/// The same holds on a view that was hidden (and painted nothing) until
/// just before the step: the first frame a view paints once shown is not
/// always its page as it is by then (it can be a frame of a page the view
/// showed before; seen as a whole first screen of another page), so its
/// single frame is waited past too.
struct frame_rule {
  using duration = std::chrono::steady_clock::duration;

  duration second_frame_wait = std::chrono::milliseconds(20);
  duration patience = std::chrono::milliseconds(1000);

  /// `frames_since_step`: frames handed over since the step's script ran;
  /// `since_answer`: time since the page answered; `first_frame_delay`:
  /// from the step's start to the first of those frames.
  /// `lone_frame_may_be_stale`: the view was shown just before the step
  /// and its only frame is all white, as the about:blank it showed before
  /// it was hidden: such a frame is the engine compositing what it had, and
  /// the page's own frame can come tens of ms later on a busy machine, so
  /// it is waited for up to `patience` (a page that is really all white
  /// costs that wait).
  bool timing_ok(uint64_t frames_since_step, duration since_answer,
                 duration first_frame_delay,
                 bool lone_frame_may_be_stale = false) const {
    if (frames_since_step == 0)
      return since_answer >= patience;
    if (frames_since_step == 1)
      return since_answer >=
             (lone_frame_may_be_stale
                ? patience
                : std::max(second_frame_wait, 2 * first_frame_delay));
    return true;
  }

  /// Whether a frame is copied out of the engine's buffer as it arrives
  /// (its pixels are lost once the buffer is given back). A frame with
  /// unpainted tiles can only be the picture once the page answered
  /// `patience` ago (see wpe_view::frame_is_final): before that, the engine
  /// still paints the missing tiles and sends the frame that has them. Not
  /// copying it spares the copy and, when it is the first frame of a new
  /// size (a view grown for a full page: the engine first composites its
  /// old picture at the new size), a buffer of that size held until the
  /// picture is encoded.
  bool worth_copying(bool unpainted, bool answered,
                     duration since_answer) const {
    return !unpainted || (answered && since_answer >= patience);
  }
};

/// True when a row of B,G,R,A pixels has a fully transparent one (a tile
/// not painted yet). Checked on each row right after it is copied, while it
/// is in the cache: a separate pass over a 4 MB frame read it all again
/// (~0.5 ms a frame). Eight bytes at a time: the non-alpha bytes are set to
/// 0xff, then the classic "has a zero byte" test (alpha is the high byte of
/// each 32-bit half on a little-endian machine).
inline bool row_has_transparent_pixel(const uint8_t* row, size_t bytes) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);
  constexpr uint64_t not_alpha = 0x00ffffff00ffffffULL;
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t highs = 0x8080808080808080ULL;
  uint64_t zero_bytes = 0;
  for (size_t i = 0; i + 8 <= bytes; i += 8) {
    uint64_t word;
    std::memcpy(&word, row + i, 8);
    word |= not_alpha;
    zero_bytes |= (word - ones) & ~word & highs;
  }
  if (bytes % 8 != 0 && row[bytes - 1] == 0) // an odd width's last pixel
    return true;
  return zero_bytes != 0;
}

} // namespace pinhole::wpe
