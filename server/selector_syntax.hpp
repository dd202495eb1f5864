#pragma once

#include <string>

namespace pinhole {

/// Checks the shape of a CSS selector list before a capture is accepted:
/// not blank, at most `max_length` characters, no control characters,
/// strings and escapes closed, ( ) and [ ] balanced, no { } or ; outside
/// strings, and no list entry that is empty or starts or ends with a
/// combinator (">", "+", "~") or with ".", "#" or ":". Returns an empty
/// string when fine, else why not, prefixed with `field`.
///
/// The page's engine is the final judge (a pseudo-class it does not know,
/// say, passes here): the renderer fails such a capture with
/// SELECTOR_INVALID.
std::string check_selector_syntax(const std::string& field,
                                  const std::string& selector, int max_length);

} // namespace pinhole
