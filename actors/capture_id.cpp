#include "actors/capture_id.hpp"

#include <cstdio>
#include <stdexcept>

#include <openssl/rand.h>

namespace pinhole {

std::string make_capture_id() {
  unsigned char bytes[6];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  char out[32];
  std::snprintf(out, sizeof(out), "cap_%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
  return out;
}

bool is_capture_id(const std::string& text) {
  if (text.size() != 16 || text.compare(0, 4, "cap_") != 0)
    return false;
  for (size_t i = 4; i < text.size(); ++i) {
    char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  }
  return true;
}

} // namespace pinhole
