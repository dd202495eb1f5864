#include "actors/image_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace pinhole {

bool write_file_atomically(const std::string& path,
                           const std::vector<uint8_t>& bytes,
                           std::string& error) {
  auto tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    error = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  size_t written = 0;
  while (written < bytes.size()) {
    auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      error = "cannot write " + tmp + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = "cannot flush " + tmp + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + tmp + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

bool share_file(const std::string& from, const std::string& to,
                std::string& error) {
  if (::link(from.c_str(), to.c_str()) == 0)
    return true;
  if (errno == ENOENT) {
    error = "cannot share " + from + ": " + std::strerror(errno);
    return false;
  }
  // Another file system, or one without hard links: a copy.
  std::string bytes;
  if (!read_file(from, bytes, error))
    return false;
  return write_file_atomically(
    to, std::vector<uint8_t>(bytes.begin(), bytes.end()), error);
}

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = std::move(buf).str();
  return true;
}

} // namespace pinhole
