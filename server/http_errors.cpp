#include "server/http_errors.hpp"

namespace pinhole {

using Pistache::Http::Code;

Code http_status_of(error_code code) {
  switch (code) {
    case error_code::none:
      return Code::Ok;
    case error_code::invalid_request:
      return Code::Bad_Request;
    case error_code::unauthorized:
      return Code::Unauthorized;
    case error_code::url_blocked:
      return Code::Forbidden;
    case error_code::not_found:
      return Code::Not_Found;
    case error_code::capture_expired:
      return Code::Gone;
    case error_code::payload_too_large:
      return Code::Request_Entity_Too_Large;
    case error_code::unsupported_media_type:
      return Code::Unsupported_Media_Type;
    case error_code::rate_limited:
    case error_code::too_many_active:
    case error_code::queue_full:
      return Code::Too_Many_Requests;
    case error_code::shutting_down:
      return Code::Service_Unavailable;
    case error_code::capture_not_ready:
    case error_code::capture_failed:
      return Code::Conflict;
    case error_code::navigation_failed:
    case error_code::timeout:
    case error_code::render_crashed:
    case error_code::renderer_lost:
    case error_code::internal:
    case error_code::selector_not_found:
    case error_code::selector_timeout:
    case error_code::selector_invalid:
    case error_code::clip_outside_page:
      return Code::Internal_Server_Error;
  }
  return Code::Internal_Server_Error;
}

} // namespace pinhole
