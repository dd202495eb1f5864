#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pinhole::wpe {

/// A filter list in Adblock Plus syntax (EasyList, EasyPrivacy) turned into
/// WebKit content rules (the JSON WebKitUserContentFilterStore compiles).
struct converted_filter_list {
  /// The rules, in the order WebKit must apply them: blocking rules, then
  /// the list's exceptions (`@@`, "ignore-previous-rules", which win over
  /// every earlier rule as in Adblock Plus), then the rule that never blocks
  /// the page itself, then generic element hiding.
  nlohmann::json rules = nlohmann::json::array();
  /// Filters of the list that became a rule.
  std::size_t taken = 0;
  /// Filters WebKit's rule format cannot express (regular expressions,
  /// domain-specific or extended element hiding, options such as csp=,
  /// redirect=, mixed domain conditions) or that never matter to a
  /// picture (popup); comments and blank lines are neither.
  std::size_t skipped = 0;
};

/// Converts the filters WebKit can express: network filters (`||host^`,
/// `|url`, substrings with `*` and `^`) with the options third-party,
/// resource types, domain= and match-case, their `@@` exceptions, and
/// generic element hiding (`##selector`, shown as display: none). The page
/// the capture asked for is never blocked by its own URL (a top-frame
/// document is exempt): blocking applies to what the page loads.
converted_filter_list convert_filter_list(std::string_view text);

} // namespace pinhole::wpe
