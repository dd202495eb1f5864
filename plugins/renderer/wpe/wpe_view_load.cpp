// A job's page load: the request, the engine's load signals, the egress
// proxy's refusals, and what follows the load (the data wait, the delay).
#include <algorithm>
#include <cstring>

#include "plugins/renderer/wpe/page_headers.hpp"
#include "plugins/renderer/wpe/wpe_view.hpp"

namespace pinhole::wpe {

void wpe_view::load() {
  load_error_.clear();
  enter(view_phase::loading);
  on_value_ = nullptr;
  on_frame_ = nullptr;
  if (step_source_ != 0) {
    g_source_remove(step_source_);
    step_source_ = 0;
  }
  // Every job's main request carries the marker, also with no headers:
  // it replaces what the web extension kept for the view's previous job.
  auto* request = webkit_uri_request_new(job_.url.c_str());
  if (auto* headers = webkit_uri_request_get_http_headers(request))
    soup_message_headers_replace(
      headers, page_headers_marker,
      encode_page_headers(job_.secrets.headers).c_str());
  webkit_web_view_load_request(view_, request);
  g_object_unref(request);
}

void wpe_view::on_load_changed(WebKitWebView*, WebKitLoadEvent event,
                               gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  const char* uri = webkit_web_view_get_uri(self->view_);
  bool blank = uri && std::strcmp(uri, "about:blank") == 0;
  // A job's own load starts on its URL; the tail of the previous job's
  // about:blank reset (or of a navigation it cancelled) can still arrive
  // after the job called load_uri, and must not count as its load.
  if (event == WEBKIT_LOAD_STARTED && self->phase_ == view_phase::loading &&
      !blank)
    self->enter(view_phase::page_loading);
  // A navigation cancelled before it committed (a page that never
  // answered) ends with STARTED/FINISHED on about:blank too: only a
  // committed about:blank ends a reset.
  if (event == WEBKIT_LOAD_COMMITTED && blank &&
      self->phase_ == view_phase::blanking)
    self->enter(view_phase::blank_committed);
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  // Only the page load itself: not the late end of a navigation that a
  // previous job cancelled (it finishes before our own load started), not
  // navigations the page starts later.
  if (self->phase_ == view_phase::page_loading)
    self->page_loaded();
  // Only the about:blank load ends a reset, not the tail of a cancelled
  // navigation.
  if (self->phase_ == view_phase::blank_committed && blank &&
      !webkit_web_view_is_loading(self->view_))
    self->blank_loaded();
}

gboolean wpe_view::on_load_failed(WebKitWebView*, WebKitLoadEvent, gchar* uri,
                                  GError* error, gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (is_job_phase(self->phase_) && self->load_error_.empty())
    self->load_error_ = std::string{"could not load "} + (uri ? uri : "page") +
                        ": " + (error ? error->message : "unknown error");
  return TRUE; // no WebKit error page
}

gboolean wpe_view::on_tls_error(WebKitWebView*, gchar* uri, GTlsCertificate*,
                                GTlsCertificateFlags, gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (is_job_phase(self->phase_) && self->load_error_.empty())
    self->load_error_ =
      std::string{"TLS certificate of "} + (uri ? uri : "") + " is not trusted";
  return FALSE; // load-failed follows and ends the load
}

failure wpe_view::proxy_answer(WebKitURIResponse* response) const {
  if (!response)
    return {};
  std::string uri = webkit_uri_response_get_uri(response);
  auto* headers = webkit_uri_response_get_http_headers(response);
  auto refusal = egress_.classify(
    uri, static_cast<int>(webkit_uri_response_get_status_code(response)),
    [headers](const char* name) -> const char* {
      return headers ? soup_message_headers_get_one(headers, name) : nullptr;
    });
  switch (refusal.what) {
    case network::egress_refusal::kind::blocked:
      return {error_code::url_blocked, uri + ": " + refusal.reason};
    case network::egress_refusal::kind::failed:
      return {error_code::navigation_failed,
              "could not load " + uri + ": " + refusal.reason};
    case network::egress_refusal::kind::none:
      break;
  }
  return {};
}

gboolean wpe_view::on_decide_policy(WebKitWebView*,
                                    WebKitPolicyDecision* decision,
                                    WebKitPolicyDecisionType type,
                                    gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION) {
    // The view's history holds earlier captures' pages (other API keys'):
    // a page may not go back (or forward) to them.
    auto* action = webkit_navigation_policy_decision_get_navigation_action(
      WEBKIT_NAVIGATION_POLICY_DECISION(decision));
    if (webkit_navigation_action_get_navigation_type(action) ==
        WEBKIT_NAVIGATION_TYPE_BACK_FORWARD) {
      webkit_policy_decision_ignore(decision);
      return TRUE;
    }
    return FALSE;
  }
  if (type != WEBKIT_POLICY_DECISION_TYPE_RESPONSE ||
      !is_job_phase(self->phase_))
    return FALSE; // WebKit decides as usual
  auto* response = webkit_response_policy_decision_get_response(
    WEBKIT_RESPONSE_POLICY_DECISION(decision));
  // Frames get response decisions too; only the page's own counts.
  const char* page = webkit_web_view_get_uri(self->view_);
  const char* answered = webkit_uri_response_get_uri(response);
  if (page && answered && std::strcmp(page, answered) == 0 &&
      self->proxy_refusal_.ok())
    self->proxy_refusal_ = self->proxy_answer(response);
  return FALSE;
}

void wpe_view::page_loaded() {
  // The page (or a redirect) the egress proxy refused or could not reach:
  // its answer is the proxy's, not a page to take a picture of. For https
  // the engine reports the refused tunnel as a failed load.
  if (!proxy_refusal_.ok())
    return fail(proxy_refusal_.code, proxy_refusal_.message);
  if (!load_error_.empty())
    return fail(error_code::navigation_failed, load_error_);
  // Some refusals (e.g. "bad ports") never emit load-failed: the view just
  // ends on about:blank with no HTTP response.
  const char* uri = webkit_web_view_get_uri(view_);
  auto* resource = webkit_web_view_get_main_resource(view_);
  auto* response =
    resource ? webkit_web_resource_get_response(resource) : nullptr;
  guint status = response ? webkit_uri_response_get_status_code(response) : 0;
  if (status == 0 || !uri || std::strcmp(uri, "about:blank") == 0)
    return fail(error_code::navigation_failed,
                "could not load " + job_.url +
                  ": the engine refused the address or got no HTTP "
                  "response (ended on " +
                  (uri ? uri : "nothing") + ", status " +
                  std::to_string(status) + ")");
  http_status_ = static_cast<int32_t>(status);
  if (!job_.full_page && job_.delay_ms == 0 && net_pending_ > 0) {
    // The page is fetching the data it builds itself from: its first frame
    // would show it unfinished ("Loading..."), a frame composited and
    // thrown away. It stays hidden until its data has come (bounded by the
    // asset wait, which the settle step then shares).
    begin_asset_wait();
    enter(view_phase::awaiting_data);
    wait_for_data();
    return;
  }
  // A full page is measured and grown while still hidden: its first frame
  // is then the grown page, not a viewport frame thrown away.
  if (!job_.full_page || job_.delay_ms > 0)
    show();
  if (job_.delay_ms > 0) {
    enter(view_phase::delaying);
    step_source_ =
      g_timeout_add(static_cast<guint>(job_.delay_ms), on_delay_over, this);
  } else
    after_delay();
}

gboolean wpe_view::on_delay_over(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->after_delay();
  return G_SOURCE_REMOVE;
}

/// (Re)arms the one timer of the hidden data wait: the quiet period once no
/// fetch/XHR is in flight, else the end of the asset wait. Called when the
/// wait begins and on each of the network tracker's reports, so the page is
/// shown as soon as its data has come, not at the next tick of a poll.
void wpe_view::wait_for_data() {
  if (step_source_ != 0)
    g_source_remove(step_source_);
  auto wait = asset_wait_left();
  if (net_pending_ == 0)
    wait = std::min(wait, settings_.network_quiet_ms);
  step_source_ = g_timeout_add(static_cast<guint>(wait), on_data_come, this);
}

gboolean wpe_view::on_data_come(gpointer data) {
  auto* self = static_cast<wpe_view*>(data);
  self->step_source_ = 0;
  self->enter(view_phase::stepping);
  self->show();
  // within the asset wait begun in page_loaded
  self->control_then_take_picture();
  return G_SOURCE_REMOVE;
}

} // namespace pinhole::wpe
