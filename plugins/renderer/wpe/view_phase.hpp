#pragma once

namespace pinhole::wpe {

/// Where a wpe_view is: the one state of its state machine. A job goes
///   idle -> [setting_cookies ->] loading -> page_loading -> [awaiting_data |
///   delaying] -> stepping [-> awaiting_selector -> stepping] -> (picture or
///   failure)
///   -> reset
/// and a reset (also a new view's warm-up)
///   [hiding ->] blanking -> blank_committed -> clearing -> idle.
/// may_follow() is the whole transition table; wpe_view::enter() checks
/// every change against it.
enum class view_phase {
  /// Reset of a view grown for a full page: waiting until the engine has
  /// hidden it (a script round trip) before it is shrunk.
  hiding,
  /// Reset: about:blank requested, not committed yet.
  blanking,
  /// Reset: about:blank committed (the old page is gone), its load ends.
  blank_committed,
  /// Reset: the website data (cookies, storage, cache) is being cleared.
  clearing,
  /// Free for a job.
  idle,
  /// The job's cookies are being put into the view's cookie jar; its URL
  /// is requested when they are all in.
  setting_cookies,
  /// The job's URL requested; its own load has not started yet (the tail
  /// of the reset's about:blank may still arrive).
  loading,
  /// The job's load started; waiting for it to finish.
  page_loading,
  /// Loaded, hidden until the page's fetch/XHR have ended (bounded by the
  /// asset wait).
  awaiting_data,
  /// Loaded, waiting out the job's `delay`.
  delaying,
  /// The steps in the page (js, settle, measure, grow or scroll) and the
  /// wait for the frame that is the picture.
  stepping,
  /// Waiting for the job's waitForSelector to match (a timeout here is
  /// SELECTOR_TIMEOUT).
  awaiting_selector,
};

/// "idle", "loading", ... (for logs).
const char* to_string(view_phase phase);

/// True while the view works on a job (from setting_cookies to stepping).
constexpr bool is_job_phase(view_phase phase) {
  return phase == view_phase::setting_cookies || phase == view_phase::loading ||
         phase == view_phase::page_loading ||
         phase == view_phase::awaiting_data || phase == view_phase::delaying ||
         phase == view_phase::stepping ||
         phase == view_phase::awaiting_selector;
}

/// True while the view resets (hiding to clearing).
constexpr bool is_reset_phase(view_phase phase) {
  return phase == view_phase::hiding || phase == view_phase::blanking ||
         phase == view_phase::blank_committed || phase == view_phase::clearing;
}

/// Whether `to` may follow `from`.
constexpr bool may_follow(view_phase from, view_phase to) {
  using p = view_phase;
  // Any job phase can end (picture, failure, timeout, cancel: a reset) or
  // start over on a fresh WebProcess after a crash (loading).
  if (is_job_phase(from) &&
      (to == p::hiding || to == p::blanking || to == p::loading))
    return true;
  switch (from) {
    case p::idle:
      return to == p::setting_cookies || to == p::loading;
    case p::setting_cookies:
      return to == p::loading;
    case p::loading:
      return to == p::page_loading;
    case p::page_loading:
      return to == p::awaiting_data || to == p::delaying || to == p::stepping;
    case p::awaiting_data:
    case p::delaying:
      return to == p::stepping;
    case p::stepping:
      return to == p::awaiting_selector;
    case p::awaiting_selector:
      return to == p::stepping;
    // A reset that takes too long ends as idle (the view is replaced).
    case p::hiding:
      return to == p::blanking || to == p::idle;
    case p::blanking:
      // again after a crash of the WebProcess
      return to == p::blank_committed || to == p::blanking || to == p::idle;
    case p::blank_committed:
      return to == p::clearing || to == p::blanking || to == p::idle;
    case p::clearing:
      return to == p::idle;
  }
  return false;
}

} // namespace pinhole::wpe
