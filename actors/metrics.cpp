#include "actors/metrics.hpp"

#include <array>
#include <mutex>
#include <sstream>
#include <tuple>

namespace pinhole::metrics {

namespace {

/// Render latency buckets (seconds): a simple page takes ~50 ms, a long
/// full page about a second, the default timeout is 30 s.
constexpr std::array<double, 11> render_buckets = {
  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

struct registry {
  std::mutex mutex;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> http;
  std::array<uint64_t, render_buckets.size()> render_counts{};
  uint64_t render_count = 0;
  double render_sum = 0;
  std::map<std::string, uint64_t> restarts;
  uint64_t webhook_delivered = 0;
  uint64_t webhook_failed = 0;
};

registry& the_registry() {
  static registry r;
  return r;
}

/// Label values are our own route patterns and reasons, but escape anyway
/// (the format requires \\, \" and \n escaped).
std::string label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void header(std::ostringstream& out, const char* name, const char* type,
            const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type
      << '\n';
}

} // namespace

void count_http_request(const std::string& method, const std::string& route,
                        int code) {
  auto& r = the_registry();
  std::lock_guard<std::mutex> guard{r.mutex};
  ++r.http[{method, route, code}];
}

void observe_render_seconds(double seconds) {
  auto& r = the_registry();
  std::lock_guard<std::mutex> guard{r.mutex};
  for (size_t i = 0; i < render_buckets.size(); ++i)
    if (seconds <= render_buckets[i])
      ++r.render_counts[i];
  ++r.render_count;
  r.render_sum += seconds;
}

void count_renderer_restart(const std::string& reason) {
  auto& r = the_registry();
  std::lock_guard<std::mutex> guard{r.mutex};
  ++r.restarts[reason];
}

void count_webhook_attempt(bool delivered) {
  auto& r = the_registry();
  std::lock_guard<std::mutex> guard{r.mutex};
  ++(delivered ? r.webhook_delivered : r.webhook_failed);
}

std::string exposition(const service_gauges& gauges) {
  std::ostringstream out;
  out.precision(12); // sums of seconds; bucket bounds print as written
  header(out, "pinhole_queue_depth", "gauge",
         "Captures waiting for a render slot.");
  out << "pinhole_queue_depth " << gauges.queue_depth << '\n';
  header(out, "pinhole_captures_rendering", "gauge",
         "Captures a renderer is working on now.");
  out << "pinhole_captures_rendering " << gauges.rendering << '\n';
  header(out, "pinhole_captures", "gauge",
         "Stored captures by state (expired ones are gone).");
  for (const auto& [state, count] : gauges.captures_by_state)
    out << "pinhole_captures{state=\"" << label(state) << "\"} " << count
        << '\n';
  auto& r = the_registry();
  std::lock_guard<std::mutex> guard{r.mutex};
  header(out, "pinhole_render_duration_seconds", "histogram",
         "Time from handing a capture to a renderer to its answer.");
  for (size_t i = 0; i < render_buckets.size(); ++i)
    out << "pinhole_render_duration_seconds_bucket{le=\"" << render_buckets[i]
        << "\"} " << r.render_counts[i] << '\n';
  out << "pinhole_render_duration_seconds_bucket{le=\"+Inf\"} "
      << r.render_count << '\n'
      << "pinhole_render_duration_seconds_sum " << r.render_sum << '\n'
      << "pinhole_render_duration_seconds_count " << r.render_count << '\n';
  header(out, "pinhole_renderer_restarts_total", "counter",
         "Renderer processes replaced after a crash or a hang.");
  for (const char* reason : {"crashed", "stuck"}) {
    auto found = r.restarts.find(reason);
    out << "pinhole_renderer_restarts_total{reason=\"" << reason << "\"} "
        << (found == r.restarts.end() ? 0 : found->second) << '\n';
  }
  header(out, "pinhole_webhook_attempts_total", "counter",
         "Webhook POSTs, by whether the receiver answered 2xx.");
  out << "pinhole_webhook_attempts_total{outcome=\"delivered\"} "
      << r.webhook_delivered << '\n'
      << "pinhole_webhook_attempts_total{outcome=\"failed\"} "
      << r.webhook_failed << '\n';
  header(out, "pinhole_http_requests_total", "counter",
         "HTTP answers by method, route and status code.");
  for (const auto& [key, count] : r.http)
    out << "pinhole_http_requests_total{method=\"" << label(std::get<0>(key))
        << "\",route=\"" << label(std::get<1>(key)) << "\",code=\""
        << std::get<2>(key) << "\"} " << count << '\n';
  return out.str();
}

} // namespace pinhole::metrics
