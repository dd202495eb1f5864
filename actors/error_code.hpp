#pragma once

#include <cstdint>
#include <string>

namespace pinhole {

/// Every way a request or a capture can fail. Actors pass these around as
/// values; `server/http_errors.cpp` maps each one to an HTTP status exactly
/// once, so actors never know about HTTP. Stored and sent over the cluster
/// link as numbers: new codes go at the end.
enum class error_code : uint8_t {
  none,
  invalid_request,
  unauthorized,
  url_blocked,
  not_found,
  capture_expired,
  payload_too_large,
  unsupported_media_type,
  rate_limited,
  too_many_active,
  queue_full,
  shutting_down,
  capture_not_ready,
  capture_failed,
  navigation_failed,
  timeout,
  render_crashed,
  /// The node rendering the job went away (a cluster worker lost or
  /// leaving): the attempt does not count as the page's fault and the
  /// capture runs again elsewhere. Never a capture's final error.
  renderer_lost,
  internal,
  /// `selector` matched nothing once the page was ready.
  selector_not_found,
  /// `waitForSelector` matched no visible element within the timeout.
  selector_timeout,
  /// The page's engine refused a selector the request parser let through.
  selector_invalid,
  /// A full page's `clip` lies wholly below the page's end.
  clip_outside_page,
};

/// The SPEC spelling, e.g. "QUEUE_FULL".
const char* to_string(error_code code);

/// An error code with the human-readable message that goes with it.
struct failure {
  error_code code = error_code::none;
  std::string message;
  /// For 429s: seconds until a retry can succeed (Retry-After); 0 = unknown.
  int32_t retry_after_s = 0;

  bool ok() const { return code == error_code::none; }
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, failure& x) {
  return f(x.code, x.message, x.retry_after_s);
}

} // namespace pinhole
