#include "actors/capture_types.hpp"

#include <chrono>
#include <ctime>

namespace pinhole {

const char* to_string(image_format format) {
  switch (format) {
    case image_format::png:
      return "png";
    case image_format::jpeg:
      return "jpeg";
    case image_format::webp:
      return "webp";
  }
  return "png";
}

bool parse_image_format(const std::string& text, image_format& out) {
  for (auto format :
       {image_format::png, image_format::jpeg, image_format::webp})
    if (text == to_string(format)) {
      out = format;
      return true;
    }
  return false;
}

const char* to_string(image_fit fit) {
  switch (fit) {
    case image_fit::contain:
      return "contain";
    case image_fit::cover:
      return "cover";
    case image_fit::fill:
      return "fill";
  }
  return "contain";
}

bool parse_image_fit(const std::string& text, image_fit& out) {
  for (auto fit : {image_fit::contain, image_fit::cover, image_fit::fill})
    if (text == to_string(fit)) {
      out = fit;
      return true;
    }
  return false;
}

const char* mime_type(image_format format) {
  switch (format) {
    case image_format::png:
      return "image/png";
    case image_format::jpeg:
      return "image/jpeg";
    case image_format::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

const char* to_string(capture_state state) {
  switch (state) {
    case capture_state::pending:
      return "PENDING";
    case capture_state::processing:
      return "PROCESSING";
    case capture_state::completed:
      return "COMPLETED";
    case capture_state::failed:
      return "FAILED";
  }
  return "FAILED";
}

timestamp_ms now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

std::string format_rfc3339(timestamp_ms t) {
  std::time_t seconds = static_cast<std::time_t>(t / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

} // namespace pinhole
