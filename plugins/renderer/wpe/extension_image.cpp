#include "plugins/renderer/wpe/extension_image.hpp"

#include <fstream>

// The module's bytes, placed in .rodata by the assembler (the build makes
// this file depend on the module, so it is embedded again when it
// changes).
asm(".section .rodata\n"
    ".balign 16\n"
    ".global pinhole_wpe_extension_start\n"
    ".hidden pinhole_wpe_extension_start\n"
    "pinhole_wpe_extension_start:\n"
    ".incbin \"" PINHOLE_WPE_EXTENSION_FILE "\"\n"
    ".global pinhole_wpe_extension_end\n"
    ".hidden pinhole_wpe_extension_end\n"
    "pinhole_wpe_extension_end:\n"
    ".previous\n");

extern "C" const char pinhole_wpe_extension_start[];
extern "C" const char pinhole_wpe_extension_end[];

namespace pinhole::wpe {

std::string write_web_extension(const std::string& folder) {
  auto path = folder + "/libpinhole-wpe-extension.so";
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out.write(pinhole_wpe_extension_start,
            pinhole_wpe_extension_end - pinhole_wpe_extension_start);
  out.close();
  if (!out)
    return "cannot write the web extension to " + path;
  return {};
}

} // namespace pinhole::wpe
