#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actors/error_code.hpp"

namespace pinhole {

enum class image_format : uint8_t { png, jpeg, webp };

/// "png", "jpeg", "webp".
const char* to_string(image_format format);
/// The inverse of to_string; false for anything else (case matters).
bool parse_image_format(const std::string& text, image_format& out);
/// "image/png", ...
const char* mime_type(image_format format);

/// capture.max_page_height's default: full pages are cut at this many CSS
/// px.
constexpr int32_t default_max_page_height = 32768;

/// How a picture goes into imageWidth x imageHeight when both are given.
enum class image_fit : uint8_t {
  contain, // as large as fits inside, aspect kept (the image may be smaller)
  cover,   // fills it, aspect kept; the overflow is cut (centred, from the top)
  fill,    // stretched to exactly that size
};

/// "contain", "cover", "fill".
const char* to_string(image_fit fit);
/// The inverse of to_string; false for anything else.
bool parse_image_fit(const std::string& text, image_fit& out);

/// The size the picture is scaled to before it is encoded (thumbnails); a
/// side of 0 follows from the other and the aspect ratio; both 0: no
/// scaling.
struct image_scaling {
  int32_t width = 0;
  int32_t height = 0;
  image_fit fit = image_fit::contain;

  bool empty() const { return width <= 0 && height <= 0; }
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, image_scaling& x) {
  return f(x.width, x.height, x.fit);
}

/// A rectangle in CSS px; `width` 0 means none.
struct css_rect {
  int32_t x = 0;
  int32_t y = 0;
  int32_t width = 0;
  int32_t height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, css_rect& x) {
  return f(x.x, x.y, x.width, x.height);
}

/// What a client asked to be done to the page before its picture, and
/// which part of it the picture is (SPEC §1.1, README "Page control").
/// Empty members mean "not asked for". Shared by the request and the
/// render job.
struct page_controls {
  /// The picture is the first matching element's border box.
  std::string selector;
  /// The picture is this rectangle: of the viewport, or of the whole page
  /// with full_page.
  css_rect clip;
  /// Waits (within the timeout) for a visible element matching it.
  std::string wait_for_selector;
  /// Matching elements get visibility: hidden.
  std::vector<std::string> hide_selectors;
  /// A style sheet added to the page from its first paint.
  std::string css;
  /// A script run after the load (and the delay), before the settle step.
  std::string js;
  /// Consent dialogs of the common platforms are hidden and their scroll
  /// lock removed.
  bool block_cookie_banners = false;
  /// Requests matching the ad list (EasyList) are blocked and its generic
  /// element hiding applies.
  bool block_ads = false;
  /// Requests matching the tracker list (EasyPrivacy) are blocked.
  bool block_trackers = false;
  /// The page is drawn on a transparent base instead of white: what it
  /// leaves unpainted is transparent in the picture (PNG and WebP).
  bool omit_background = false;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, page_controls& x) {
  return f(x.selector, x.clip, x.wait_for_selector, x.hide_selectors, x.css,
           x.js, x.block_cookie_banners, x.block_ads, x.block_trackers,
           x.omit_background);
}

/// One request header a client asked the page to be loaded with.
struct http_header {
  std::string name;
  std::string value;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, http_header& x) {
  return f(x.name, x.value);
}

/// A cookie put into the view's cookie jar before the page's first request.
struct page_cookie {
  std::string name;
  std::string value;
  /// Empty: the page URL's host (a host-only cookie).
  std::string domain;
  std::string path = "/";
  bool secure = false;
  bool http_only = false;
  /// "", "Strict", "Lax" or "None" ("": the engine's default).
  std::string same_site;
  /// Unix seconds; 0: a session cookie.
  int64_t expires = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, page_cookie& x) {
  return f(x.name, x.value, x.domain, x.path, x.secure, x.http_only,
           x.same_site, x.expires);
}

/// What answers the page's HTTP authentication challenge.
struct http_credentials {
  std::string username;
  std::string password;

  bool empty() const { return username.empty() && password.empty(); }
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, http_credentials& x) {
  return f(x.username, x.password);
}

/// What a client gave to be let into the page (README "Headers, cookies
/// and login"). Secrets: never logged, never in a status answer, a webhook
/// or a metric; stored encrypted and only until the capture is finished.
struct page_secrets {
  /// Sent with every request to the page's own origin.
  std::vector<http_header> headers;
  std::vector<page_cookie> cookies;
  http_credentials http_auth;

  bool empty() const {
    return headers.empty() && cookies.empty() && http_auth.empty();
  }
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, page_secrets& x) {
  return f(x.headers, x.cookies, x.http_auth);
}

/// What a client asked for (SPEC §1.1), already validated. The member
/// defaults are the API's defaults.
struct capture_options {
  std::string url;
  int32_t viewport_width = 1280;
  int32_t viewport_height = 800;
  bool full_page = false;
  double device_scale_factor = 1.0;
  int32_t delay_ms = 0;
  int32_t timeout_ms = 30000;
  std::string user_agent; // empty: engine default
  std::string callback_url;
  image_format format = image_format::png;
  int32_t quality = 80;
  image_scaling scaling;
  page_controls page;
  page_secrets secrets;
  /// Seconds: an equal earlier capture of the same API key that completed
  /// this recently is answered instead of rendering (0: never).
  int32_t cache_ttl_s = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_options& x) {
  return f(x.url, x.viewport_width, x.viewport_height, x.full_page,
           x.device_scale_factor, x.delay_ms, x.timeout_ms, x.user_agent,
           x.callback_url, x.format, x.quality, x.scaling, x.page, x.secrets,
           x.cache_ttl_s);
}

enum class capture_state : uint8_t { pending, processing, completed, failed };

/// "PENDING", "PROCESSING", "COMPLETED", "FAILED".
const char* to_string(capture_state state);

/// PENDING or PROCESSING: the capture may still run.
constexpr bool is_unfinished(capture_state state) {
  return state == capture_state::pending || state == capture_state::processing;
}

/// Milliseconds since the Unix epoch; 0 means "not yet".
using timestamp_ms = int64_t;

timestamp_ms now_ms();

/// RFC 3339 UTC with a trailing Z, second precision ("2026-03-26T15:00:00Z").
std::string format_rfc3339(timestamp_ms t);

/// Everything the service knows about one capture.
struct capture_record {
  std::string id;
  std::string owner; // SHA-256 of the API key that created it
  capture_options options;
  capture_state state = capture_state::pending;
  timestamp_ms created_at = 0;
  timestamp_ms started_at = 0;
  timestamp_ms completed_at = 0;
  /// When retention deletes it (completed_at + retention.ttl).
  timestamp_ms expires_at = 0;
  int32_t attempts = 0;
  /// The client's Idempotency-Key header, empty when none was sent.
  std::string idempotency_key;
  // -- set when COMPLETED --
  std::string image_path;
  int64_t file_size = 0;
  int32_t width = 0;
  int32_t height = 0;
  int32_t http_status = 0;
  bool truncated = false;
  /// What the request's `js` threw, empty when it ran cleanly (or there
  /// was none).
  std::string script_error;
  /// Requests of the page blockAds / blockTrackers blocked.
  int32_t blocked_requests = 0;
  /// Names what the picture depends on (capture_cache.hpp): equal keys of
  /// one owner, equal pictures.
  std::string cache_key;
  /// Answered from an earlier capture's picture (cacheTtl).
  bool cached = false;
  // -- set when FAILED --
  failure error;
  // -- the webhook, when options.callback_url is set --
  std::string webhook_state; // "", "pending", "delivered" or "failed"
  int32_t webhook_attempts = 0;
  std::string webhook_last_error;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_record& x) {
  return f(x.id, x.owner, x.options, x.state, x.created_at, x.started_at,
           x.completed_at, x.expires_at, x.attempts, x.idempotency_key,
           x.image_path, x.file_size, x.width, x.height, x.http_status,
           x.truncated, x.script_error, x.blocked_requests, x.cache_key,
           x.cached, x.error, x.webhook_state, x.webhook_attempts,
           x.webhook_last_error);
}

} // namespace pinhole
