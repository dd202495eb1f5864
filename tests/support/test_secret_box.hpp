#pragma once

#include <cstdint>
#include <vector>

#include "plugins/common/secrets/secret_box.hpp"

namespace pinhole::test {

/// A secret box with a fixed key (byte `fill` 32 times): stores opened
/// again in a test see the same key, as after a restart.
inline secrets::secret_box test_secret_box(uint8_t fill = 7) {
  return secrets::secret_box{
    std::vector<uint8_t>(secrets::secret_box::key_size, fill)};
}

} // namespace pinhole::test
