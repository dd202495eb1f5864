#pragma once

#include <string>

namespace pinhole::wpe {

/// Writes the web extension built into this binary (extension/) to
/// `folder`/libpinhole-wpe-extension.so, the folder WebKit's WebProcesses
/// load extensions from. Returns "" or why it could not.
std::string write_web_extension(const std::string& folder);

} // namespace pinhole::wpe
