#include "actors/capture_cache.hpp"

#include <caf/binary_serializer.hpp>

#include "config/sha256.hpp"

namespace pinhole {

std::string cache_key_of(const capture_options& options) {
  auto shaping = options;
  shaping.callback_url.clear();
  shaping.timeout_ms = 0;
  shaping.cache_ttl_s = 0;
  std::vector<char> bytes;
  caf::binary_serializer sink{nullptr, bytes};
  if (auto err = sink(shaping))
    return {}; // never cached (cannot happen for plain data)
  return sha256_hex(std::string{bytes.begin(), bytes.end()});
}

void capture_cache::remember(const capture_record& record) {
  if (record.state != capture_state::completed || record.cache_key.empty())
    return;
  auto& e = latest_[slot(record.owner, record.cache_key)];
  if (record.completed_at >= e.completed_at)
    e = entry{record.id, record.completed_at};
}

void capture_cache::forget(const capture_record& record) {
  auto found = latest_.find(slot(record.owner, record.cache_key));
  if (found != latest_.end() && found->second.id == record.id)
    latest_.erase(found);
}

std::string capture_cache::find(const std::string& owner,
                                const std::string& key,
                                timestamp_ms since) const {
  auto found = latest_.find(slot(owner, key));
  if (found == latest_.end() || found->second.completed_at < since)
    return {};
  return found->second.id;
}

} // namespace pinhole
