#pragma once

#include <stdexcept>
#include <string>

namespace pinhole {

/// A configuration problem; the message names the key or flag to fix.
class config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace pinhole
