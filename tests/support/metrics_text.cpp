#include "tests/support/metrics_text.hpp"

#include <sstream>

#include <boost/test/unit_test.hpp>

namespace pinhole::test {

double metric_value(const std::string& text, const std::string& series) {
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);)
    if (line.size() > series.size() &&
        line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return -1;
}

double renderer_restarts(const std::string& text, const std::string& reason) {
  auto count = metric_value(text, "pinhole_renderer_restarts_total{reason=\"" +
                                    reason + "\"}");
  BOOST_REQUIRE(count >= 0);
  return count;
}

} // namespace pinhole::test
