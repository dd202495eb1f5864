// libFuzzer target: the submit body parser/validator must answer every input
// with options or a failure, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/request_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pinhole::capture_settings limits;
  auto result = pinhole::parse_capture_request(
    std::string(reinterpret_cast<const char*>(data), size), limits);
  // A success always carries a URL; a failure always says why.
  if (result.error.ok() && result.options.url.empty())
    __builtin_trap();
  if (!result.error.ok() && result.error.message.empty())
    __builtin_trap();
  return 0;
}
