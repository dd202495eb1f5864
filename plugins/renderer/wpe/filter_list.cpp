#include "plugins/renderer/wpe/filter_list.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace pinhole::wpe {

namespace {

using nlohmann::json;

/// WebKit's resource types, in the order of the ABP options that name them.
struct type_option {
  std::string_view option;
  std::string_view webkit_type;
};

constexpr type_option type_options[] = {
  {"script", "script"},
  {"image", "image"},
  {"stylesheet", "style-sheet"},
  {"css", "style-sheet"},
  {"font", "font"},
  {"media", "media"},
  {"subdocument", "document"},
  {"frame", "document"},
  {"xmlhttprequest", "raw"},
  {"xhr", "raw"},
  {"ping", "raw"},
  {"websocket", "raw"},
  {"other", "raw"},
  {"object", "media"},
};

constexpr std::string_view all_types[] = {
  "document", "image", "style-sheet",  "script",
  "font",     "raw",   "svg-document", "media"};

std::optional<std::string_view> webkit_type_of(std::string_view option) {
  for (const auto& known : type_options)
    if (known.option == option)
      return known.webkit_type;
  return std::nullopt;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 128;
  });
}

/// What the options of one network filter say (after its `$`).
struct filter_options {
  std::vector<std::string> included_types;
  std::vector<std::string> excluded_types;
  std::optional<bool> third_party;
  std::vector<std::string> if_domains;
  std::vector<std::string> unless_domains;
  bool match_case = false;
};

/// Takes the next `separator`-separated item off the front of `list`; a
/// leading '~' (negation) is taken off it and reported in `negated`.
std::string_view next_item(std::string_view& list, char separator,
                           bool& negated) {
  auto end = list.find(separator);
  auto item = list.substr(0, end);
  list = end == std::string_view::npos ? "" : list.substr(end + 1);
  negated = !item.empty() && item.front() == '~';
  if (negated)
    item.remove_prefix(1);
  return item;
}

/// Splits `a|b|~c` of domain= into WebKit's "*domain" (the domain and its
/// subdomains) lists. False when a domain is not plain ASCII.
bool read_domains(std::string_view list, filter_options& options) {
  while (!list.empty()) {
    bool unless = false;
    auto domain = next_item(list, '|', unless);
    if (domain.empty() || !is_ascii(domain) ||
        domain.find_first_of("*/") != std::string_view::npos)
      return false;
    std::string entry = "*" + std::string{domain};
    std::transform(entry.begin(), entry.end(), entry.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    (unless ? options.unless_domains : options.if_domains).push_back(entry);
  }
  return true;
}

/// Reads a filter's options; nullopt when one of them cannot be expressed
/// (or is popup, which no picture needs).
std::optional<filter_options> read_options(std::string_view text) {
  filter_options options;
  while (!text.empty()) {
    bool negated = false;
    auto option = next_item(text, ',', negated);
    if (option == "third-party" || option == "3p")
      options.third_party = !negated;
    else if (option == "first-party" || option == "1p")
      options.third_party = negated;
    else if (option == "match-case" && !negated)
      options.match_case = true;
    else if (option == "important" && !negated)
      continue; // exceptions are kept apart anyway
    else if (option.substr(0, 7) == "domain=" && !negated) {
      if (!read_domains(option.substr(7), options))
        return std::nullopt;
    } else if (auto type = webkit_type_of(option))
      (negated ? options.excluded_types : options.included_types)
        .emplace_back(*type);
    else if (option == "document" && !negated)
      options.included_types.emplace_back("document");
    else
      return std::nullopt;
  }
  // One WebKit trigger takes either if-domain or unless-domain.
  if (!options.if_domains.empty() && !options.unless_domains.empty())
    return std::nullopt;
  return options;
}

/// The resource types a rule applies to; empty = all of them.
std::vector<std::string> resource_types_of(const filter_options& options) {
  std::vector<std::string> types = options.included_types;
  if (types.empty() && !options.excluded_types.empty())
    for (auto type : all_types)
      if (std::find(options.excluded_types.begin(),
                    options.excluded_types.end(),
                    type) == options.excluded_types.end())
        types.emplace_back(type);
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  return types;
}

/// The url-filter regular expression (WebKit's subset: no alternation, no
/// counted repetition) of an ABP pattern; nullopt when it has none.
std::optional<std::string> url_filter_of(std::string_view pattern) {
  std::string regex;
  if (pattern.substr(0, 2) == "||") {
    // The host or any of its subdomains, after any scheme.
    regex = "^[a-z][a-z0-9.+-]*://([^/?#]*\\.)?";
    pattern.remove_prefix(2);
  } else if (!pattern.empty() && pattern.front() == '|') {
    regex = "^";
    pattern.remove_prefix(1);
  }
  bool anchored_end = !pattern.empty() && pattern.back() == '|';
  if (anchored_end)
    pattern.remove_suffix(1);
  while (!pattern.empty() && pattern.front() == '*')
    pattern.remove_prefix(1);
  while (!pattern.empty() && pattern.back() == '*')
    pattern.remove_suffix(1);
  if (pattern.empty() || pattern.find('|') != std::string_view::npos)
    return std::nullopt;
  for (char c : pattern) {
    if (c == '*')
      regex += ".*";
    else if (c == '^')
      regex += "[^a-zA-Z0-9_.%-]"; // a separator (end of URL not covered)
    else if (std::string_view{".+?()[]{}\\$"}.find(c) != std::string_view::npos)
      regex += std::string{"\\"} + c;
    else
      regex += c;
  }
  if (anchored_end)
    regex += "$";
  return regex;
}

/// The rule of one network filter (without `@@`); nullopt when WebKit
/// cannot express it.
std::optional<json> network_rule(std::string_view filter, bool exception) {
  std::string_view pattern = filter;
  std::string_view option_text;
  if (auto dollar = filter.rfind('$'); dollar != std::string_view::npos) {
    pattern = filter.substr(0, dollar);
    option_text = filter.substr(dollar + 1);
  }
  // A regular-expression filter: WebKit's subset rarely fits; skipped.
  if (pattern.size() > 1 && pattern.front() == '/' && pattern.back() == '/')
    return std::nullopt;
  if (!is_ascii(pattern))
    return std::nullopt;
  auto options = read_options(option_text);
  if (!options)
    return std::nullopt;
  auto url_filter = url_filter_of(pattern);
  if (!url_filter)
    return std::nullopt;
  json trigger = {{"url-filter", *url_filter}};
  if (options->match_case)
    trigger["url-filter-is-case-sensitive"] = true;
  if (auto types = resource_types_of(*options); !types.empty())
    trigger["resource-type"] = types;
  else if (!options->excluded_types.empty())
    return std::nullopt; // every type excluded
  if (options->third_party)
    trigger["load-type"] =
      json::array({*options->third_party ? "third-party" : "first-party"});
  if (!options->if_domains.empty())
    trigger["if-domain"] = options->if_domains;
  if (!options->unless_domains.empty())
    trigger["unless-domain"] = options->unless_domains;
  return json{
    {"trigger", trigger},
    {"action", {{"type", exception ? "ignore-previous-rules" : "block"}}}};
}

/// Selectors of generic hiding that are plain CSS (no ABP or uBlock
/// extension such as :-abp-has() or :has-text()).
bool is_plain_selector(std::string_view selector) {
  if (selector.empty() || !is_ascii(selector))
    return false;
  for (std::string_view extension :
       {":-abp-", ":has-text(", ":xpath(", ":style(", ":matches-css",
        ":upward(", ":remove(", ":watch-attr(", ":min-text-length(",
        ":matches-path(", ":others(", ":matches-attr(", ":contains(",
        ":matches-media(", ":shadow(", ":remove-attr(", ":remove-class("})
    if (selector.find(extension) != std::string_view::npos)
      return false;
  return true;
}

std::string_view trimmed(std::string_view line) {
  while (!line.empty() &&
         (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
    line.remove_prefix(1);
  return line;
}

} // namespace

converted_filter_list convert_filter_list(std::string_view text) {
  converted_filter_list result;
  json blocks = json::array();
  json exceptions = json::array();
  json hiding = json::array();
  auto take = [&result](json& into, std::optional<json> rule) {
    if (rule) {
      into.push_back(std::move(*rule));
      ++result.taken;
    } else {
      ++result.skipped;
    }
  };
  while (!text.empty()) {
    auto newline = text.find('\n');
    auto line = trimmed(text.substr(0, newline));
    text = newline == std::string_view::npos ? "" : text.substr(newline + 1);
    if (line.empty() || line.front() == '!' || line.front() == '[')
      continue;
    if (line.substr(0, 2) == "##") {
      auto selector = line.substr(2);
      std::optional<json> rule;
      if (is_plain_selector(selector))
        rule = json{{"trigger", {{"url-filter", ".*"}}},
                    {"action",
                     {{"type", "css-display-none"},
                      {"selector", std::string{selector}}}}};
      take(hiding, std::move(rule));
      continue;
    }
    // Domain-specific, exception or extended element hiding/scriptlets.
    if (line.find("##") != std::string_view::npos ||
        line.find("#@#") != std::string_view::npos ||
        line.find("#?#") != std::string_view::npos ||
        line.find("#$#") != std::string_view::npos ||
        line.find("#%#") != std::string_view::npos) {
      ++result.skipped;
      continue;
    }
    if (line.substr(0, 2) == "@@")
      take(exceptions, network_rule(line.substr(2), true));
    else
      take(blocks, network_rule(line, false));
  }
  for (auto& rule : blocks)
    result.rules.push_back(std::move(rule));
  for (auto& rule : exceptions)
    result.rules.push_back(std::move(rule));
  // The page the capture asked for is the picture, even at a listed URL.
  result.rules.push_back(json{{"trigger",
                               {{"url-filter", ".*"},
                                {"resource-type", {"document"}},
                                {"load-context", {"top-frame"}}}},
                              {"action", {{"type", "ignore-previous-rules"}}}});
  for (auto& rule : hiding)
    result.rules.push_back(std::move(rule));
  return result;
}

} // namespace pinhole::wpe
