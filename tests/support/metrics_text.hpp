#pragma once

#include <string>

namespace pinhole::test {

/// The value of one series (name and labels exactly as written, e.g.
/// `pinhole_captures{state="COMPLETED"}`) in a Prometheus text answer, or
/// -1 when it is not there.
double metric_value(const std::string& text, const std::string& series);

/// pinhole_renderer_restarts_total{reason="..."} in a Prometheus text
/// answer (metrics::exposition in-process, or GET /metrics); required to
/// be there.
double renderer_restarts(const std::string& text, const std::string& reason);

} // namespace pinhole::test
