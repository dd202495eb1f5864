// The WebKit web extension Pinhole loads into every WebProcess: it adds a
// job's `headers` to the requests its page makes to the page's own origin
// (README "Headers, cookies and login"). The protocol with the UI process
// is one header on the job's main request: plugins/renderer/wpe/
// page_headers.hpp.
#include <memory>
#include <string>
#include <vector>

#include <wpe/webkit-web-extension.h>

#include "plugins/renderer/wpe/page_headers.hpp"

namespace {

using pinhole::http_header;

/// What one page (one view) was given by its current job.
struct page_state {
  std::string origin;
  std::vector<http_header> headers;
};

page_state& state_of(WebKitWebPage* page) {
  auto* state =
    static_cast<page_state*>(g_object_get_data(G_OBJECT(page), "pinhole"));
  if (!state) {
    state = new page_state;
    g_object_set_data_full(G_OBJECT(page), "pinhole", state, [](gpointer p) {
      delete static_cast<page_state*>(p);
    });
  }
  return *state;
}

gboolean on_send_request(WebKitWebPage* page, WebKitURIRequest* request,
                         WebKitURIResponse* redirected, gpointer) {
  auto* headers = webkit_uri_request_get_http_headers(request);
  if (!headers)
    return FALSE; // not HTTP
  auto& state = state_of(page);
  auto origin = pinhole::wpe::origin_of(webkit_uri_request_get_uri(request));
  if (const char* marker = soup_message_headers_get_one(
        headers, pinhole::wpe::page_headers_marker)) {
    // A job's main request: its headers replace the previous job's.
    state = page_state{origin, {}};
    pinhole::wpe::decode_page_headers(marker, state.headers);
    soup_message_headers_remove(headers, pinhole::wpe::page_headers_marker);
  }
  if (state.headers.empty())
    return FALSE;
  if (origin == state.origin) {
    for (const auto& h : state.headers)
      soup_message_headers_replace(headers, h.name.c_str(), h.value.c_str());
  } else if (redirected) {
    // A redirect to another origin keeps the request's headers: take ours
    // off, they were meant for the page's origin only.
    for (const auto& h : state.headers)
      soup_message_headers_remove(headers, h.name.c_str());
  }
  return FALSE; // send it
}

void on_page_created(WebKitWebExtension*, WebKitWebPage* page, gpointer) {
  g_signal_connect(page, "send-request", G_CALLBACK(on_send_request), nullptr);
}

} // namespace

extern "C" G_MODULE_EXPORT void
webkit_web_extension_initialize(WebKitWebExtension* extension) {
  g_signal_connect(extension, "page-created", G_CALLBACK(on_page_created),
                   nullptr);
}
