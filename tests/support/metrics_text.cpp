#include "tests/support/metrics_text.hpp"

#include <sstream>

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

} // namespace pinhole::test
