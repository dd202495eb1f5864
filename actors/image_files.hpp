#pragma once

#include <string>
#include <vector>

namespace pinhole {

/// Writes `bytes` to `path` atomically: a temp file beside it, fsync, rename.
/// A reader never sees a half-written image, even after a crash.
bool write_file_atomically(const std::string& path,
                           const std::vector<uint8_t>& bytes,
                           std::string& error);

/// Makes `to` a second name of the file `from` (a hard link; a copy where
/// links are not possible), so that deleting either leaves the other
/// whole. False (and `error`) when `from` is gone or `to` cannot be made.
bool share_file(const std::string& from, const std::string& to,
                std::string& error);

/// Reads a whole file; false (and `error`) when it cannot.
bool read_file(const std::string& path, std::string& out, std::string& error);

} // namespace pinhole
