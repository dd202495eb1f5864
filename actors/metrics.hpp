#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace pinhole::metrics {

/// Counters and the render-latency histogram behind `GET /metrics`, one set
/// per process (like a Prometheus client's default registry): the HTTP
/// layer, the capture actors and the plugins record into it from any
/// thread; the HTTP layer renders it with the supervisor's gauges.

/// An HTTP answer: the route pattern (e.g. "/api/screenshot/capture/:id")
/// and the status code sent.
void count_http_request(const std::string& method, const std::string& route,
                        int code);

/// One finished render (the renderer's answer, success or not), in seconds.
void observe_render_seconds(double seconds);

/// A renderer process replaced after it crashed or stopped answering;
/// `reason` is "crashed" or "stuck".
void count_renderer_restart(const std::string& reason);

/// One webhook POST: `delivered` when the receiver answered 2xx.
void count_webhook_attempt(bool delivered);

/// What the supervisor knows at scrape time.
struct service_gauges {
  int64_t queue_depth = 0; // PENDING captures waiting for a render slot
  int64_t rendering = 0;   // captures a renderer has now
  std::map<std::string, int64_t> captures_by_state; // every state, 0 too
};

/// The Prometheus text exposition format (version 0.0.4) of everything
/// above.
std::string exposition(const service_gauges& gauges);

} // namespace pinhole::metrics
