#pragma once

#include <string>
#include <vector>

namespace pinhole {

/// Writes `bytes` to `path` atomically: a temp file beside it, fsync, rename.
/// A reader never sees a half-written image, even after a crash.
bool write_file_atomically(const std::string& path,
                           const std::vector<uint8_t>& bytes,
                           std::string& error);

/// Reads a whole file; false (and `error`) when it cannot.
bool read_file(const std::string& path, std::string& out, std::string& error);

} // namespace pinhole
