#pragma once

#include <string>

namespace pinhole {

/// "cap_" + 12 lowercase hex digits from a cryptographic RNG, so ids can not
/// be guessed from one another.
std::string make_capture_id();

/// True for strings of the form make_capture_id() produces.
bool is_capture_id(const std::string& text);

} // namespace pinhole
