#include "actors/error_code.hpp"

namespace pinhole {

const char* to_string(error_code code) {
  switch (code) {
    case error_code::none:
      return "NONE";
    case error_code::invalid_request:
      return "INVALID_REQUEST";
    case error_code::unauthorized:
      return "UNAUTHORIZED";
    case error_code::url_blocked:
      return "URL_BLOCKED";
    case error_code::not_found:
      return "NOT_FOUND";
    case error_code::capture_expired:
      return "CAPTURE_EXPIRED";
    case error_code::payload_too_large:
      return "PAYLOAD_TOO_LARGE";
    case error_code::unsupported_media_type:
      return "UNSUPPORTED_MEDIA_TYPE";
    case error_code::rate_limited:
      return "RATE_LIMITED";
    case error_code::too_many_active:
      return "TOO_MANY_ACTIVE";
    case error_code::queue_full:
      return "QUEUE_FULL";
    case error_code::shutting_down:
      return "SHUTTING_DOWN";
    case error_code::capture_not_ready:
      return "CAPTURE_NOT_READY";
    case error_code::capture_failed:
      return "CAPTURE_FAILED";
    case error_code::navigation_failed:
      return "NAVIGATION_FAILED";
    case error_code::timeout:
      return "TIMEOUT";
    case error_code::render_crashed:
      return "RENDER_CRASHED";
    case error_code::renderer_lost:
      return "RENDERER_LOST";
    case error_code::internal:
      return "INTERNAL";
    case error_code::selector_not_found:
      return "SELECTOR_NOT_FOUND";
    case error_code::selector_timeout:
      return "SELECTOR_TIMEOUT";
    case error_code::selector_invalid:
      return "SELECTOR_INVALID";
    case error_code::clip_outside_page:
      return "CLIP_OUTSIDE_PAGE";
  }
  return "INTERNAL";
}

} // namespace pinhole
