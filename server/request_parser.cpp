#include "server/request_parser.hpp"

#include <memory>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "server/secret_fields.hpp"
#include "server/selector_syntax.hpp"

namespace pinhole {

namespace {

using json = nlohmann::json;

/// Thrown inside the parser only; turned into a failure at the boundary.
struct invalid : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int int_field(const json& value, const char* field, int lo, int hi) {
  if (!value.is_number_integer())
    throw invalid(std::string{field} + " must be an integer");
  auto n = value.get<int64_t>();
  if (n < lo || n > hi)
    throw invalid(std::string{field} + " must be between " +
                  std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
                  std::to_string(n) + ")");
  return static_cast<int>(n);
}

std::string string_field(const json& value, const char* field, int max_length) {
  if (!value.is_string())
    throw invalid(std::string{field} + " must be a string");
  auto text = value.get<std::string>();
  if (text.size() > static_cast<size_t>(max_length))
    throw invalid(std::string{field} + " must be at most " +
                  std::to_string(max_length) + " characters");
  return text;
}

std::string selector_field(const json& value, const std::string& field,
                           const capture_settings& limits) {
  if (!value.is_string())
    throw invalid(field + " must be a string (a CSS selector)");
  auto text = value.get<std::string>();
  if (auto why = check_selector_syntax(field, text, limits.max_selector_length);
      !why.empty())
    throw invalid(why);
  return text;
}

bool bool_field(const json& value, const char* field) {
  if (!value.is_boolean())
    throw invalid(std::string{field} + " must be true or false");
  return value.get<bool>();
}

/// Text that goes into the page as it is (css, js): at most `max_bytes`.
std::string source_field(const json& value, const char* field, int max_bytes) {
  if (!value.is_string())
    throw invalid(std::string{field} + " must be a string");
  auto text = value.get<std::string>();
  if (text.size() > static_cast<size_t>(max_bytes))
    throw invalid(std::string{field} + " must be at most " +
                  std::to_string(max_bytes) + " bytes");
  return text;
}

css_rect clip_field(const json& value, const capture_settings& limits) {
  if (!value.is_object())
    throw invalid("clip must be an object {x, y, width, height} (CSS px)");
  for (const auto& [key, ignored] : value.items())
    if (key != "x" && key != "y" && key != "width" && key != "height")
      throw invalid("clip has an unknown field '" + key +
                    "' (it takes x, y, width and height)");
  for (const char* key : {"x", "y", "width", "height"})
    if (!value.contains(key))
      throw invalid(std::string{"clip."} + key + " is required");
  css_rect clip;
  clip.x = int_field(value["x"], "clip.x", 0, limits.max_viewport_width - 1);
  clip.y = int_field(value["y"], "clip.y", 0, limits.max_page_height - 1);
  clip.width =
    int_field(value["width"], "clip.width", 1, limits.max_viewport_width);
  clip.height =
    int_field(value["height"], "clip.height", 1, limits.max_page_height);
  return clip;
}

bool apply_page_field(const std::string& name, const json& value,
                      const capture_settings& limits, page_controls& out) {
  if (name == "selector") {
    out.selector = selector_field(value, "selector", limits);
  } else if (name == "clip") {
    out.clip = clip_field(value, limits);
  } else if (name == "waitForSelector") {
    out.wait_for_selector = selector_field(value, "waitForSelector", limits);
  } else if (name == "hideSelectors") {
    if (!value.is_array())
      throw invalid("hideSelectors must be a list of CSS selectors");
    if (value.size() > static_cast<size_t>(limits.max_hide_selectors))
      throw invalid("hideSelectors must have at most " +
                    std::to_string(limits.max_hide_selectors) + " entries");
    out.hide_selectors.clear();
    for (size_t i = 0; i < value.size(); ++i)
      out.hide_selectors.push_back(selector_field(
        value[i], "hideSelectors[" + std::to_string(i) + "]", limits));
  } else if (name == "css") {
    out.css = source_field(value, "css", limits.max_css_bytes);
  } else if (name == "js") {
    out.js = source_field(value, "js", limits.max_js_bytes);
  } else if (name == "blockCookieBanners") {
    out.block_cookie_banners = bool_field(value, "blockCookieBanners");
  } else if (name == "omitBackground") {
    out.omit_background = bool_field(value, "omitBackground");
  } else if (name == "blockAds") {
    out.block_ads = bool_field(value, "blockAds");
  } else if (name == "blockTrackers") {
    out.block_trackers = bool_field(value, "blockTrackers");
  } else {
    return false;
  }
  return true;
}

/// The rules between fields, once each is valid on its own.
void check_combinations(const capture_options& o, const json& doc) {
  if (doc.contains("fit") && (o.scaling.width <= 0 || o.scaling.height <= 0))
    throw invalid("fit needs both imageWidth and imageHeight (with one of "
                  "them the other follows from the aspect ratio)");
  const auto& page = o.page;
  if (page.omit_background && o.format == image_format::jpeg)
    throw invalid("omitBackground needs format png or webp: JPEG has no "
                  "transparency");
  if (!page.selector.empty() && !page.clip.empty())
    throw invalid("selector and clip cannot be combined: the picture is "
                  "either an element or a rectangle");
  if (!page.selector.empty() && o.full_page)
    throw invalid("selector and fullPage cannot be combined: an element's "
                  "picture is its own box, however tall");
  if (!page.clip.empty() && !o.full_page &&
      (page.clip.x + page.clip.width > o.viewport_width ||
       page.clip.y + page.clip.height > o.viewport_height))
    throw invalid("clip must lie inside the viewport (" +
                  std::to_string(o.viewport_width) + "x" +
                  std::to_string(o.viewport_height) +
                  "); with fullPage it may lie anywhere on the page");
  if (!page.clip.empty() && o.full_page &&
      page.clip.x + page.clip.width > o.viewport_width)
    throw invalid("clip must lie inside the page's width (viewportWidth " +
                  std::to_string(o.viewport_width) + ")");
}

void apply_field(const std::string& name, const json& value,
                 const capture_settings& limits, capture_options& out) {
  if (name == "url") {
    out.url = string_field(value, "url", limits.max_url_length);
    if (auto why = check_http_url("url", out.url); !why.empty())
      throw invalid(why);
  } else if (name == "viewportWidth") {
    out.viewport_width =
      int_field(value, "viewportWidth", 1, limits.max_viewport_width);
  } else if (name == "viewportHeight") {
    out.viewport_height =
      int_field(value, "viewportHeight", 1, limits.max_viewport_height);
  } else if (name == "fullPage") {
    out.full_page = bool_field(value, "fullPage");
  } else if (name == "deviceScaleFactor") {
    if (!value.is_number())
      throw invalid("deviceScaleFactor must be a number");
    out.device_scale_factor = value.get<double>();
    if (!(out.device_scale_factor >= 1.0 &&
          out.device_scale_factor <= limits.max_device_scale_factor))
      throw invalid("deviceScaleFactor must be between 1 and " +
                    std::to_string(limits.max_device_scale_factor));
  } else if (name == "delay") {
    out.delay_ms = int_field(value, "delay", 0, limits.max_delay_ms);
  } else if (name == "timeout") {
    out.timeout_ms = int_field(value, "timeout", 1000, limits.max_timeout_ms);
  } else if (name == "userAgent") {
    out.user_agent =
      string_field(value, "userAgent", limits.max_user_agent_length);
    for (unsigned char c : out.user_agent)
      if (c < 0x20 || c == 0x7f)
        throw invalid("userAgent must not contain control characters");
  } else if (name == "callbackUrl") {
    out.callback_url =
      string_field(value, "callbackUrl", limits.max_url_length);
    if (auto why = check_http_url("callbackUrl", out.callback_url);
        !why.empty())
      throw invalid(why);
  } else if (name == "format") {
    auto format = string_field(value, "format", 16);
    if (!parse_image_format(format, out.format))
      throw invalid("format must be \"png\", \"jpeg\" or \"webp\"");
  } else if (name == "quality") {
    out.quality = int_field(value, "quality", 1, 100);
  } else if (name == "imageWidth") {
    out.scaling.width =
      int_field(value, "imageWidth", 1, limits.max_viewport_width);
  } else if (name == "imageHeight") {
    out.scaling.height =
      int_field(value, "imageHeight", 1, limits.max_page_height);
  } else if (name == "cacheTtl") {
    out.cache_ttl_s = int_field(value, "cacheTtl", 0, limits.max_cache_ttl_s);
  } else if (name == "fit") {
    auto fit = string_field(value, "fit", 16);
    if (!parse_image_fit(fit, out.scaling.fit))
      throw invalid("fit must be \"contain\", \"cover\" or \"fill\"");
  } else if (!apply_page_field(name, value, limits, out.page) &&
             !apply_secret_field(name, value, limits, out.secrets)) {
    throw invalid("unknown field '" + name + "'");
  }
}

} // namespace

std::string check_http_url(const std::string& field, const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle{curl_url(),
                                                             curl_url_cleanup};
  if (!handle)
    return field + ": out of memory";
  // No scheme guessing: "example.com" is not an absolute URL.
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return field + " must be an absolute http or https URL";
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0);
  auto has_host =
    curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK && host &&
    *host;
  std::string scheme_text = scheme ? scheme : "";
  curl_free(scheme);
  curl_free(host);
  if (scheme_text != "http" && scheme_text != "https")
    return field + " must use http or https (got \"" + scheme_text + "\")";
  if (!has_host)
    return field + " must name a host";
  return {};
}

parsed_request parse_capture_request(const std::string& body,
                                     const capture_settings& limits) {
  parsed_request result;
  result.options.timeout_ms = limits.default_timeout_ms;
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception& e) {
    // parse_error, and also out_of_range for numbers like 1e999 (found by
    // fuzz_request_parser).
    result.error = failure{error_code::invalid_request,
                           std::string{"body is not valid JSON: "} + e.what()};
    return result;
  }
  if (!doc.is_object()) {
    result.error =
      failure{error_code::invalid_request, "body must be a JSON object"};
    return result;
  }
  try {
    for (const auto& [name, value] : doc.items())
      apply_field(name, value, limits, result.options);
    if (!doc.contains("url"))
      throw invalid("url is required");
    // A page seen with someone's login is cached only when asked for.
    if (!doc.contains("cacheTtl") && result.options.secrets.empty())
      result.options.cache_ttl_s = limits.default_cache_ttl_s;
    check_combinations(result.options, doc);
  } catch (const invalid& e) {
    result.error = failure{error_code::invalid_request, e.what()};
  } catch (const invalid_secret& e) {
    result.error = failure{error_code::invalid_request, e.what()};
  }
  return result;
}

} // namespace pinhole
