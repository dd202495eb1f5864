// What a job gives the page to be let in (README "Headers, cookies and
// login"): cookies before the first request, credentials for the page's
// own authentication challenge. Headers travel with the main request
// (wpe_view_load.cpp, page_headers.hpp). None of it is ever logged.
#include "plugins/renderer/wpe/page_headers.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

namespace {

/// The host of `url` ("" when it has none).
std::string host_of(const std::string& url) {
  auto* parsed = g_uri_parse(url.c_str(), G_URI_FLAGS_NONE, nullptr);
  if (!parsed)
    return {};
  std::string host = g_uri_get_host(parsed) ? g_uri_get_host(parsed) : "";
  g_uri_unref(parsed);
  return host;
}

/// `c` for the engine; a cookie without a domain is `page_host`'s.
SoupCookie* soup_cookie_of(const page_cookie& c, const std::string& page_host) {
  const auto& domain = c.domain.empty() ? page_host : c.domain;
  auto* cookie = soup_cookie_new(c.name.c_str(), c.value.c_str(),
                                 domain.c_str(), c.path.c_str(), -1);
  soup_cookie_set_secure(cookie, c.secure);
  soup_cookie_set_http_only(cookie, c.http_only);
  if (c.same_site == "Strict")
    soup_cookie_set_same_site_policy(cookie, SOUP_SAME_SITE_POLICY_STRICT);
  else if (c.same_site == "Lax")
    soup_cookie_set_same_site_policy(cookie, SOUP_SAME_SITE_POLICY_LAX);
  else if (c.same_site == "None")
    soup_cookie_set_same_site_policy(cookie, SOUP_SAME_SITE_POLICY_NONE);
  if (c.expires > 0) {
    auto* expires = g_date_time_new_from_unix_utc(c.expires);
    soup_cookie_set_expires(cookie, expires);
    g_date_time_unref(expires);
  }
  return cookie;
}

} // namespace

void wpe_view::set_cookies_then_load() {
  if (job_.secrets.cookies.empty())
    return load();
  enter(view_phase::setting_cookies);
  auto* manager = webkit_website_data_manager_get_cookie_manager(
    webkit_web_view_get_website_data_manager(view_));
  cookies_pending_ = static_cast<int>(job_.secrets.cookies.size());
  auto page_host = host_of(job_.url);
  for (const auto& c : job_.secrets.cookies) {
    auto* cookie = soup_cookie_of(c, page_host);
    webkit_cookie_manager_add_cookie(manager, cookie, cancellable_,
                                     on_cookie_added, this);
    soup_cookie_free(cookie);
  }
}

void wpe_view::on_cookie_added(GObject* manager, GAsyncResult* result,
                               gpointer data) {
  GError* error = nullptr;
  webkit_cookie_manager_add_cookie_finish(WEBKIT_COOKIE_MANAGER(manager),
                                          result, &error);
  std::string why = error ? error->message : "";
  bool refused = error != nullptr;
  if (view_went(error)) // frees error
    return;
  auto* self = static_cast<wpe_view*>(data);
  if (refused) {
    // The message names no cookie value (they are secrets).
    if (self->phase_ == view_phase::setting_cookies)
      self->fail(error_code::internal, "a cookie was refused: " + why);
    return;
  }
  // Not given up (timeout, cancel) meanwhile, and the last one in.
  if (self->phase_ == view_phase::setting_cookies &&
      --self->cookies_pending_ == 0)
    self->load();
}

bool wpe_view::offers_credentials(WebKitAuthenticationRequest* request) const {
  if (!is_job_phase(phase_) || job_.secrets.http_auth.empty() ||
      credentials_offered_ ||
      webkit_authentication_request_is_for_proxy(request))
    return false;
  // Only the page's own server: a frame or image of another host asking
  // for credentials must not get the page's.
  auto* origin = webkit_authentication_request_get_security_origin(request);
  auto* asking = webkit_security_origin_to_string(origin);
  bool own = origin_of(asking) == origin_of(job_.url.c_str());
  g_free(asking);
  webkit_security_origin_unref(origin);
  return own;
}

} // namespace pinhole::wpe
