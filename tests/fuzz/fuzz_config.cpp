// libFuzzer target: the YAML configuration loader must accept a file or
// throw config_error naming what is wrong, never crash.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path =
    "/tmp/pinhole-fuzz-config-" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out.write(reinterpret_cast<const char*>(data),
              static_cast<std::streamsize>(size));
  }
  try {
    pinhole::load_settings({"--config", path},
                           boost::program_options::options_description{});
  } catch (const pinhole::config_error& e) {
    if (std::string{e.what()}.empty())
      __builtin_trap();
  }
  return 0;
}
