#include "plugins/network/refusal_log.hpp"

#include <chrono>
#include <map>
#include <mutex>

namespace pinhole::network {

namespace {

using clock = std::chrono::steady_clock;

constexpr auto keep_for = std::chrono::minutes(5);
constexpr size_t max_entries = 4096;

struct entry {
  std::string why;
  clock::time_point when;
};

std::mutex log_mutex;
std::map<std::string, entry> log_entries;

std::string key_of(const std::string& host, int port) {
  return host + ":" + std::to_string(port);
}

} // namespace

void remember_refusal(const std::string& host, int port,
                      const std::string& why) {
  std::lock_guard<std::mutex> guard{log_mutex};
  if (log_entries.size() >= max_entries) {
    auto now = clock::now();
    for (auto i = log_entries.begin(); i != log_entries.end();)
      i = now - i->second.when > keep_for ? log_entries.erase(i) : std::next(i);
    if (log_entries.size() >= max_entries)
      log_entries.clear(); // a flood of refusals: forget, stay bounded
  }
  log_entries[key_of(host, port)] = entry{why, clock::now()};
}

std::string recent_refusal(const std::string& host, int port) {
  std::lock_guard<std::mutex> guard{log_mutex};
  auto found = log_entries.find(key_of(host, port));
  if (found == log_entries.end() ||
      clock::now() - found->second.when > keep_for)
    return "";
  return found->second.why;
}

} // namespace pinhole::network
