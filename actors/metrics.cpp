#include "actors/metrics.hpp"

#include <array>
#include <mutex>
#include <sstream>
#include <tuple>

namespace pinhole::metrics {

namespace {

/// Render latency buckets (seconds): a simple page takes ~50 ms, a long
/// full page about a second, the default timeout is 30 s.
constexpr std::array<double, registry::render_bucket_count> render_buckets = {
  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

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

void registry::count_http_request(const std::string& method,
                                  const std::string& route, int code) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++http_[{method, route, code}];
}

void registry::observe_render_seconds(double seconds) {
  std::lock_guard<std::mutex> guard{mutex_};
  for (size_t i = 0; i < render_buckets.size(); ++i)
    if (seconds <= render_buckets[i])
      ++render_counts_[i];
  ++render_count_;
  render_sum_ += seconds;
}

void registry::count_renderer_restart(const std::string& reason) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++restarts_[reason];
}

void registry::count_webhook_attempt(bool delivered) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++(delivered ? webhook_delivered_ : webhook_failed_);
}

void registry::set_cluster_nodes(std::map<std::string, node_gauge> nodes) {
  std::lock_guard<std::mutex> guard{mutex_};
  cluster_ = true;
  nodes_ = std::move(nodes);
}

namespace {

/// One series per node, `value` of each (joined nodes only when
/// `joined_only`: a gauge of a node that left means nothing).
template<class Value>
void per_node(std::ostringstream& out, const char* name, const char* type,
              const char* help, const std::map<std::string, node_gauge>& nodes,
              bool joined_only, Value value) {
  header(out, name, type, help);
  for (const auto& [node_name, node] : nodes)
    if (node.joined || !joined_only)
      out << name << "{worker=\"" << label(node_name) << "\"} " << value(node)
          << '\n';
}

void cluster_exposition(std::ostringstream& out,
                        const std::map<std::string, node_gauge>& nodes) {
  int64_t workers = 0;
  for (const auto& [name, node] : nodes)
    workers += node.joined && name != "local" ? 1 : 0;
  header(out, "pinhole_workers", "gauge",
         "Cluster workers joined to this coordinator now.");
  out << "pinhole_workers " << workers << '\n';
  per_node(out, "pinhole_worker_slots", "gauge",
           "Render slots of each joined node (\"local\": this coordinator).",
           nodes, true, [](const node_gauge& n) { return n.slots; });
  per_node(out, "pinhole_worker_busy_slots", "gauge",
           "Render slots of each joined node that have a job now.", nodes, true,
           [](const node_gauge& n) { return n.busy; });
  per_node(out, "pinhole_worker_dispatches_total", "counter",
           "Render jobs handed to each node.", nodes, false,
           [](const node_gauge& n) { return n.dispatches; });
  per_node(out, "pinhole_worker_losses_total", "counter",
           "Render jobs that went back to the queue because their node was "
           "lost.",
           nodes, false, [](const node_gauge& n) { return n.losses; });
}

} // namespace

std::string registry::exposition(const service_gauges& gauges) const {
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
  std::lock_guard<std::mutex> guard{mutex_};
  header(out, "pinhole_render_duration_seconds", "histogram",
         "Time from handing a capture to a renderer to its answer.");
  for (size_t i = 0; i < render_buckets.size(); ++i)
    out << "pinhole_render_duration_seconds_bucket{le=\"" << render_buckets[i]
        << "\"} " << render_counts_[i] << '\n';
  out << "pinhole_render_duration_seconds_bucket{le=\"+Inf\"} " << render_count_
      << '\n'
      << "pinhole_render_duration_seconds_sum " << render_sum_ << '\n'
      << "pinhole_render_duration_seconds_count " << render_count_ << '\n';
  header(out, "pinhole_renderer_restarts_total", "counter",
         "Renderer processes replaced after a crash or a hang.");
  for (const char* reason : {"crashed", "stuck"}) {
    auto found = restarts_.find(reason);
    out << "pinhole_renderer_restarts_total{reason=\"" << reason << "\"} "
        << (found == restarts_.end() ? 0 : found->second) << '\n';
  }
  header(out, "pinhole_webhook_attempts_total", "counter",
         "Webhook POSTs, by whether the receiver answered 2xx.");
  out << "pinhole_webhook_attempts_total{outcome=\"delivered\"} "
      << webhook_delivered_ << '\n'
      << "pinhole_webhook_attempts_total{outcome=\"failed\"} "
      << webhook_failed_ << '\n';
  if (cluster_)
    cluster_exposition(out, nodes_);
  header(out, "pinhole_http_requests_total", "counter",
         "HTTP answers by method, route and status code.");
  for (const auto& [key, count] : http_)
    out << "pinhole_http_requests_total{method=\"" << label(std::get<0>(key))
        << "\",route=\"" << label(std::get<1>(key)) << "\",code=\""
        << std::get<2>(key) << "\"} " << count << '\n';
  return out.str();
}

} // namespace pinhole::metrics
