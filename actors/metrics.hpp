#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace pinhole::metrics {

/// What the supervisor knows at scrape time.
struct service_gauges {
  int64_t queue_depth = 0; // PENDING captures waiting for a render slot
  int64_t rendering = 0;   // captures a renderer has now
  std::map<std::string, int64_t> captures_by_state; // every state, 0 too
};

/// One renderer node of a cluster as GET /metrics shows it (the local
/// renderer is the node "local").
struct node_gauge {
  int32_t slots = 0;
  int32_t busy = 0;
  /// Jobs handed to it, and jobs lost with it, since the coordinator
  /// started (kept after the node left).
  uint64_t dispatches = 0;
  uint64_t losses = 0;
  bool joined = false;
};

/// Counters and the render-latency histogram behind `GET /metrics`. One
/// registry per service, made by `pinhole serve` and handed to whatever
/// records into it (the HTTP layer, the capture actors, the plugins through
/// their plugin_environment). Thread-safe: recorded from any thread.
class registry {
public:
  /// An HTTP answer: the route pattern (e.g. "/api/screenshot/capture/:id")
  /// and the status code sent.
  void count_http_request(const std::string& method, const std::string& route,
                          int code);

  /// One finished render (the renderer's answer, success or not), in
  /// seconds.
  void observe_render_seconds(double seconds);

  /// A renderer process replaced after it crashed or stopped answering;
  /// `reason` is "crashed" or "stuck".
  void count_renderer_restart(const std::string& reason);

  /// One webhook POST: `delivered` when the receiver answered 2xx.
  void count_webhook_attempt(bool delivered);

  /// The cluster's nodes by name, as the coordinator's renderer pool sees
  /// them now (only a coordinator calls this; the pinhole_worker* series
  /// appear once it did).
  void set_cluster_nodes(std::map<std::string, node_gauge> nodes);

  /// The Prometheus text exposition format (version 0.0.4) of `gauges` and
  /// everything recorded here.
  std::string exposition(const service_gauges& gauges) const;

  /// How many buckets the render histogram has (their bounds are in
  /// metrics.cpp).
  static constexpr size_t render_bucket_count = 11;

private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> http_;
  std::array<uint64_t, render_bucket_count> render_counts_{};
  uint64_t render_count_ = 0;
  double render_sum_ = 0;
  std::map<std::string, uint64_t> restarts_;
  uint64_t webhook_delivered_ = 0;
  uint64_t webhook_failed_ = 0;
  bool cluster_ = false;
  std::map<std::string, node_gauge> nodes_;
};

} // namespace pinhole::metrics
