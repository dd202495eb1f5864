#pragma once

#include <string>

namespace pinhole::test {

/// The value of one series (name and labels exactly as written, e.g.
/// `pinhole_captures{state="COMPLETED"}`) in a Prometheus text answer, or
/// -1 when it is not there.
double metric_value(const std::string& text, const std::string& series);

} // namespace pinhole::test
