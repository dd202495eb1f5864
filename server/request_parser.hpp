#pragma once

#include <string>

#include "actors/capture_types.hpp"
#include "config/settings.hpp"

namespace pinhole {

/// Result of parsing a submit body: the options, or a failure whose message
/// names the offending field.
struct parsed_request {
  failure error;
  capture_options options;
};

/// Parses and validates a `POST /api/screenshot/capture` body (SPEC §1.1).
/// Rejects malformed JSON, unknown fields, wrong types and out-of-range
/// values with INVALID_REQUEST.
parsed_request parse_capture_request(const std::string& body,
                                     const capture_settings& limits);

/// Checks an absolute http/https URL (libcurl's URL parser). Returns an
/// empty string when fine, else why not, prefixed with `field`.
std::string check_http_url(const std::string& field, const std::string& url);

} // namespace pinhole
