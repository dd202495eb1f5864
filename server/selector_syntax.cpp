#include "server/selector_syntax.hpp"

#include <vector>

namespace pinhole {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// Why the top-level list entry `entry` (outside strings and brackets
/// already checked) cannot be a selector, or empty.
std::string check_entry(const std::string& entry) {
  size_t first = 0;
  while (first < entry.size() && is_space(entry[first]))
    ++first;
  size_t last = entry.size();
  while (last > first && is_space(entry[last - 1]))
    --last;
  if (first == last)
    return "has an empty entry in its list";
  char start = entry[first];
  char end = entry[last - 1];
  if (start == '>' || start == '+' || start == '~')
    return std::string{"starts with the combinator '"} + start + "'";
  if (end == '>' || end == '+' || end == '~')
    return std::string{"ends with the combinator '"} + end + "'";
  // The last character may be an escaped one ("a\\.").
  bool escaped = last - first >= 2 && entry[last - 2] == '\\';
  if (!escaped && (end == '.' || end == '#' || end == ':'))
    return std::string{"ends with '"} + end + "' and no name";
  return {};
}

} // namespace

std::string check_selector_syntax(const std::string& field,
                                  const std::string& selector, int max_length) {
  auto refuse = [&](const std::string& why) {
    return field + " is not a valid CSS selector: it " + why;
  };
  if (selector.size() > static_cast<size_t>(max_length))
    return field + " must be at most " + std::to_string(max_length) +
           " characters";
  std::vector<char> open; // the brackets open at this point
  char quote = 0;         // the quote of the string we are in, or 0
  std::string entry;      // the current top-level list entry
  for (size_t i = 0; i < selector.size(); ++i) {
    char c = selector[i];
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && !is_space(c)) || byte == 0x7f)
      return refuse("contains a control character");
    if (c == '\\') {
      if (i + 1 == selector.size())
        return refuse("ends with a lone backslash");
      entry += c;
      entry += selector[++i];
      continue;
    }
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      entry += c;
      continue;
    }
    switch (c) {
      case '"':
      case '\'':
        quote = c;
        break;
      case '(':
      case '[':
        open.push_back(c);
        break;
      case ')':
      case ']':
        if (open.empty() || open.back() != (c == ')' ? '(' : '['))
          return refuse(std::string{"has an unmatched '"} + c + "'");
        open.pop_back();
        break;
      case '{':
      case '}':
      case ';':
        return refuse(std::string{"contains '"} + c + "'");
      case ',':
        if (open.empty()) {
          if (auto why = check_entry(entry); !why.empty())
            return refuse(why);
          entry.clear();
          continue;
        }
        break;
      default:
        break;
    }
    entry += c;
  }
  if (quote != 0)
    return refuse("has a string that is not closed");
  if (!open.empty())
    return refuse(std::string{"has an unclosed '"} + open.back() + "'");
  if (auto why = check_entry(entry); !why.empty())
    return refuse(why == "has an empty entry in its list" &&
                      selector.find(',') == std::string::npos
                    ? "is empty"
                    : why);
  return {};
}

} // namespace pinhole
