#pragma once

#include <string>
#include <vector>

#include "actors/capture_types.hpp"

namespace pinhole::wpe {

/// How a job's `headers` reach the web extension (extension/
/// page_headers_extension.cpp) that adds them to the page's requests: the
/// job's main request carries this one header, whose value is
/// encode_page_headers(); the extension takes it off that request, adds
/// the headers to it and to every later request of the page to the same
/// origin, and forgets them when the next main request (the next job's)
/// comes. Every job's main request carries it, also with no headers, so
/// nothing of a job outlives it. It travels inside the main request
/// because that request reaches whichever WebProcess loads the page (WPE
/// swaps processes on cross-site navigations; a message sent ahead could
/// reach the wrong one).
constexpr const char* page_headers_marker = "X-Pinhole-Page-Headers";

/// "scheme://host:port" of `uri` (default ports filled in, so equal
/// origins compare equal however they are written); "" when it has no
/// host (data:, about:).
std::string origin_of(const char* uri);

/// Base64 of a JSON list of [name, value] pairs.
std::string encode_page_headers(const std::vector<http_header>& headers);

/// The inverse; false when `text` is not such a value.
bool decode_page_headers(const std::string& text,
                         std::vector<http_header>& out);

} // namespace pinhole::wpe
