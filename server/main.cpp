// Entry point: picks the subcommand and nothing else. Each command wires the
// parts together in its own file.

#include <cstring>
#include <iostream>
#include <malloc.h>
#include <string>
#include <vector>

#include "server/commands.hpp"

namespace {

const char* const usage = R"(pinhole - self-hosted web page screenshot service

Usage:
  pinhole serve   [--config FILE] [--<key> VALUE ...]   run the HTTP service
  pinhole capture URL -o out.png [options]              one screenshot, no server
  pinhole keys create --name NAME [--config FILE]       print a new API key
  pinhole worker  --connect HOST:PORT [--config FILE]   render for a coordinator

Run `pinhole <command> --help` for every flag of a command.
)";

} // namespace

int main(int argc, char** argv) {
  // Frames and pictures are megabytes each: keep such buffers in their own
  // mappings so freeing one gives the memory back (glibc would otherwise
  // raise the threshold and keep them in a heap that never shrinks).
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "help") == 0) {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "serve")
    return pinhole::run_serve(args);
  if (command == "capture")
    return pinhole::run_capture(args);
  if (command == "keys")
    return pinhole::run_keys(args);
  if (command == "worker")
    return pinhole::run_worker(args);
  std::cerr << "pinhole: unknown command '" << command << "'\n\n" << usage;
  return 2;
}
