#include "network/refusal_log.hpp"

namespace pinhole::network {

namespace {

/// Long enough for any render that saw the refusal to ask for its reason.
constexpr auto keep_for = std::chrono::minutes(5);
/// A flood of refusals must not grow the log without bound.
constexpr size_t max_entries = 4096;

std::string key_of(const std::string& host, int port) {
  return host + ":" + std::to_string(port);
}

} // namespace

void refusal_log::remember(const std::string& host, int port,
                           const std::string& why) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (entries_.size() >= max_entries) {
    auto now = clock::now();
    for (auto i = entries_.begin(); i != entries_.end();)
      i = now - i->second.when > keep_for ? entries_.erase(i) : std::next(i);
    if (entries_.size() >= max_entries)
      entries_.clear();
  }
  entries_[key_of(host, port)] = entry{why, clock::now()};
}

std::string refusal_log::recent(const std::string& host, int port) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto found = entries_.find(key_of(host, port));
  if (found == entries_.end() || clock::now() - found->second.when > keep_for)
    return "";
  return found->second.why;
}

} // namespace pinhole::network
